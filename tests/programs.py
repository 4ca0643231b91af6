"""The programs from outside Python that some tests drive, and the Debian packages that provide them.

python3 tests/programs.py      # the packages of those that are missing here (.ci/run installs them)
"""

from __future__ import annotations

import shutil
import sys

PROGRAMS = {  # the command a test runs: the Debian packages that provide it
    "chromium": "chromium",
    "khal": "khal",
    "soffice": "libreoffice-calc-nogui",
    "git": "git",
    "dovecot": "dovecot-imapd",
    "openssl": "openssl",
}


def program_path(name: str) -> str | None:
    """Where a program is: on PATH, or in the system folders a Debian package puts it (dovecot is in /usr/sbin)."""
    return shutil.which(name) or shutil.which(name, path="/usr/sbin:/sbin")


def missing_packages() -> list[str]:
    return sorted({package for name, packages in PROGRAMS.items() if not program_path(name) for package in packages.split()})


if __name__ == "__main__":
    print(" ".join(missing_packages()))
    sys.exit(0)
