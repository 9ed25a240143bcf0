"""Helpers every ``fieldapp`` subcommand module uses: the profile, the app, output and errors.

A command module exposes ``register(subparsers)``; each parser it adds sets ``func=handler`` where
``handler(args) -> int`` (the exit status). ``--profile`` and ``--json`` are added to every subcommand by
``main``; read them as ``args.profile`` / ``args.json``. Raise ``FieldAppError`` (or return
:func:`fail`) for a one-line error; never print a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from fieldapp.config.paths import profile_dir
from fieldapp.core.app import FieldApp

__all__ = ["fail", "open_app", "print_json", "print_table", "resolve_profile", "wants_json"]


def resolve_profile(args: argparse.Namespace) -> Path:
    """The profile folder chosen by ``--profile``, ``FIELDAPP_HOME`` or the platform default."""
    return profile_dir(getattr(args, "profile", None))


def wants_json(args: argparse.Namespace) -> bool:
    """Whether ``--json`` was given (before or after the subcommand)."""
    return bool(getattr(args, "json", False))


@contextmanager
def open_app(args: argparse.Namespace) -> Iterator[FieldApp]:
    """Open the profile's FieldApp for one command, telling the person if the store was recovered."""
    app = FieldApp.open(resolve_profile(args))
    try:
        if app.recovery is not None:
            print(f"fieldapp: note: {app.recovery.message()}", file=sys.stderr)
        yield app
    finally:
        app.close()


def print_json(data: Any) -> None:
    """Print ``data`` as JSON (UTF-8 text kept readable: Urdu and Pashto are not escaped)."""
    print(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def print_table(
    rows: Sequence[Sequence[Any]], headers: Sequence[str], empty: str = "Nothing to show."
) -> None:
    """Print rows as aligned columns under ``headers``; ``empty`` when there are no rows."""
    if not rows:
        print(empty)
        return
    cells = [[str(h) for h in headers]] + [["" if c is None else str(c) for c in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    for index, row in enumerate(cells):
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())
        if index == 0:
            print("  ".join("-" * width for width in widths))


def fail(message: str, code: int = 1) -> int:
    """Print a one-line error and return the exit status for it."""
    print(f"fieldapp: error: {message}", file=sys.stderr)
    return code
