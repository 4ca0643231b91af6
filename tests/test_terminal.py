"""lokalservice in a real terminal (tmux, running bash): help that fits 80 columns, completion installed and used with
the Tab key, and tables written into a pipe or a file as wide as the terminal that shows them."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from conftest import program_path

BIN = Path(sys.executable).parent  # the lokalservice of this virtual environment
TODAY = "2009-03-01"


class Terminal:
    """A tmux window of a given size running bash without any start-up files, on a private server."""

    def __init__(self, home: Path, width: int = 80, height: int = 40) -> None:
        self.socket = f"lokalservice-{uuid.uuid4().hex[:8]}"
        self.home = home
        environment = {
            "HOME": str(home),
            "PATH": f"{BIN}:/usr/bin:/bin",
            "TERM": "xterm-256color",
            "LANG": "C.UTF-8",
            "PS1": "$ ",
            "LOKALSERVICE_CACHE": str(home / "cache"),
        }
        self.tmux(
            "-f",
            "/dev/null",
            "new-session",
            "-d",
            "-x",
            str(width),
            "-y",
            str(height),
            "env",
            "-i",
            *(f"{k}={v}" for k, v in environment.items()),
            "bash",
            "--norc",
            "--noprofile",
        )
        self.wait_for("$")

    def tmux(self, *args: str) -> str:
        return subprocess.run([program_path("tmux") or "tmux", "-L", self.socket, *args], check=True, capture_output=True, text=True).stdout

    def type(self, keys: str, enter: bool = True) -> None:
        self.tmux("send-keys", "-t", "0", "-l", keys)
        if enter:
            self.tmux("send-keys", "-t", "0", "Enter")

    def tab(self) -> None:
        self.tmux("send-keys", "-t", "0", "Tab")

    def screen(self) -> str:
        """The window's text, a wrapped line joined again (-J): a line longer than the window shows as longer."""
        return self.tmux("capture-pane", "-p", "-J", "-t", "0", "-S", "-2000")

    def wait_for(self, text: str, timeout: float = 30) -> str:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.1)
        raise AssertionError(f"{text!r} never appeared:\n{self.screen()}")

    def run(self, command: str) -> str:
        """Run a command line and return what it printed (between the command and the next prompt)."""
        marker = uuid.uuid4().hex[:6]
        self.type(f"{command}; echo done-{marker}")
        screen = self.wait_for(f"\ndone-{marker}")
        return screen.split(f"echo done-{marker}\n", 1)[1].split(f"done-{marker}")[0]

    def close(self) -> None:
        socket = self.tmux("display-message", "-p", "#{socket_path}").strip()
        subprocess.run([program_path("tmux") or "tmux", "-L", self.socket, "kill-server"], capture_output=True)
        Path(socket).unlink(missing_ok=True)  # the server is gone; its socket file need not stay in /tmp


@pytest.fixture
def terminal(tmp_path):
    opened: list[Terminal] = []

    def open_(width: int = 80) -> Terminal:
        made = Terminal(tmp_path, width)
        opened.append(made)
        return made

    yield open_
    for made in opened:
        made.close()


@pytest.mark.program("tmux")
def test_help_fits_80_columns_in_a_real_terminal(terminal):
    shell = terminal(80)
    for command in (
        "lokalservice --lang sv --help",
        "lokalservice --lang en --help",
        "lokalservice --lang sv reply --help",
        "lokalservice --lang sv reply add --help",
    ):
        shown = shell.run(command)
        assert all(len(line) <= 80 for line in shown.splitlines()), shown
        listed = shown.split("Kommandon:" if " --lang sv" in command else "Commands:")[-1]
        assert "..." not in listed, shown  # no description cut mid-phrase
        assert "{" not in shown.splitlines()[0], shown
    assert "  remind         Vilka som ska påminnas, och påminnelserna\n" in shell.run("lokalservice --lang sv --help")


@pytest.mark.program("tmux")
def test_completion_installs_in_swedish_and_completes_ids_with_tab(terminal, tmp_path):
    shell = terminal(100)
    installed = shell.run("lokalservice --lang sv --install-completion")
    assert f"Kompletteringen för bash är installerad i {tmp_path}/.bash_completions/lokalservice.sh." in installed
    assert "Den fungerar i terminaler som öppnas från och med nu" in installed
    shell.run("source ~/.bashrc; cd ~")  # what a new terminal does
    shell.type("lokalservice mail fragor-2009 --only alv", enter=False)
    shell.tab()
    shell.wait_for("--only alvdalen ")  # the sample's organisation id, not a file name
    shell.tmux("send-keys", "-t", "0", "C-u")
    shell.type("lokalservice reply add fragor-2009 dor", enter=False)
    shell.tab()
    shell.wait_for("reply add fragor-2009 dorotea ")
    shell.tmux("send-keys", "-t", "0", "C-u")
    shell.type("lokalservice rep", enter=False)
    shell.tab()
    shell.tab()
    screen = shell.wait_for("report")
    assert "replies" in screen and "reply" in screen


@pytest.mark.program("tmux")
def test_a_table_in_a_pipe_or_file_is_as_wide_as_the_terminal(terminal, tmp_path):
    shell = terminal(100)
    shell.run(f"lokalservice --today {TODAY} lists > {tmp_path}/wide.txt 2>/dev/null")
    shell.run(f"lokalservice --today {TODAY} organisations --width 60 > {tmp_path}/narrow.txt 2>/dev/null")
    shell.run(f"COLUMNS=70 lokalservice --today {TODAY} organisations > {tmp_path}/columns.txt 2>/dev/null")
    widest = {name: max(map(len, (tmp_path / f"{name}.txt").read_text().splitlines())) for name in ("wide", "narrow", "columns")}
    assert 80 < widest["wide"] <= 100, widest  # the terminal's 100 columns, known from /dev/tty though stdout and stderr are files
    assert widest["narrow"] <= 60 and widest["columns"] <= 70, widest
    piped = shell.run(f"lokalservice --today {TODAY} lists 2>/dev/null | cat")
    assert 80 < max(map(len, piped.splitlines())) <= 100


def test_a_table_with_no_terminal_at_all_is_80_wide(tmp_path):
    """No terminal anywhere (a cron job, CI): 80 columns, whatever the tool was run from."""
    setsid = shutil.which("setsid")
    if setsid is None:
        pytest.skip("setsid (util-linux) is not here")
    environment = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")} | {"LOKALSERVICE_CACHE": str(tmp_path / "cache")}
    done = subprocess.run(
        [setsid, "-w", str(BIN / "lokalservice"), "--today", TODAY, "lists"], capture_output=True, text=True, stdin=subprocess.DEVNULL, env=environment
    )
    assert done.returncode == 0, done.stderr
    assert 70 < max(map(len, done.stdout.splitlines())) <= 80
