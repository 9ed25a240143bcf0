"""Find setup files and packs on USB sticks, so an installer does not have to browse for them."""

from __future__ import annotations

import getpass
import os
import string
import sys
from pathlib import Path


def removable_roots() -> list[Path]:
    """Folders where USB sticks usually appear (the ones that exist right now)."""
    if sys.platform == "win32":
        roots = [Path(f"{letter}:\\") for letter in string.ascii_uppercase[3:]]  # D: .. Z:
    else:
        user = os.environ.get("USER") or getpass.getuser()
        bases = [Path("/media") / user, Path("/run/media") / user, Path("/media"), Path("/mnt")]
        roots = [child for base in bases if base.is_dir() for child in _children(base)]
    return [root for root in roots if _is_dir(root)]


def _children(base: Path) -> list[Path]:
    try:
        return sorted(p for p in base.iterdir() if _is_dir(p))
    except OSError:
        return []


def _is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:  # an empty card reader on Windows answers "device not ready"
        return False


def find_on_media(suffix: str, roots: list[Path] | None = None, depth: int = 2) -> list[Path]:
    """Files ending in ``suffix`` in the top ``depth`` folder levels of each USB stick, sorted."""
    found: list[Path] = []
    for root in removable_roots() if roots is None else roots:
        level = [root]
        for _ in range(depth):
            next_level: list[Path] = []
            for folder in level:
                try:
                    entries = list(folder.iterdir())
                except OSError:
                    continue
                for entry in entries:
                    if entry.name.startswith("."):
                        continue
                    if entry.suffix.lower() == suffix and entry.is_file():
                        found.append(entry)
                    elif _is_dir(entry) and not entry.is_symlink():
                        next_level.append(entry)
            level = next_level
    return sorted(found)
