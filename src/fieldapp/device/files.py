"""Small, durable, private files (device identity, the people list): written whole or not at all."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from fieldapp.core.private import write_private

__all__ = ["write_json", "write_private"]


def write_json(path: Path, value: Any) -> None:
    """Write ``value`` as pretty JSON, atomically and privately."""
    write_private(path, json.dumps(value, indent=1, sort_keys=True).encode("utf-8"))
