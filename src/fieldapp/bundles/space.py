"""Refuse work that would fill the disk: a laptop with a full disk cannot save an intern's work."""

from __future__ import annotations

import shutil
from pathlib import Path

from fieldapp.bundles.errors import PackError
from fieldapp.bundles.limits import MIN_FREE_BYTES_AFTER_IMPORT, MiB


def free_bytes(path: Path) -> int:
    """Free bytes on the disk holding ``path`` (or its nearest existing parent)."""
    probe = path
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent
    return shutil.disk_usage(probe).free


def ensure_free_space(path: Path, needed: int, reserve: int = MIN_FREE_BYTES_AFTER_IMPORT) -> None:
    """Raise :class:`PackError` unless ``needed`` bytes fit on ``path``'s disk with ``reserve`` to spare."""
    free = free_bytes(path)
    if free - needed < reserve:
        raise PackError(
            f"Not enough free disk space: this needs about {needed // MiB + 1} MB and must leave "
            f"{reserve // MiB} MB free, but only {free // MiB} MB is free. Free some space and try again."
        )
