"""Helpers every ``fieldapp`` subcommand module uses: the profile, the app, output and errors.

A command module exposes ``register(subparsers)``; each parser it adds sets ``func=handler`` where
``handler(args) -> int`` (the exit status). ``--profile``, ``--json``, ``--person`` and ``--pin-stdin``
are added to every subcommand by ``main``; read them as ``args.profile`` / ``args.json`` / ...
Raise ``FieldAppError`` (or return :func:`fail`) for a one-line error; never print a traceback.

On a shared laptop (the profile is a device folder with people, or one person's profile inside one)
every command that opens her data needs her PIN: :func:`unlock` chooses the person (``--person NAME``,
or the only one), reads the PIN (first line of stdin with ``--pin-stdin``, else asked on a terminal) and
refuses otherwise, and :func:`open_app` opens her data with the key the PIN unlocked.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fieldapp.config.paths import profile_dir
from fieldapp.core.app import FieldApp
from fieldapp.core.errors import InvalidInput, NotAllowed, NotFound
from fieldapp.core.vault import DataKey, has_vault, open_vault

__all__ = [
    "Access",
    "fail",
    "open_app",
    "print_json",
    "print_table",
    "resolve_profile",
    "shared_device_of",
    "unlock",
    "wants_json",
    "wants_unlock",
]


def resolve_profile(args: argparse.Namespace) -> Path:
    """The profile folder chosen by ``--profile``, ``FIELDAPP_HOME`` or the platform default."""
    return profile_dir(getattr(args, "profile", None))


def wants_json(args: argparse.Namespace) -> bool:
    """Whether ``--json`` was given (before or after the subcommand)."""
    return bool(getattr(args, "json", False))


@dataclass(frozen=True)
class Access:
    """Whose data a command works on: her profile folder and, when locked by her PIN, her key."""

    profile: Path
    key: DataKey | None = field(default=None, repr=False)
    person: str | None = None


def shared_device_of(profile: Path) -> Path | None:
    """The shared laptop's device folder when ``profile`` is one (or one person's profile in one)."""
    from fieldapp.device.people import PEOPLE_FILE
    from fieldapp.device.setup import device_dir_for_profile

    if (profile / PEOPLE_FILE).exists():
        return profile
    device = device_dir_for_profile(profile)
    return device if device != profile and (device / PEOPLE_FILE).exists() else None


def wants_unlock(args: argparse.Namespace) -> bool:
    """Whether ``--person`` or ``--pin-stdin`` was given."""
    return bool(getattr(args, "person", None) or getattr(args, "pin_stdin", False))


def _read_pin(args: argparse.Namespace, name: str) -> str:
    """Her PIN: the first line of stdin with ``--pin-stdin``, else asked (not echoed) on a terminal."""
    if getattr(args, "pin_stdin", False):
        line = sys.stdin.readline() if sys.stdin is not None else ""
        pin = line.rstrip("\r\n")
        if not pin:
            raise InvalidInput("--pin-stdin was given but the first line of standard input is empty.")
        return pin
    if sys.stdin is not None and sys.stdin.isatty():
        return getpass.getpass(f"PIN for {name}: ")
    raise NotAllowed(
        f"{name}'s data is locked by her PIN: give it on the first line of standard input with "
        "--pin-stdin, or run the command in a terminal to be asked for it."
    )


def _choose_person(args: argparse.Namespace, device: Path, profile: Path) -> Any:
    from fieldapp.device.people import PeopleRegistry

    people = PeopleRegistry(device).people()
    names = ", ".join(p.display_name for p in people)
    wanted = (getattr(args, "person", None) or "").strip()
    if profile != device:  # one person's own profile folder was given
        person = next((p for p in people if p.id == profile.name), None)
        if person is None:
            raise NotFound("That profile folder belongs to nobody set up on this laptop.")
        if wanted and person.display_name.casefold() != wanted.casefold():
            raise InvalidInput(f"That profile folder is {person.display_name}'s, not {wanted}'s.")
        return person
    if not people:
        raise NotFound("Nobody is set up on this laptop yet; start fieldapp to set it up.")
    if wanted:
        for person in people:
            if person.display_name.casefold() == wanted.casefold():
                return person
        raise NotFound(f"Nobody called {wanted} uses this laptop ({names}).")
    if len(people) == 1:
        return people[0]
    raise InvalidInput(f"Several people share this laptop; say whose data with --person NAME ({names}).")


def unlock(args: argparse.Namespace) -> Access:
    """Whose data this command opens, asking for her PIN when her data is locked by one.

    Done once per command (the result is kept on ``args``), so ``login`` can read the PIN and then the
    password from stdin in that order. Wrong PINs count toward the same lockout as in the app.
    """
    cached = getattr(args, "_access", None)
    if isinstance(cached, Access):
        return cached
    profile = resolve_profile(args)
    device = shared_device_of(profile)
    if device is not None:
        person = _choose_person(args, device, profile)
        from fieldapp.device.people import PeopleRegistry

        unlocked = PeopleRegistry(device).unlock(person.id, _read_pin(args, person.display_name))
        access = Access(unlocked.profile_dir, unlocked.key, person.display_name)
    elif has_vault(profile):
        # A locked profile outside a laptop's folder (e.g. restored from a backup): her PIN opens it.
        from fieldapp.device.protect import unlock_with_pin

        pin = _read_pin(args, "this profile")
        key = unlock_with_pin(profile, pin, open_vault(profile, pin))
        access = Access(profile, key)
    else:
        if getattr(args, "person", None):
            raise InvalidInput("--person is for a shared laptop, and this profile belongs to one person.")
        access = Access(profile)
    args._access = access
    return access


@contextmanager
def open_app(args: argparse.Namespace) -> Iterator[FieldApp]:
    """Open the profile's FieldApp for one command (her PIN first on a shared laptop), telling the
    person if the store was recovered."""
    access = unlock(args)
    app = FieldApp.open(access.profile, key=access.key)
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
