"""Build altered copies of a pack, the way an attacker or a broken USB stick would."""

from __future__ import annotations

import stat
import warnings
import zipfile
from collections.abc import Callable, Iterable
from pathlib import Path

Entry = tuple[str, bytes]


def entries(path: Path) -> list[Entry]:
    with zipfile.ZipFile(path) as archive:
        return [(info.filename, archive.read(info)) for info in archive.infolist()]


def rewrite(src: Path, dst: Path, transform: Callable[[list[Entry]], Iterable[Entry]]) -> Path:
    """Write ``dst`` as a well-formed zip holding ``transform(entries(src))``."""
    new_entries = list(transform(entries(src)))
    with zipfile.ZipFile(dst, "w") as archive, warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # duplicate names are exactly what some tests want
        for name, data in new_entries:
            info = zipfile.ZipInfo(name)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return dst


def flip_byte(data: bytes, index: int | None = None) -> bytes:
    position = len(data) // 2 if index is None else index
    return data[:position] + bytes([data[position] ^ 0x01]) + data[position + 1 :]


def add_symlink(src: Path, dst: Path, name: str, target: str) -> Path:
    rewrite(src, dst, lambda items: items)
    with zipfile.ZipFile(dst, "a") as archive:
        info = zipfile.ZipInfo(name)
        info.external_attr = (stat.S_IFLNK | 0o777) << 16
        archive.writestr(info, target)
    return dst
