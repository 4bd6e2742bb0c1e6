"""A deterministic DOCX (zip) writer that copies the template's unchanged members as they are.

Deflating parts that never change (styles.xml is ~350 KB) was most of the zlib time of a
render. Members that were not rendered are copied byte for byte, still compressed, from the
template package (whose every member was read and CRC-checked when it was compiled); only
rendered parts are deflated. Fixed times, template order, no extra fields: the same inputs
give the same bytes.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from dataclasses import dataclass

DOS_DATE = (1 << 5) | 1  # 1980-01-01
DOS_TIME = 0
LEVEL = 1  # 3x faster than 6, ~10% larger; rendered parts are small
MADE_BY = (3 << 8) | 20  # unix, zip 2.0
NEEDED = 20
MAX_MEMBER = 0xFFFFFFFF - 1  # no zip64: a DOCX is megabytes at most


@dataclass(frozen=True)
class Raw:
    """One template member as stored: method, CRC, sizes and the compressed bytes."""

    method: int
    crc: int
    size: int
    data: bytes


def raw_members(package: bytes) -> dict[str, Raw]:
    """Each member of a zip, still compressed (stored or deflated, unencrypted ones only;
    others are left out and must be given as content)."""
    found = {}
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        for info in archive.infolist():
            if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED) or \
                    info.flag_bits & 0x1 or info.file_size > MAX_MEMBER:
                continue
            start = info.header_offset
            header = package[start:start + 30]
            if len(header) < 30 or header[:4] != b"PK\x03\x04":
                continue
            name_len, extra_len = struct.unpack("<HH", header[26:30])
            begin = start + 30 + name_len + extra_len
            data = package[begin:begin + info.compress_size]
            if len(data) != info.compress_size:
                continue
            found[info.filename] = Raw(info.compress_type, info.CRC, info.file_size, data)
    return found


def write(order: list[str], content: dict[str, bytes], raw: dict[str, Raw]) -> bytes:
    """A zip with the members in `order`: from `content` (deflated here) if given, else the
    template's stored bytes from `raw`."""
    out = io.BytesIO()
    central = []
    for name in order:
        member = _deflate(content[name]) if name in content else raw[name]
        encoded = name.encode("utf-8")
        flags = 0 if encoded.isascii() else 0x800
        offset = out.tell()
        fields = (NEEDED, flags, member.method, DOS_TIME, DOS_DATE, member.crc,
                  len(member.data), member.size, len(encoded))
        out.write(struct.pack("<4s5HL2L2H", b"PK\x03\x04", *fields, 0))
        out.write(encoded)
        out.write(member.data)
        central.append(struct.pack("<4s6HL2L5H2L", b"PK\x01\x02", MADE_BY, *fields, 0, 0, 0,
                                   0, 0, offset) + encoded)
    start = out.tell()
    directory = b"".join(central)
    out.write(directory)
    out.write(struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(order), len(order),
                          len(directory), start, 0))
    return out.getvalue()


def _deflate(data: bytes) -> Raw:
    packer = zlib.compressobj(LEVEL, zlib.DEFLATED, -15)
    return Raw(zipfile.ZIP_DEFLATED, zlib.crc32(data), len(data),
               packer.compress(data) + packer.flush())
