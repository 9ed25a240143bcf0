"""``fieldapp-server``: run the server and administer it. Every subcommand accepts ``--database URL`` and
``--data-dir DIR`` (or FIELDAPP_DATABASE_URL / FIELDAPP_DATA_DIR) and acts on that same database.

Errors are one line on stderr and exit status 1 (2 for bad usage); never a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from fieldapp.server import admin, files
from fieldapp.server.config import ServerConfig
from fieldapp.server.context import ServerContext
from fieldapp.server.domain import DomainError

Handler = Callable[[ServerContext, argparse.Namespace], int | None]


def _common() -> argparse.ArgumentParser:
    # SUPPRESS: a flag given before the subcommand is not reset by the subparser's default.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--database",
        default=argparse.SUPPRESS,
        metavar="URL",
        help="database URL (default: SQLite in the data dir; env FIELDAPP_DATABASE_URL)",
    )
    common.add_argument(
        "--data-dir",
        default=argparse.SUPPRESS,
        metavar="DIR",
        help="data directory: SQLite file, blobs, signing key (env FIELDAPP_DATA_DIR)",
    )
    return common


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2026-03-31") from None


def _read_password(args: argparse.Namespace) -> str | None:
    if not getattr(args, "password_stdin", False):
        return None
    line = sys.stdin.readline().rstrip("\r\n")
    if not line:
        raise DomainError("invalid_input", "No password on standard input.")
    return line


# ---------------------------------------------------------------- handlers


def _serve(ctx: ServerContext, args: argparse.Namespace) -> int:
    import uvicorn

    ctx.signing_key  # noqa: B018 - create the key once, before workers race for it
    ctx.close()
    # Workers are separate processes: they read the same settings from the environment.
    os.environ["FIELDAPP_DATA_DIR"] = str(ctx.config.data_dir.resolve())
    if ctx.config.database_url:
        os.environ["FIELDAPP_DATABASE_URL"] = ctx.config.database_url
    uvicorn.run(
        "fieldapp.server.app:app_from_env",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        log_config=None,
        access_log=False,
        proxy_headers=True,
        timeout_keep_alive=30,
    )
    return 0


def _user_add(ctx: ServerContext, args: argparse.Namespace) -> None:
    admin.add_user(
        ctx,
        args.name,
        args.role,
        password=_read_password(args),
        cohort=args.cohort,
        display_name=args.display_name or "",
    )
    print(f"Created {args.role} {args.name}.")


def _user_password(ctx: ServerContext, args: argparse.Namespace) -> None:
    password = _read_password(args)
    if password is None:
        raise DomainError("invalid_input", "Give the new password with --password-stdin.")
    admin.set_password(ctx, args.name, password)
    print(f"Password of {args.name} changed.")


def _user_list(ctx: ServerContext, _args: argparse.Namespace) -> None:
    from sqlalchemy import select

    from fieldapp.server.db import tables as t

    with ctx.engine.connect() as conn:
        for row in conn.execute(
            select(t.users.c.username, t.users.c.role, t.users.c.id).order_by(t.users.c.username)
        ):
            print(f"{row.username}\t{row.role}\t{row.id}")


def _cohort_add(ctx: ServerContext, args: argparse.Namespace) -> None:
    admin.add_cohort(ctx, args.name)
    print(f"Created cohort {args.name}.")


def _cohort_join(ctx: ServerContext, args: argparse.Namespace) -> None:
    admin.add_to_cohort(ctx, args.user, args.name)
    print(f"{args.user} is now in {args.name}.")


def _mentor_assign(ctx: ServerContext, args: argparse.Namespace) -> None:
    admin.assign_mentor(ctx, args.mentor, args.intern)
    print(f"{args.mentor} now mentors {args.intern}.")


def _mentor_unassign(ctx: ServerContext, args: argparse.Namespace) -> None:
    admin.unassign_mentor(ctx, args.mentor, args.intern)
    print(f"{args.mentor} no longer mentors {args.intern}.")


def _roster_import(ctx: ServerContext, args: argparse.Namespace) -> int:
    try:
        result = admin.import_roster(ctx, args.file)
    except admin.RosterError as exc:
        for line, message in exc.errors:
            print(f"{args.file}: line {line}: {message}", file=sys.stderr)
        print(f"Nothing imported: {len(exc.errors)} problem(s).", file=sys.stderr)
        return 1
    print(f"Imported {len(result.created)} user(s).")
    if result.codes:
        out = Path(args.codes_out or Path(args.file).with_suffix(".codes.csv"))
        import csv

        fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(["username", "code", "expires_at", "server_url"])
            for name, enr in result.codes.items():
                writer.writerow([name, enr.code, enr.expires_at.isoformat(), enr.server_url])
        print(f"Enrollment codes for {len(result.codes)} user(s) without a password: {out}")
    return 0


def _device_list(ctx: ServerContext, args: argparse.Namespace) -> None:
    rows = admin.list_devices(ctx, args.user)
    if not rows:
        print("No devices.")
    for d in rows:
        state = "revoked" if d.revoked else ("wipe ordered" if d.wipe_requested else "active")
        seen = d.last_seen.strftime("%Y-%m-%d %H:%M") if d.last_seen else "never"
        print(f"{d.id}\t{d.username}\t{d.device_id}\t{d.name or '-'}\t{state}\tlast seen {seen}")


def _device_revoke(ctx: ServerContext, args: argparse.Namespace) -> None:
    row_id = admin.revoke_device(ctx, args.device, args.user)
    print(f"Device {row_id} revoked.")


def _device_wipe(ctx: ServerContext, args: argparse.Namespace) -> None:
    row_id = admin.wipe_device(ctx, args.device, args.user)
    print(f"Device {row_id} will wipe its local data the next time it syncs.")


def _enroll(ctx: ServerContext, args: argparse.Namespace) -> None:
    if args.server_url:
        ctx.config.public_url = args.server_url
    enr = admin.create_enrollment(ctx, args.name, days=args.days)
    admin.write_enrollment_file(enr, Path(args.out))
    print(
        f"Enrollment file for {args.name} written to {args.out} (code {enr.code}, valid until "
        f"{enr.expires_at:%Y-%m-%d %H:%M} UTC)."
    )


def _task_add(ctx: ServerContext, args: argparse.Namespace) -> None:
    tid = admin.add_task(
        ctx,
        args.title,
        intern=args.intern,
        cohort=args.cohort,
        due=args.due,
        description=args.description or "",
    )
    print(f"Created task {tid}.")


def _module_publish(ctx: ServerContext, args: argparse.Namespace) -> None:
    module_id, version = admin.publish_module(ctx, Path(args.dir), args.cohort)
    print(f"Published module {module_id} version {version} to {', '.join(args.cohort)}.")


def _export(ctx: ServerContext, args: argparse.Namespace) -> None:
    if args.what == "submissions":
        admin.export_submissions(ctx, args.out)
    else:
        admin.export_reviews(ctx, args.out)
    print(f"Wrote {args.out}.")


def _demo_seed(ctx: ServerContext, _args: argparse.Namespace) -> None:
    admin.demo_seed(ctx)
    print(
        f"Demo data ready: cohort {admin.DEMO_COHORT!r}; users admin, coord, mentor, ayesha, sana; "
        f"password {admin.DEMO_PASSWORD}."
    )


def _purge(ctx: ServerContext, args: argparse.Namespace) -> None:
    count = admin.purge_tombstones(ctx, args.up_to)
    print(f"Purged {count} tombstone(s); devices with older cursors will re-sync fully.")


def _purge_uploads(ctx: ServerContext, _args: argparse.Namespace) -> None:
    count = files.expire_uploads(ctx)
    print(
        f"Deleted {count} unfinished upload(s) untouched for {ctx.config.upload_expiry_days} days "
        "(the server also does this by itself every hour)."
    )


def _resync_all(ctx: ServerContext, _args: argparse.Namespace) -> None:
    admin.force_full_resync(ctx)
    print("Every device will re-sync from scratch at its next sync.")


# ---------------------------------------------------------------- parser


def build_parser() -> argparse.ArgumentParser:
    common = _common()
    parser = argparse.ArgumentParser(
        prog="fieldapp-server",
        parents=[common],
        description="Run and administer the fieldapp central server.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def cmd(parent: Any, name: str, handler: Handler, help_text: str) -> argparse.ArgumentParser:
        p: argparse.ArgumentParser = parent.add_parser(
            name, parents=[common], help=help_text, description=help_text
        )
        p.set_defaults(handler=handler)
        return p

    p = cmd(sub, "serve", _serve, "run the HTTP server (migrates the database first)")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--workers", type=int, default=1, help="worker processes (use PostgreSQL for more than 1)")

    user = sub.add_parser("user", help="manage users").add_subparsers(
        dest="action", required=True, metavar="ACTION"
    )
    p = cmd(user, "add", _user_add, "create a user")
    p.add_argument("name")
    p.add_argument("--role", required=True, choices=["intern", "mentor", "coordinator", "admin"])
    p.add_argument("--cohort")
    p.add_argument("--display-name")
    p.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    p = cmd(user, "password", _user_password, "set a user's password (from --password-stdin)")
    p.add_argument("name")
    p.add_argument("--password-stdin", action="store_true")
    cmd(user, "list", _user_list, "list users")

    cohort = sub.add_parser("cohort", help="manage cohorts").add_subparsers(
        dest="action", required=True, metavar="ACTION"
    )
    p = cmd(cohort, "add", _cohort_add, "create a cohort")
    p.add_argument("name")
    p = cmd(cohort, "join", _cohort_join, "put a user in a cohort")
    p.add_argument("name")
    p.add_argument("user")

    mentor = sub.add_parser("mentor", help="mentor assignments").add_subparsers(
        dest="action", required=True, metavar="ACTION"
    )
    for name, handler in (("assign", _mentor_assign), ("unassign", _mentor_unassign)):
        p = cmd(mentor, name, handler, f"{name} a mentor to an intern")
        p.add_argument("mentor")
        p.add_argument("intern")

    roster = sub.add_parser("roster", help="bulk users").add_subparsers(
        dest="action", required=True, metavar="ACTION"
    )
    p = cmd(
        roster, "import", _roster_import, "create users from a CSV file (all or nothing; see docs/deploy.md)"
    )
    p.add_argument("file")
    p.add_argument("--codes-out", help="where to write enrollment codes (default: FILE.codes.csv)")

    device = sub.add_parser("device", help="devices").add_subparsers(
        dest="action", required=True, metavar="ACTION"
    )
    p = cmd(device, "list", _device_list, "list devices")
    p.add_argument("--user")
    for name, handler, text in (
        ("revoke", _device_revoke, "refuse a device from now on"),
        ("wipe", _device_wipe, "order a device to delete its local data"),
    ):
        p = cmd(device, name, handler, text)
        p.add_argument("device", help="id from 'device list', or the device's own id")
        p.add_argument("--user", help="the user, when several share the device")

    p = cmd(sub, "enroll", _enroll, "write a one-time .fieldenroll setup file for a user's device")
    p.add_argument("name")
    p.add_argument("--out", required=True)
    p.add_argument("--days", type=int, help="days the code stays valid (default 7)")
    p.add_argument("--server-url", help="address devices use (default FIELDAPP_PUBLIC_URL)")

    task = sub.add_parser("task", help="tasks").add_subparsers(dest="action", required=True, metavar="ACTION")
    p = cmd(task, "add", _task_add, "create a task for an intern or a whole cohort")
    p.add_argument("title")
    who = p.add_mutually_exclusive_group(required=True)
    who.add_argument("--intern")
    who.add_argument("--cohort")
    p.add_argument("--due", type=_date, help="YYYY-MM-DD")
    p.add_argument("--description")

    module = sub.add_parser("module", help="training modules").add_subparsers(
        dest="action", required=True, metavar="ACTION"
    )
    p = cmd(module, "publish", _module_publish, "publish a module folder (docs/content-format.md) to cohorts")
    p.add_argument("dir")
    p.add_argument("--cohort", required=True, action="append", help="cohort name (repeat for several)")

    p = cmd(sub, "export", _export, "export submissions or reviews as CSV")
    p.add_argument("what", choices=["submissions", "reviews"])
    p.add_argument("--out", required=True)

    cmd(sub, "demo-seed", _demo_seed, "create demo users, a cohort, tasks and a module (password demo1234)")
    p = cmd(sub, "purge-tombstones", _purge, "forget deletions up to a sequence number (old devices re-sync)")
    p.add_argument("--up-to", type=int)
    cmd(sub, "resync-all", _resync_all, "make every device re-sync from scratch (after restoring a backup)")
    cmd(sub, "purge-uploads", _purge_uploads, "delete unfinished uploads untouched for 7 days (or as set)")

    try:
        from fieldapp.server import packs  # written by the packs helper
    except ImportError:
        packs = None  # type: ignore[assignment]
    if packs is not None and hasattr(packs, "register_cli"):
        packs.register_cli(sub)
    return parser


def open_context(args: argparse.Namespace) -> ServerContext:
    """The context every subcommand uses: flags, then environment, then defaults."""
    cfg = ServerConfig.from_env(getattr(args, "data_dir", None), getattr(args, "database", None))
    return ServerContext.open(cfg)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    args.open_context = lambda: open_context(args)
    try:
        handler = getattr(args, "handler", None)
        if handler is None and hasattr(args, "func"):
            result = args.func(args)
            return int(result or 0)
        ctx = open_context(args)
        try:
            assert handler is not None
            return int(handler(ctx, args) or 0)
        finally:
            ctx.close()
    except DomainError as exc:
        print(f"fieldapp-server: {exc.message}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # a clear line instead of a traceback (which could hold secrets)
        print(f"fieldapp-server: {type(exc).__name__}: {_first_line(exc)}", file=sys.stderr)
        return 1


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else "unexpected error"


if __name__ == "__main__":
    sys.exit(main())
