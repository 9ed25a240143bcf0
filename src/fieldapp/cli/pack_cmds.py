"""``fieldapp pack import FILE`` and ``fieldapp pack export-work FILE``: content in and work out by USB."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from fieldapp.cli.common import open_app, print_json, wants_json
from fieldapp.device.packs import export_from_profile, import_into_profile

__all__ = ["register"]


def register(subparsers: argparse._SubParsersAction[Any]) -> None:
    """Add ``pack import`` and ``pack export-work``."""
    pack = subparsers.add_parser("pack", help="offline packs: content in and work out by USB stick")
    actions = pack.add_subparsers(dest="pack_command", required=True, metavar="ACTION")
    p = actions.add_parser(
        "import",
        help="bring a content pack (.fieldpack) into this profile",
        description="Check a content pack against the server key this laptop pinned at setup and import "
        "its modules and tasks. A damaged, changed or foreign pack is refused and nothing is imported.",
    )
    p.add_argument("file", metavar="FILE", type=Path)
    p.set_defaults(func=cmd_import)
    p = actions.add_parser(
        "export-work",
        help="write your unsent work to a pack only the server can read",
        description="Write everything waiting to be sent (changes and their files) to FILE, signed by this "
        "laptop and locked for the server. Hand it in with 'fieldapp-server pack import'; handing it "
        "in twice, or syncing later, sends nothing twice.",
    )
    p.add_argument("file", metavar="FILE", type=Path)
    p.set_defaults(func=cmd_export_work)


def cmd_import(args: argparse.Namespace) -> int:
    """Import a content pack into her profile (her PIN first on a shared laptop: --person, --pin-stdin)."""
    with open_app(args) as app:
        result = import_into_profile(app, args.file)
    manifest = result.manifest
    if wants_json(args):
        print_json(
            {
                "kind": manifest.kind,
                "creator": manifest.creator,
                "cohort": manifest.cohort,
                "created_at": manifest.created_at.isoformat(),
                "records": result.records,
                "files": result.files,
                "skipped": result.skipped,
                "signed_in_as": result.signed_in_as,
            }
        )
        return 0
    print(
        f"Imported {result.records} records and {result.files} files from {manifest.creator}"
        f"{f' (cohort {manifest.cohort})' if manifest.cohort else ''}, made {manifest.created_at:%Y-%m-%d}."
    )
    if result.skipped:
        print(f"{result.skipped} records in the pack belong to other people and were left out.")
    if result.signed_in_as:
        print(f"This profile now belongs to {result.signed_in_as}; the first sync will finish setting it up.")
    return 0


def cmd_export_work(args: argparse.Namespace) -> int:
    """Write her unsent work to a pack (her PIN first on a shared laptop: --person, --pin-stdin)."""
    with open_app(args) as app:
        result = export_from_profile(app, args.file)
    if wants_json(args):
        print_json(
            {
                "file": str(result.path) if result.path else None,
                "changes": result.changes,
                "files": result.files,
            }
        )
        return 0
    if result.path is None:
        print("Nothing is waiting to be sent, so no pack was written.")
        return 0
    print(
        f"Wrote {result.path}: {result.changes} change(s) and {result.files} file(s), locked for the server. "
        "Hand it to your coordinator. Handing it in twice, or syncing later, sends nothing twice."
    )
    return 0
