"""The file system: reading a data file, writing a file whole, and saying in words what went wrong.

A name that does not exist at all is "none of that kind"; anything else that cannot be read as a
regular file (a broken link, a folder, no permission, a file gone while being read) is a fault
that names the file. A write leaves the old file or the new one, never half of one, and no
temporary file behind.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from pathlib import Path

from ..i18n import M
from ..model.problems import FileFault

_REASONS = {
    errno.ENOSPC: M("the disk is full"),
    errno.EDQUOT: M("the disk quota is used up"),
    errno.EROFS: M("the disk is read-only"),
    errno.EISDIR: M("it is a folder, not a file"),
    errno.ENOTDIR: M("a part of the path is not a folder"),
    errno.ELOOP: M("the symbolic links go round in a circle"),
    errno.EIO: M("the disk or network share did not answer (input/output error)"),
    errno.ENAMETOOLONG: M("the name is too long"),
    errno.EMFILE: M("too many files are open"),
    errno.EEXIST: M("something by that name is there already"),
    errno.EBUSY: M("another program is using it"),
    errno.EXDEV: M("it is on another disk"),
    errno.ETIMEDOUT: M("the network share did not answer in time"),
    errno.ENODEV: M("there is no such device"),
    errno.ENXIO: M("there is no such device"),
    errno.ENETUNREACH: M("the network cannot reach it"),
    errno.EHOSTUNREACH: M("the network cannot reach it"),
}


def reason(error: OSError, writing: bool = False) -> M:
    """Why an operation failed, in words a secretary understands."""
    if error.errno in (errno.EACCES, errno.EPERM):
        return M("the folder cannot be written to (no permission)") if writing else M("no permission to read it")
    if error.errno == errno.ENOENT:
        return M("the folder does not exist") if writing else M("it does not exist")
    known = _REASONS.get(error.errno or 0)
    return known if known is not None else M("{reason}", reason=error.strerror or type(error).__name__)


def read_bytes(path: Path, name: str) -> bytes | None:
    """The bytes of a data file; None when nothing by that name exists; FileFault when it exists but cannot be read."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        if os.path.lexists(path):
            raise FileFault(M("{file}: is a link to {target}, which does not exist", file=name, target=os.readlink(path))) from None
        return None
    except OSError as error:
        raise FileFault(M("{file}: cannot be read: {reason}", file=name, reason=reason(error))) from None
    if stat.S_ISDIR(info.st_mode):
        raise FileFault(M("{file}: is a folder, not a file", file=name))
    if not stat.S_ISREG(info.st_mode):
        raise FileFault(M("{file}: is not a regular file", file=name))
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except FileNotFoundError:
        raise FileFault(M("{file}: disappeared while it was being read", file=name)) from None
    except OSError as error:
        raise FileFault(M("{file}: cannot be read: {reason}", file=name, reason=reason(error))) from None


def read_text(path: Path, name: str | None = None) -> tuple[str, M | None]:
    """A text file handed in (a message's body, a template) read as people save them: UTF-8 with or without a BOM,
    UTF-16 with a BOM, or Windows-1252 (Notepad's "ANSI") when the bytes are not UTF-8, with a note saying so.
    Anything else, or text that already holds a replacement character (�), is refused: nothing garbled leaves."""
    import codecs

    name = name or str(path)
    raw = read_bytes(path, name)
    if raw is None:
        raise FileFault(M("{file}: it does not exist", file=name))
    note = None
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = _decoded(raw, "utf-16", name)
    else:
        encoding, note = encoding_of(raw.splitlines(keepends=True), name)
        text = _decoded(raw, encoding, name)
    if "\x00" in text:
        raise FileFault(M("{file}: holds NUL characters: it is not a text file", file=name))
    if "\ufffd" in text:
        line = text[: text.index("\ufffd")].count("\n") + 1
        raise FileFault(
            M("{file}: line {line} holds the character �, which stands for text lost when the file was saved; write that text again", file=name, line=line)
        )
    return text, note


# A letter beyond ASCII as UTF-8 writes it; in Windows-1252 text these pairs (such as 'Ã¥' for å) hardly ever stand.
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


def encoding_of(parts: list[bytes], name: str, rows: bool = False) -> tuple[str, M | None]:
    """The one encoding of a whole file, from its parts (its lines, or a sheet's rows): UTF-8 (with or without a BOM)
    when every part is UTF-8; Windows-1252 (with a note saying so) only when no part is UTF-8 beyond plain ASCII. A
    file that mixes the two (a row pasted in from another program), or holds a byte that neither reads, is refused
    naming the first part at fault: a guess would write å, ä and ö as Ã¥, Ã¤ and Ã¶."""
    bom = bool(parts) and parts[0].startswith(b"\xef\xbb\xbf")
    utf8: list[int] = [1] if bom else []
    other: list[int] = []
    for number, part in enumerate(parts, start=1):
        if part.isascii():
            continue
        if _is_utf8(part):
            utf8.append(number)
            continue
        try:
            part.decode("cp1252")
        except UnicodeDecodeError as error:
            byte = f"{part[error.start]:02x}"
            if rows:
                raise FileFault(
                    M("{file}: row {n}: byte 0x{byte} is text neither in UTF-8 nor in Windows-1252; save the file as UTF-8", file=name, n=number, byte=byte)
                ) from None
            raise FileFault(
                M("{file}: line {line}: byte 0x{byte} is not text in UTF-8, UTF-16 or Windows-1252; save the file as UTF-8", file=name, line=number, byte=byte)
            ) from None
        if _UTF8_SEQUENCE.search(part):  # UTF-8 letters and others in the one part
            mixed = (
                M("{file}: row {n} mixes two encodings (UTF-8 and Windows-1252)", file=name, n=number)
                if rows
                else M("{file}: line {n} mixes two encodings (UTF-8 and Windows-1252)", file=name, n=number)
            )
            raise FileFault(mixed + _save_as_utf8(rows))
        other.append(number)
    if not other:
        return "utf-8-sig", None
    if utf8 and utf8[0] < other[0]:  # the file begins as UTF-8 (or says so with its BOM): the first other part is at fault
        values = {"file": name, "n": other[0], "utf8": utf8[0]}
        mixed = (
            M("{file}: row {n} is not UTF-8, while row {utf8} is: the file mixes two encodings (UTF-8 and Windows-1252)", **values)
            if rows
            else M("{file}: line {n} is not UTF-8, while line {utf8} is: the file mixes two encodings (UTF-8 and Windows-1252)", **values)
        )
        raise FileFault(mixed + _save_as_utf8(rows))
    if utf8:
        values = {"file": name, "n": utf8[0], "other": other[0]}
        mixed = (
            M("{file}: row {n} is UTF-8, while row {other} is not: the file mixes two encodings (UTF-8 and Windows-1252)", **values)
            if rows
            else M("{file}: line {n} is UTF-8, while line {other} is not: the file mixes two encodings (UTF-8 and Windows-1252)", **values)
        )
        raise FileFault(mixed + _save_as_utf8(rows))
    return "cp1252", M("{file}: read as Windows-1252 (ANSI), since it is not UTF-8; save it as UTF-8 to be sure of å, ä and ö", file=name)


def _save_as_utf8(rows: bool) -> M:
    return M("; save it again as UTF-8 (in Excel: CSV UTF-8) and read that") if rows else M("; save it again as UTF-8 and read that")


def _is_utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _decoded(raw: bytes, encoding: str, name: str) -> str:
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        byte = f"{raw[error.start]:02x}"
        raise FileFault(
            M("{file}: line {line}: byte 0x{byte} is not text in UTF-8, UTF-16 or Windows-1252; save the file as UTF-8", file=name, line=line, byte=byte)
        ) from None


def write_atomically(path: Path, data: bytes, name: str | None = None) -> None:
    """Replace the file at `path` (a link's target) with `data`: the old file or the new one, never half of it.

    A fault is a FileFault naming the file, and leaves the old file as it was and no temporary file."""
    import tempfile  # only when writing: it costs every reading command's start-up otherwise

    name = name or str(path)
    if os.path.islink(path):
        path = Path(os.path.realpath(path))
    if path.is_dir():
        raise FileFault(M("{file}: could not be written: {reason}; nothing was changed", file=name, reason=_REASONS[errno.EISDIR]))
    if path.exists() and not path.is_file():
        _write_to_device(path, data, name)
        return
    temporary = None
    try:
        descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        mode = path.stat().st_mode & 0o7777 if path.exists() else 0o666 & ~_umask()
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except OSError as error:
        if temporary is not None and os.path.exists(temporary):
            os.unlink(temporary)
        raise FileFault(M("{file}: could not be written: {reason}; nothing was changed", file=name, reason=reason(error, writing=True))) from None
    except BaseException:
        if temporary is not None and os.path.exists(temporary):
            os.unlink(temporary)
        raise
    _sync_directory(path.parent)


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def _sync_directory(folder: Path) -> None:
    """Make the rename itself durable where the system allows it (Windows cannot open a folder)."""
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass
    finally:
        os.close(handle)


def _write_to_device(path: Path, data: bytes, name: str) -> None:
    """An answer for a device or a pipe (/dev/null, /dev/stdout, a named pipe): written into it as it is, since it
    cannot be replaced; a refusal says that it is a device, and what it said (/dev/full: full)."""
    try:
        with open(path, "wb") as handle:
            handle.write(data)
    except OSError as error:
        why = M("the device is full") if error.errno == errno.ENOSPC else reason(error, writing=True)
        raise FileFault(M("{file}: is a device, not a file, and did not take what was written: {reason}", file=name, reason=why)) from None
