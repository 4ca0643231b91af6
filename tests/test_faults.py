"""Faults of the file system: real ones where this machine allows (a tiny tmpfs, a read-only mount, links, folders),
injected OSErrors where it does not. Every one is one clear line naming the path, a non-zero exit, no traceback,
and the data folder exactly as it was; a file that cannot be read is never "no records"."""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
import subprocess
import uuid
from pathlib import Path

import pytest
from conftest import no_traceback, write_folder
from test_letters import FILES

from lokalservice.source import fsio

TODAY = "2009-03-05"


def snapshot(folder: Path) -> dict[str, str]:
    """Every file below `folder` (hidden ones too) and a hash of its bytes; folders as such. The lock file stays once made
    (an empty file: removing it would let two writers lock different files), so it does not count."""
    found = {}
    for path in sorted(folder.rglob("*")):
        if path.name == ".lokalservice.lock":
            continue
        name = str(path.relative_to(folder))
        found[name] = "folder" if path.is_dir() else hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "other"
    return found


def can_mount() -> bool:
    if os.geteuid() != 0 or not shutil.which("mount"):
        return False
    probe = Path(f"/tmp/lokalservice-probe-{uuid.uuid4().hex}")
    probe.mkdir()
    try:
        return (
            subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(probe)], capture_output=True).returncode == 0
            and not subprocess.run(["umount", str(probe)]).returncode
        )
    finally:
        probe.rmdir()


REAL = can_mount()


class Disk:
    """A small disk of its own (a tmpfs) holding a data folder: it can be filled up, or made read-only."""

    def __init__(self, root: Path) -> None:
        self.root = root
        subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(root)], check=True)
        self.folder = write_folder(root / "data", FILES)

    def fill(self) -> None:
        """Use up every byte, so that the next write fails with 'No space left on device'."""
        descriptor = os.open(self.root / "filler", os.O_WRONLY | os.O_CREAT)
        try:
            while True:
                os.write(descriptor, b"\0" * 1024)
        except OSError as error:
            assert error.errno == errno.ENOSPC
        finally:
            os.close(descriptor)

    def read_only(self) -> None:
        subprocess.run(["mount", "-o", "remount,ro", str(self.root)], check=True)

    def close(self) -> None:
        subprocess.run(["umount", str(self.root)], check=True)


@pytest.fixture
def disk(tmp_path):
    if not REAL:
        pytest.skip("needs root and tmpfs; the injected faults below cover this machine")  # pragma: no cover
    root = tmp_path / "disk"
    root.mkdir()
    made = Disk(root)
    yield made
    made.close()


def injected(monkeypatch, number: int) -> None:
    """Make the next write of a data or output file fail as the disk would (where no real fault can be made)."""

    def fail(*args, **kwargs):
        raise OSError(number, os.strerror(number))

    monkeypatch.setattr(fsio.os, "fsync", fail)


# Every command that writes a data or output file, as (arguments after -d DATA, the file it names in a fault).
WRITERS = {
    "reply add": (["--today", TODAY, "reply", "add", "brev", "asele", "--received", "2009-03-02"], "replies.yaml"),
    "reply add --replace": (["--today", TODAY, "reply", "add", "brev", "dorotea", "--received", "2009-02-21", "--replace"], "replies.yaml"),
    "reply remove": (["reply", "remove", "brev", "dorotea"], "replies.yaml"),
    "export ics --output": (["--today", TODAY, "export", "ics", "--output", "{data}/kalender.ics"], "kalender.ics"),
}


def run_fault(cli, folder: Path, args: list[str]):
    before = snapshot(folder)
    result = cli("--lang", "en", "-d", folder, *[a.replace("{data}", str(folder)) for a in args])
    assert no_traceback(result), result.output
    assert result.exit_code == 1, result.stderr
    assert snapshot(folder) == before  # the old files, and no temporary or lock file left behind
    return result


@pytest.mark.parametrize("name", WRITERS)
def test_a_full_disk(cli, disk, name):
    args, file = WRITERS[name]
    disk.fill()
    result = run_fault(cli, disk.folder, args)
    assert f"{file}: " in result.stderr and "the disk is full" in result.stderr and "nothing" in result.stderr


@pytest.mark.parametrize("name", WRITERS)
def test_a_read_only_disk(cli, disk, name):
    args, file = WRITERS[name]
    disk.read_only()
    result = run_fault(cli, disk.folder, args)
    assert "the disk is read-only" in result.stderr
    assert file in result.stderr or ".lokalservice.lock" in result.stderr  # the write, or the lock before it


@pytest.mark.parametrize("name", WRITERS)
@pytest.mark.parametrize("number, words", [(errno.ENOSPC, "the disk is full"), (errno.EIO, "the disk or network share did not answer")])
def test_injected_write_faults(cli, folder, monkeypatch, name, number, words):
    args, file = WRITERS[name]
    path = folder(FILES)
    injected(monkeypatch, number)
    result = run_fault(cli, path, args)
    assert f"{file}: could not be written: {words}" in result.stderr


def test_a_folder_that_cannot_be_written_to(cli, folder, monkeypatch):
    """No permission: real with chmod when not root (root may write anywhere), else the error the system would give."""
    path = folder(FILES)
    if os.geteuid() != 0:
        path.chmod(0o555)  # pragma: no cover - the CI runs as root
    else:
        real_open = os.open

        def refuse(name, flags, *args, **kwargs):
            if flags & os.O_CREAT:
                raise PermissionError(errno.EACCES, "Permission denied", name)
            return real_open(name, flags, *args, **kwargs)

        monkeypatch.setattr(os, "open", refuse)
    try:
        result = run_fault(cli, path, WRITERS["reply add"][0])
    finally:
        path.chmod(0o755)
    assert "the folder cannot be written to (no permission); nothing was written" in result.stderr


def test_an_output_folder_that_does_not_exist(cli, folder):
    path = folder(FILES)
    result = run_fault(cli, path, ["--today", TODAY, "export", "ics", "--output", "/no/such/folder/x.ics"])
    assert "/no/such/folder/x.ics: could not be written: the folder does not exist; nothing was changed" in result.stderr


def test_an_output_name_that_is_a_folder(cli, folder):
    path = folder(FILES)
    (path / "kalender.ics").mkdir()
    result = run_fault(cli, path, ["--today", TODAY, "export", "ics", "--output", str(path / "kalender.ics")])
    assert "kalender.ics: could not be written: it is a folder, not a file; nothing was changed" in result.stderr


def test_an_output_to_a_device(cli, folder, tmp_path):
    """A device is not a folder: /dev/full says it is full, /dev/null and a named pipe take the answer as it is."""
    path = folder(FILES)
    result = run_fault(cli, path, ["--today", TODAY, "export", "ics", "--output", "/dev/full"])
    assert "/dev/full: is a device, not a file, and did not take what was written: the device is full" in result.stderr
    assert "folder" not in result.stderr
    assert cli("-d", path, "--today", TODAY, "export", "ics", "--output", "/dev/null").exit_code == 0
    import os
    import threading

    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(pipe.read_bytes()))
    reader.start()
    assert cli("-d", path, "--today", TODAY, "export", "ics", "--output", pipe).exit_code == 0
    reader.join(10)
    assert received[0].startswith(b"BEGIN:VCALENDAR") and pipe.exists()  # the pipe itself is still there, not replaced


def test_init_on_a_full_disk_leaves_nothing(cli, disk):
    disk.fill()
    target = disk.root / "ny"
    result = cli("--lang", "en", "init", target, "--designation", "Fi 2026:01", "--title", "Ny")
    assert no_traceback(result) and result.exit_code == 1
    assert "the disk is full" in result.stderr
    assert not target.exists()


# --- A file that cannot be read is never "no records" --------------------------------------------------------------


def broken_link(path: Path) -> None:
    (path / "replies.yaml").unlink()
    (path / "replies.yaml").symlink_to(path / "moved-share" / "replies.yaml")


def a_folder(path: Path) -> None:
    (path / "replies.yaml").unlink()
    (path / "replies.yaml").mkdir()


def vanishing(path: Path, monkeypatch) -> None:
    real_open = open

    def gone(name, *args, **kwargs):
        if str(name).endswith("replies.yaml"):
            raise FileNotFoundError(errno.ENOENT, "No such file or directory", str(name))
        return real_open(name, *args, **kwargs)

    monkeypatch.setattr(fsio, "open", gone, raising=False)


def unreadable(path: Path, monkeypatch) -> None:
    if os.geteuid() != 0:
        (path / "replies.yaml").chmod(0)  # pragma: no cover - the CI runs as root
        return
    real_open = open

    def refuse(name, *args, **kwargs):
        if str(name).endswith("replies.yaml"):
            raise PermissionError(errno.EACCES, "Permission denied", str(name))
        return real_open(name, *args, **kwargs)

    monkeypatch.setattr(fsio, "open", refuse, raising=False)


READ_FAULTS = {
    "a broken link": (lambda path, _: broken_link(path), "replies.yaml: is a link to {data}/moved-share/replies.yaml, which does not exist"),
    "a folder": (lambda path, _: a_folder(path), "replies.yaml: is a folder, not a file"),
    "no permission": (unreadable, "replies.yaml: cannot be read: no permission to read it"),
    "gone while read": (vanishing, "replies.yaml: disappeared while it was being read"),
}


@pytest.mark.parametrize("name", READ_FAULTS)
def test_a_file_that_cannot_be_read_is_an_error_never_no_records(cli, folder, monkeypatch, name):
    make, expected = READ_FAULTS[name]
    path = folder(FILES)
    make(path, monkeypatch)
    expected = expected.replace("{data}", str(path))
    try:
        check = cli("--lang", "en", "-d", path, "check")
        assert check.exit_code == 1 and f"{path}/{expected}" in check.stderr, check.stderr
        replies = cli("--lang", "en", "-d", path, "--today", TODAY, "replies", "brev", "--format", "json")
        assert replies.exit_code == 1 and replies.stdout == "" and expected in replies.stderr  # never "nobody has replied"
        remind = cli("--lang", "en", "-d", path, "--today", "2009-03-20", "remind", "brev")
        assert remind.exit_code == 1 and remind.stdout == ""  # never a påminnelse to those who answered
        deadlines = cli("--lang", "en", "-d", path, "--today", TODAY, "deadlines")
        assert deadlines.exit_code == 1 and "This answer leaves out: brev" in deadlines.stderr
        before = snapshot(path) if name != "no permission" else None
        added = cli("--lang", "en", "-d", path, "reply", "add", "brev", "asele", "--received", "2009-03-02")
        assert no_traceback(added) and added.exit_code == 1 and expected in added.stderr
        if before is not None:
            assert snapshot(path) == before
    finally:
        (path / "replies.yaml").chmod(0o644) if (path / "replies.yaml").is_file() else None


def test_only_a_name_that_does_not_exist_means_none(cli, folder):
    path = folder(FILES)
    (path / "replies.yaml").unlink()
    check = cli("--lang", "en", "-d", path, "check")
    assert check.exit_code == 0, check.stderr
    data = cli("--lang", "en", "-d", path, "--today", TODAY, "replies", "brev", "--format", "json")
    assert data.exit_code == 0 and '"replied": []' in data.stdout


# --- The cache is an optimisation: its faults never stop a command ------------------------------------------------


@pytest.mark.parametrize("fault", ["a file", "read-only", "full"])
def test_a_cache_that_cannot_be_used_never_stops_a_command(cli, folder, tmp_path, fault, request):
    path = folder(FILES)
    cache = tmp_path / "cache"
    if fault == "a file":
        cache.write_text("not a folder")
    elif not REAL:
        pytest.skip("needs root and tmpfs")  # pragma: no cover
    else:
        cache.mkdir()
        subprocess.run(["mount", "-t", "tmpfs", "-o", "size=16k", "tmpfs", str(cache)], check=True)
        request.addfinalizer(lambda: subprocess.run(["umount", str(cache)], check=True))
        if fault == "read-only":
            subprocess.run(["mount", "-o", "remount,ro", str(cache)], check=True)
        else:
            Disk.fill(type("Full", (), {"root": cache})())  # type: ignore[arg-type]
    result = cli("--lang", "en", "-d", path, "--today", TODAY, "replies", "brev", "--format", "json", env={"LOKALSERVICE_CACHE": str(cache)})
    assert result.exit_code == 0, result.stderr
    assert '"letter": "brev"' in result.stdout and result.stderr == ""
