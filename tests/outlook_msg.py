"""A minimal writer of Outlook .msg files for the tests: no library writes them (olefile only rewrites streams of an
existing file), so this one writes the Compound File Binary format ([MS-CFB], version 3: 512-byte sectors, a mini
stream for streams under 4096 bytes) holding the MAPI properties [MS-OXMSG] says a message has: its class, subject,
body, the internet headers Outlook keeps (PR_TRANSPORT_MESSAGE_HEADERS), its Message-ID, In-Reply-To, References, the
delivery time, and attachments by value. What python-oxmsg reads back is what Outlook would have saved.
"""

from __future__ import annotations

import struct
from datetime import datetime, timezone

FREE, END, FAT_SECTOR = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD
NONE = 0xFFFFFFFF
SECTOR, MINI, CUTOFF = 512, 64, 4096
STRING, BINARY, TIME, INT32 = 0x001F, 0x0102, 0x0040, 0x0003


class Entry:
    def __init__(self, name: str, kind: int, data: bytes = b"", children: list[Entry] | None = None) -> None:
        self.name, self.kind, self.data, self.children = name, kind, data, children or []
        self.left = self.right = self.child = NONE
        self.start, self.size = END, len(data)


def _storage(name: str, props: list[tuple[int, int, object]], header: bytes, children: list[Entry] | None = None) -> Entry:
    """A storage of MAPI properties: the fixed-size values in __properties_version1.0, the others in __substg1.0_ streams."""
    segments, streams = [], []
    for pid, ptyp, value in props:
        tag = struct.pack("<HH", ptyp, pid)
        if ptyp == STRING:
            data = str(value).encode("utf-16-le")  # the stream without a terminator; its size in the segment counts one
            streams.append(Entry(f"__substg1.0_{pid:04X}{ptyp:04X}", 2, data))
            segments.append(tag + struct.pack("<III", 6, len(data) + 2, 0))
        elif ptyp == BINARY:
            data = bytes(value)  # type: ignore[call-overload]
            streams.append(Entry(f"__substg1.0_{pid:04X}{ptyp:04X}", 2, data))
            segments.append(tag + struct.pack("<III", 6, len(data), 0))
        elif ptyp == TIME:
            moment = value if isinstance(value, datetime) else datetime.now(timezone.utc)
            ticks = int((moment - datetime(1601, 1, 1, tzinfo=timezone.utc)).total_seconds() * 10_000_000)
            segments.append(tag + struct.pack("<IQ", 6, ticks))
        else:
            segments.append(tag + struct.pack("<IiI", 6, int(value), 0))  # type: ignore[call-overload]
    properties = Entry("__properties_version1.0", 2, header + b"".join(segments))
    return Entry(name, 1, children=[properties, *streams, *(children or [])])


def message(
    subject: str,
    body: str,
    headers: str = "",
    message_id: str | None = None,
    in_reply_to: str | None = None,
    references: str | None = None,
    delivered: datetime | None = None,
    sender: str | None = None,
    attachments: list[tuple[str, bytes]] = (),  # type: ignore[assignment]
) -> bytes:
    """The bytes of a .msg file holding one message."""
    props: list[tuple[int, int, object]] = [(0x001A, STRING, "IPM.Note"), (0x0037, STRING, subject), (0x1000, STRING, body)]
    props += [(0x007D, STRING, headers)] if headers else []
    props += [(0x1035, STRING, message_id)] if message_id else []
    props += [(0x1042, STRING, in_reply_to)] if in_reply_to else []
    props += [(0x1039, STRING, references)] if references else []
    props += [(0x5D01, STRING, sender)] if sender else []
    props += [(0x0E06, TIME, delivered)] if delivered else []
    props.append((0x340D, INT32, 0x00040000))  # STORE_UNICODE_OK: strings are UTF-16
    parts = [
        _storage(
            f"__attach_version1.0_#{number:08X}",
            [(0x3705, INT32, 1), (0x3707, STRING, name), (0x3701, BINARY, data)],
            b"\0" * 8,
        )
        for number, (name, data) in enumerate(attachments)
    ]
    header = struct.pack("<8xIIII8x", 0, len(parts), 0, len(parts))
    root = _storage("Root Entry", props, header, parts)
    root.kind = 5
    return _compound(root)


def _flatten(root: Entry) -> list[Entry]:
    """Every entry, root first; each storage's children linked as a tree ordered as [MS-CFB] orders names."""
    entries = [root]

    def visit(entry: Entry) -> None:
        kids = sorted(entry.children, key=lambda e: (len(e.name), e.name.upper()))
        indexes = []
        for kid in kids:
            indexes.append(len(entries))
            entries.append(kid)
        for position, index in enumerate(indexes):  # a right-leaning chain: a valid binary search tree (all black)
            entries[index].right = indexes[position + 1] if position + 1 < len(indexes) else NONE
        entry.child = indexes[0] if indexes else NONE
        for kid in kids:
            visit(kid)

    visit(root)
    return entries


def _compound(root: Entry) -> bytes:
    entries = _flatten(root)
    sectors: list[bytes] = []
    fat: list[int] = []

    def chain(data: bytes) -> int:
        if not data:
            return END
        first = len(sectors)
        count = (len(data) + SECTOR - 1) // SECTOR
        for i in range(count):
            sectors.append(data[i * SECTOR : (i + 1) * SECTOR].ljust(SECTOR, b"\0"))
            fat.append(first + i + 1 if i + 1 < count else END)
        return first

    mini_stream = b""
    minifat: list[int] = []
    for entry in entries[1:]:
        if entry.kind != 2:
            continue
        if entry.size >= CUTOFF:
            entry.start = chain(entry.data)
        elif entry.size:
            first = len(mini_stream) // MINI
            count = (entry.size + MINI - 1) // MINI
            mini_stream += entry.data.ljust(count * MINI, b"\0")
            minifat += [first + i + 1 if i + 1 < count else END for i in range(count)]
            entry.start = first
        else:
            entry.start = END
    root.start, root.size = chain(mini_stream), len(mini_stream)
    minifat_data = b"".join(struct.pack("<I", n) for n in minifat)
    minifat_start = chain(minifat_data)
    directory = b"".join(_direntry(e) for e in entries)
    directory = directory.ljust(((len(directory) + SECTOR - 1) // SECTOR) * SECTOR, b"\0")
    directory_start = chain(directory)
    per_sector = SECTOR // 4
    fat_count = 1
    while (len(sectors) + fat_count) > fat_count * per_sector:
        fat_count += 1
    assert fat_count <= 109
    fat_start = len(sectors)
    fat += [FAT_SECTOR] * fat_count
    fat += [FREE] * (fat_count * per_sector - len(fat))
    fat_bytes = b"".join(struct.pack("<I", n) for n in fat)
    for i in range(fat_count):
        sectors.append(fat_bytes[i * SECTOR : (i + 1) * SECTOR])
    difat = [fat_start + i for i in range(fat_count)] + [FREE] * (109 - fat_count)
    header = (
        bytes.fromhex("D0CF11E0A1B11AE1")
        + b"\0" * 16
        + struct.pack("<HHHHH", 0x003E, 0x0003, 0xFFFE, 9, 6)
        + b"\0" * 6
        + struct.pack(
            "<IIIIIIIII", 0, fat_count, directory_start, 0, CUTOFF, minifat_start if minifat else END, (len(minifat_data) + SECTOR - 1) // SECTOR, END, 0
        )
        + b"".join(struct.pack("<I", n) for n in difat)
    )
    assert len(header) == SECTOR
    return header + b"".join(sectors)


def _direntry(entry: Entry) -> bytes:
    name = entry.name.encode("utf-16-le") + b"\0\0"
    assert len(name) <= 64
    return (
        name.ljust(64, b"\0")
        + struct.pack("<HBB", len(name), entry.kind, 1)
        + struct.pack("<III", entry.left, entry.right, entry.child)
        + b"\0" * 16  # CLSID
        + b"\0" * 4  # state bits
        + b"\0" * 16  # times
        + struct.pack("<IQ", entry.start if entry.kind != 1 else 0, entry.size if entry.kind != 1 else 0)
    )
