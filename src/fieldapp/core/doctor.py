"""``fieldapp doctor``: health checks an installer can read. Each check answers in plain words and says
how to fix what it finds.

Other parts add checks (keyring, server reachability, clock skew) with :func:`register_check` in a module
listed in :data:`CHECK_MODULES`; that module is imported when the doctor runs, and skipped if missing.
"""

from __future__ import annotations

import importlib
import logging
import platform
import shutil
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import fieldapp
from fieldapp.core.errors import FieldAppError
from fieldapp.core.store import DB_NAME, LATEST_VERSION
from fieldapp.core.vault import DataKey

__all__ = [
    "CHECK_MODULES",
    "CheckResult",
    "DoctorContext",
    "register_check",
    "run_checks",
]

log = logging.getLogger(__name__)

#: Modules that register extra checks when imported (missing ones are skipped).
CHECK_MODULES = ["fieldapp.sync.doctor", "fieldapp.device.doctor", "fieldapp.bundles.doctor"]
#: Below this much free space, saving photos and syncing start to fail.
MIN_FREE_BYTES = 500 * 1024 * 1024


@dataclass(frozen=True)
class CheckResult:
    """One line of the report: ``fix`` says what to do when ``ok`` is False."""

    name: str
    ok: bool
    message: str
    fix: str = ""


@dataclass
class DoctorContext:
    """What checks may look at. ``app`` is the opened profile, or None when it could not be opened.

    ``key`` is her data key when her profile is locked by a PIN and the PIN was given; ``locked`` says
    the data checks must not open anything (a shared laptop checked without a PIN).
    """

    profile_dir: Path
    app: object | None = None
    notes: dict[str, object] = field(default_factory=dict)
    key: DataKey | None = field(default=None, repr=False)
    locked: bool = False


Check = Callable[[DoctorContext], CheckResult | list[CheckResult]]
_CHECKS: dict[str, Check] = {}


def register_check(name: str) -> Callable[[Check], Check]:
    """Decorator: add a check under ``name`` (registering a name again replaces the check)."""

    def add(check: Check) -> Check:
        _CHECKS[name] = check
        return check

    return add


def _existing_parent(path: Path) -> Path:
    while not path.exists() and path != path.parent:
        path = path.parent
    return path


@register_check("disk space")
def check_disk_space(ctx: DoctorContext) -> CheckResult:
    free = shutil.disk_usage(_existing_parent(ctx.profile_dir)).free
    mb = free // (1024 * 1024)
    if free < MIN_FREE_BYTES:
        return CheckResult(
            "disk space",
            False,
            f"Only {mb} MB free on the disk that holds fieldapp's data.",
            f"Free at least {MIN_FREE_BYTES // (1024 * 1024)} MB: delete old downloads or move videos off.",
        )
    return CheckResult("disk space", True, f"{mb} MB free.")


@register_check("database")
def check_database(ctx: DoctorContext) -> list[CheckResult]:
    from fieldapp.core.app import FieldApp  # Deferred: the doctor must run even if the store is broken.

    if ctx.locked:
        return [
            CheckResult(
                "database",
                True,
                "Each person's data is locked by her PIN, so it was not opened. To check one person's "
                "data, run 'fieldapp doctor --person NAME' and type her PIN.",
            )
        ]
    if not (ctx.profile_dir / DB_NAME).exists():
        return [CheckResult("database", True, f"No data yet in {ctx.profile_dir}; it is made on first use.")]
    try:
        app = FieldApp.open(ctx.profile_dir, key=ctx.key)
    except FieldAppError as exc:
        return [CheckResult("database", False, str(exc), "Ask your coordinator for help; do not delete it.")]
    ctx.app = app
    results = []
    if app.recovery is not None:
        results.append(
            CheckResult(
                "database recovery",
                False,
                app.recovery.message(),
                "Sync as soon as you can so the restored data is complete again.",
            )
        )
    problems = app.store.check_integrity()
    if problems:
        results.append(
            CheckResult(
                "database",
                False,
                f"The database has damage: {problems[0]}",
                "Close fieldapp and run it again; it restores the last good copy.",
            )
        )
    else:
        results.append(CheckResult("database", True, "The database is sound."))
    return results


@register_check("records left out")
def check_skipped_records(ctx: DoctorContext) -> CheckResult:
    """Records that came in but break the protocol's bounds: left out (never fatal), reported here."""
    sync_store = getattr(ctx.app, "sync_store", None)
    if sync_store is None:
        return CheckResult("records left out", True, "Not checked (the data could not be opened).")
    skipped = sync_store.skipped()
    if not skipped:
        return CheckResult("records left out", True, "Every record received could be read.")
    kinds = ", ".join(sorted({s.kind for s in skipped}))
    # Not this laptop's problem to fix, and nothing else is affected: information for the coordinator.
    return CheckResult(
        "records left out",
        True,
        f"{len(skipped)} record(s) received from the server or a pack could not be read and were left "
        f"out ({kinds}; first: {skipped[0].kind} {skipped[0].id}: {skipped[0].reason}). Everything else "
        "synced normally; tell your coordinator so the server's copy can be corrected.",
    )


@register_check("versions")
def check_versions(ctx: DoctorContext) -> CheckResult:
    schema = getattr(getattr(ctx.app, "store", None), "schema_version", LATEST_VERSION)
    return CheckResult(
        "versions",
        True,
        f"fieldapp {fieldapp.__version__}, Python {platform.python_version()},"
        f" SQLite {sqlite3.sqlite_version}, data schema {schema}.",
    )


def _load_plugins() -> None:
    for name in CHECK_MODULES:
        try:
            importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name is None or not name.startswith(exc.name):
                log.warning("Doctor checks in %s could not load: %s", name, exc)


def run_checks(profile_dir: Path, key: DataKey | None = None, locked: bool = False) -> list[CheckResult]:
    """Run every registered check; a check that crashes is reported as failed, never raised.

    ``key`` opens a PIN-locked profile; with ``locked`` her data is not opened at all.
    """
    _load_plugins()
    ctx = DoctorContext(profile_dir=profile_dir, key=key, locked=locked)
    results: list[CheckResult] = []
    try:
        for name, check in list(_CHECKS.items()):
            try:
                outcome = check(ctx)
            except Exception as exc:  # A broken check must not hide the others' answers.
                log.exception("Doctor check %s failed", name)
                outcome = CheckResult(name, False, f"The check itself failed: {exc}", "Report this problem.")
            results.extend(outcome if isinstance(outcome, list) else [outcome])
    finally:
        close = getattr(ctx.app, "close", None)
        if close is not None:
            close()
    return results
