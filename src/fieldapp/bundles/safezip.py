"""Paranoid zip reading: every check a hostile or damaged pack could need, before anything is written.

The zip's own directory is not trusted: names, types, sizes and compression ratios are checked first, then
every member is streamed out with a byte counter (so a member that lies about its size is caught while
inflating, not after filling the disk) and its SHA-256 compared with the signed table.
"""

from __future__ import annotations

import hashlib
import stat
import zipfile
import zlib
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path, PurePosixPath

from fieldapp.bundles.errors import PackError
from fieldapp.bundles.limits import PackLimits
from fieldapp.bundles.manifest import MemberInfo

_ALLOWED_METHODS = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED}
_READ_BLOCK = 1024 * 1024


def open_zip(path: Path) -> zipfile.ZipFile:
    """Open ``path`` as a zip, turning every flavour of 'not a zip' into a :class:`PackError`."""
    try:
        return zipfile.ZipFile(path)
    except FileNotFoundError:
        raise PackError(f"There is no file at {path}.") from None
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise PackError("This file is not a fieldapp pack, or it is damaged or incomplete.") from None


def check_name(name: str) -> None:
    """Refuse absolute paths, ``..``, backslashes, drive letters and other tricks in a member name."""
    bad = (
        not name
        or name.startswith(("/", "\\"))
        or "\\" in name
        or "\x00" in name
        or ":" in name
        or name.endswith("/")
    )
    parts = PurePosixPath(name).parts
    if bad or any(part in {"", ".", ".."} for part in parts) or "/".join(parts) != name:
        raise PackError(f"This pack contains a file with an unsafe name ({name!r}); it was refused.")


def check_directory(
    archive: zipfile.ZipFile, limits: PackLimits, extra_allowed: int = 0
) -> dict[str, zipfile.ZipInfo]:
    """Check the zip directory itself; returns members by name (all unique, all plain files)."""
    infos = archive.infolist()
    if len(infos) > limits.max_members + extra_allowed:
        raise PackError(f"This pack has too many files ({len(infos)}); it was refused.")
    by_name: dict[str, zipfile.ZipInfo] = {}
    total = 0
    for info in infos:
        check_name(info.filename)
        if info.filename in by_name:
            raise PackError(f"This pack contains the file {info.filename!r} twice; it was refused.")
        # Unix file type bits; 0 means "not recorded" (Windows tools, writestr), which is a plain file.
        file_type = stat.S_IFMT(info.external_attr >> 16)
        if info.is_dir() or file_type not in (0, stat.S_IFREG):
            raise PackError(f"This pack contains a link or folder entry ({info.filename!r}); it was refused.")
        if info.flag_bits & 0x1:
            raise PackError("This pack uses zip passwords, which fieldapp packs never do; it was refused.")
        if info.compress_type not in _ALLOWED_METHODS:
            raise PackError(f"This pack uses an unsupported compression ({info.filename!r}); it was refused.")
        if info.file_size > limits.max_member_bytes:
            raise PackError(f"A file in this pack is too large ({info.filename!r}); it was refused.")
        if (
            info.file_size > limits.ratio_check_min_bytes
            and info.file_size > limits.max_compression_ratio * max(info.compress_size, 1)
        ):
            raise PackError(
                f"A file in this pack unpacks to a suspicious size ({info.filename!r}); it was refused."
            )
        total += info.file_size
        by_name[info.filename] = info
    if total > limits.max_total_bytes:
        raise PackError("This pack unpacks to more data than fieldapp accepts; it was refused.")
    return by_name


def check_member_set(present: Iterable[str], expected: Iterable[str]) -> None:
    """The zip must hold exactly the listed files: nothing missing, nothing extra."""
    present_set, expected_set = set(present), set(expected)
    missing = sorted(expected_set - present_set)
    extra = sorted(present_set - expected_set)
    if missing:
        raise PackError(f"This pack is incomplete: {missing[0]!r} is missing. Nothing was imported.")
    if extra:
        raise PackError(f"This pack contains a file it does not list ({extra[0]!r}). Nothing was imported.")


def read_small(archive: zipfile.ZipFile, info: zipfile.ZipInfo, max_bytes: int) -> bytes:
    """Read a small member (manifest, signature) with a hard cap, whatever the directory claims."""
    if info.file_size > max_bytes:
        raise PackError(f"{info.filename!r} in this pack is far too large; it was refused.")
    try:
        with archive.open(info) as stream:
            data = stream.read(max_bytes + 1)
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError):
        raise PackError(f"{info.filename!r} in this pack is damaged. Nothing was imported.") from None
    if len(data) > max_bytes:
        raise PackError(f"{info.filename!r} in this pack is far too large; it was refused.")
    return data


def extract_verified(
    archive: zipfile.ZipFile,
    infos: Mapping[str, zipfile.ZipInfo],
    table: Mapping[str, MemberInfo],
    staging: Path,
    on_bytes: Callable[[int], None] | None = None,
) -> dict[str, Path]:
    """Stream every member in ``table`` into ``staging``, checking size and SHA-256 as it goes.

    Returns the staged path of each member. ``staging`` is a private temporary folder: nothing here
    touches the profile, so a failure part way leaves no trace once the folder is removed.
    """
    staged: dict[str, Path] = {}
    for index, (name, expected) in enumerate(sorted(table.items())):
        info = infos[name]
        if info.file_size != expected.size:
            raise PackError(
                f"{name!r} in this pack has the wrong size; the pack was changed. Nothing was imported."
            )
        target = staging / f"m{index:06d}"
        digest = hashlib.sha256()
        written = 0
        try:
            with archive.open(info) as source, target.open("wb") as sink:
                while block := source.read(_READ_BLOCK):
                    written += len(block)
                    if written > expected.size:
                        raise PackError(f"{name!r} in this pack is larger than it claims; it was refused.")
                    digest.update(block)
                    sink.write(block)
                    if on_bytes is not None:
                        on_bytes(len(block))
        except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, OSError) as err:
            if isinstance(err, OSError) and err.errno is not None:
                raise PackError(f"Could not unpack {name!r}: {err.strerror}.") from None
            raise PackError(f"{name!r} in this pack is damaged. Nothing was imported.") from None
        if written != expected.size or digest.hexdigest() != expected.sha256:
            raise PackError(
                f"{name!r} in this pack was changed or damaged (its checksum does not match). "
                "Nothing was imported."
            )
        staged[name] = target
    return staged
