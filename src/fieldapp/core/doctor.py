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
    """What checks may look at. ``app`` is the opened profile, or None when it could not be opened."""

    profile_dir: Path
    app: object | None = None
    notes: dict[str, object] = field(default_factory=dict)


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

    if not (ctx.profile_dir / DB_NAME).exists():
        return [CheckResult("database", True, f"No data yet in {ctx.profile_dir}; it is made on first use.")]
    try:
        app = FieldApp.open(ctx.profile_dir)
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


def run_checks(profile_dir: Path) -> list[CheckResult]:
    """Run every registered check; a check that crashes is reported as failed, never raised."""
    _load_plugins()
    ctx = DoctorContext(profile_dir=profile_dir)
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
