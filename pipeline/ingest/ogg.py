"""Is an Ogg file whole? Ogg states no length, so a cut upload still opens and reads shorter;
but it is a chain of pages that each state their size and carry a CRC, and a cut almost always
lands inside a page. A file whose last complete page is not its last byte was cut off."""

from __future__ import annotations

from functools import cache
from pathlib import Path

_CAPTURE = b"OggS"
_HEADER = 27  # bytes before the segment table
_MAX_PAGE = _HEADER + 255 + 255 * 255


def ends_mid_page(path: Path) -> bool:
    """Whether bytes follow the file's last complete page (the tail of a cut-off upload)."""
    size = path.stat().st_size
    with path.open("rb") as handle:
        handle.seek(max(0, size - 2 * _MAX_PAGE))
        tail = handle.read()
    position = tail.rfind(_CAPTURE)
    while position >= 0:
        end = _page_end(tail, position)
        if end is not None:  # a real page, not "OggS" inside a packet
            return end != len(tail)
        position = tail.rfind(_CAPTURE, 0, position)
    return False  # no whole page in the tail at all: left to the decoder to judge


def _page_end(data: bytes, start: int) -> int | None:
    """Where the page starting at `start` ends, if it is complete and its CRC checks."""
    if start + _HEADER > len(data) or data[start + 4] != 0:
        return None
    segments = data[start + 26]
    table_end = start + _HEADER + segments
    if table_end > len(data):
        return None
    end = table_end + sum(data[start + _HEADER : table_end])
    if end > len(data):
        return None
    page = bytearray(data[start:end])
    stated = int.from_bytes(page[22:26], "little")
    page[22:26] = b"\0\0\0\0"
    return end if _crc(bytes(page)) == stated else None


def _crc(data: bytes) -> int:
    # Ogg's CRC-32: polynomial 0x04C11DB7, not reflected, no initial or final XOR (so zlib's
    # crc32 does not compute it).
    table, crc = _crc_table(), 0
    for byte in data:
        crc = ((crc << 8) & 0xFFFFFFFF) ^ table[(crc >> 24) ^ byte]
    return crc


@cache
def _crc_table() -> tuple[int, ...]:
    table = []
    for index in range(256):
        value = index << 24
        for _ in range(8):
            value = (value << 1) ^ 0x04C11DB7 if value & 0x80000000 else value << 1
        table.append(value & 0xFFFFFFFF)
    return tuple(table)
