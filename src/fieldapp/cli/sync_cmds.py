"""``fieldapp login`` and ``fieldapp sync``."""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable
from typing import Any

from fieldapp.cli.common import fail, open_app, print_json, unlock, wants_json
from fieldapp.sync.credentials import CredentialStore
from fieldapp.sync.errors import SyncError
from fieldapp.sync.report import Phase, SyncProgress, SyncReport
from fieldapp.sync.service import login, sync_profile

__all__ = ["register"]


def register(subparsers: argparse._SubParsersAction[Any]) -> None:
    """Add ``login`` and ``sync``."""
    p = subparsers.add_parser("login", help="sign in to a fieldapp server on this device")
    p.add_argument(
        "--server",
        required=True,
        metavar="URL",
        help="the server's address, e.g. https://fieldapp.example.org",
    )
    p.add_argument("--username", required=True, metavar="NAME")
    p.set_defaults(func=cmd_login)
    p = subparsers.add_parser(
        "sync", help="send waiting work and fetch what is new (exit 0 only if all of it went)"
    )
    p.add_argument("--quiet", action="store_true", help="no progress output")
    p.set_defaults(func=cmd_sync)


def _read_password() -> str:
    # A pipe or a file gives the password on stdin (scripts, installers); a terminal asks without echo.
    if sys.stdin is not None and sys.stdin.isatty():
        return getpass.getpass("Password: ")
    return sys.stdin.readline().rstrip("\r\n") if sys.stdin is not None else ""


def cmd_login(args: argparse.Namespace) -> int:
    """Sign in; on a shared laptop her PIN comes first (with --pin-stdin: first line, password next)."""
    unlock(args)
    password = _read_password()
    if not password:
        return fail("no password given (type it when asked, or pipe it on standard input).")
    with open_app(args) as app:
        try:
            user = login(app, args.server, args.username, password)
        except SyncError as exc:
            return fail(str(exc))
        credentials = CredentialStore.for_app(app)
        insecure, sealed = credentials.insecure_fallback, credentials.sealed
    if wants_json(args):
        print_json(
            {
                "user": user.username,
                "role": user.role.value,
                "server": args.server.rstrip("/"),
                "insecure_credentials": insecure,
            }
        )
    else:
        name = user.display_name or user.username
        print(f"Signed in as {name} ({user.role.value}) on {args.server.rstrip('/')}.")
    if insecure and sealed:
        print(
            "fieldapp: warning: this computer has no keyring; the sign-in is kept in a private file in the "
            "profile folder, locked with your PIN.",
            file=sys.stderr,
        )
    elif insecure:
        print(
            "fieldapp: warning: this computer has no keyring; the sign-in is kept in a private file in the "
            "profile folder that anyone who can read your files could copy.",
            file=sys.stderr,
        )
    return 0


def _progress_printer() -> Callable[[SyncProgress], None]:
    seen: set[Phase] = set()

    def show(progress: SyncProgress) -> None:
        if progress.phase not in seen:
            seen.add(progress.phase)
            print(f"  {progress.phase.value}…", file=sys.stderr, flush=True)

    return show


def _summary(report: SyncReport) -> str:
    parts = [f"sent {report.pushed} change(s)", f"received {report.pulled}"]
    if report.files_uploaded or report.files_downloaded:
        parts.append(f"files: {report.files_uploaded} up, {report.files_downloaded} down")
    if report.conflicts:
        parts.append(f"{report.conflicts} conflict(s) to look at")
    if report.rejected:
        parts.append(f"{report.rejected} change(s) refused by the server")
    return ", ".join(parts)


def cmd_sync(args: argparse.Namespace) -> int:
    as_json = wants_json(args)
    with open_app(args) as app:
        try:
            report = sync_profile(app, progress=None if as_json or args.quiet else _progress_printer())
        except SyncError as exc:
            return fail(str(exc))
    if as_json:
        print_json(report.as_json())
    elif report.complete:
        print(f"Sync complete: {_summary(report)}.")
    elif report.wiped:
        print("An administrator ordered this device wiped; its fieldapp data has been deleted.")
    if report.clock_warning and not as_json:
        print(f"fieldapp: warning: {report.clock_warning}", file=sys.stderr)
    if report.complete:
        return 0
    if report.errors:
        return fail(report.errors[0])
    waiting = report.pending_mutations + report.pending_uploads + report.pending_downloads
    return fail(f"sync did not finish; {waiting} item(s) still waiting. Run 'fieldapp sync' again.")
