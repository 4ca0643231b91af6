"""The programs from outside Python that some tests drive, and the Debian packages that provide them; and axe-core,
the accessibility checker the report's browser test runs, from the npm registry.

python3 tests/programs.py      # the packages of those that are missing here (.ci/run installs them)
python3 tests/programs.py axe  # install axe-core into tests/.axe (with npm; .ci/run does it; the test does it too)
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

PROGRAMS = {  # the command a test runs: the Debian packages that provide it
    "chromium": "chromium",
    "khal": "khal",
    "soffice": "libreoffice-calc-nogui libreoffice-writer-nogui",  # Calc opens the .xlsx files, Writer the .docx letters
    "pdftotext": "poppler-utils",
    "git": "git",
    "tmux": "tmux",  # a real terminal for help and completion (tests/test_terminal.py)
    "openssl": "openssl",  # a private CA and server certificates for the mail and IMAP servers (tests/test_mail_tls.py, tests/test_scan.py)
    "pdftoppm": "poppler-utils",  # the report printed to A4 by chromium, looked at page by page (tests/test_report.py)
    "npm": "npm",  # to install axe-core (below)
    "dovecot": "dovecot-imapd",  # a real IMAP server for reply scan, started rootless on 127.0.0.1 (tests/imapserver.py)
}


def program_path(name: str) -> str | None:
    """Where a program is: on PATH, or in the system folders a Debian package puts it (dovecot is in /usr/sbin)."""
    return shutil.which(name) or shutil.which(name, path="/usr/sbin:/sbin")


def missing_packages() -> list[str]:
    return sorted({package for name, packages in PROGRAMS.items() if not program_path(name) for package in packages.split()})


# axe-core (MPL-2.0, Deque Systems): the rules WCAG checkers use, run inside the page by the report's browser test. Not
# kept in the repository: installed from the npm registry at this exact version into tests/.axe (ignored by git).
AXE_VERSION = "4.14.1"
AXE_HOME = Path(__file__).parent / ".axe"


def axe_core() -> Path | None:
    """axe.min.js at AXE_VERSION, installed with npm when it is not here yet; None when npm is not here either."""
    script = AXE_HOME / "node_modules" / "axe-core" / "axe.min.js"
    if script.exists() and f"axe v{AXE_VERSION}" in script.read_text("utf-8")[:100]:
        return script
    npm = program_path("npm")
    if npm is None:
        return None
    command = [npm, "install", "--no-save", "--no-package-lock", "--no-audit", "--no-fund", "--prefix", str(AXE_HOME), f"axe-core@{AXE_VERSION}"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300)
    if done.returncode != 0:
        raise RuntimeError(f"npm could not install axe-core {AXE_VERSION}: {done.stderr}")
    return script


if __name__ == "__main__":
    if sys.argv[1:] == ["axe"]:
        print(axe_core() or "npm is missing: apt-get install npm")
    else:
        print(" ".join(missing_packages()))
    sys.exit(0)
