"""The local store: pragmas, migrations from every fixture version, refusals, corruption recovery."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from tests.fixtures.db import make_fixtures as fx
from tests.helpers.records import World

from fieldapp.core.app import FieldApp
from fieldapp.core.errors import NewerSchemaError, StoreError
from fieldapp.core.store import DB_NAME, LATEST_VERSION, Store
from fieldapp.core.store.schema import MIGRATIONS

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "db"


def test_fresh_store_has_the_promised_pragmas(profile: Path) -> None:
    store = Store.open(profile)
    try:
        conn = store.db.conn
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000
        assert store.schema_version == LATEST_VERSION
        # A brand-new file is not copied before migrating; the last good copy exists after a clean check.
        assert [p.name for p in store.backups.iterdir()] == ["last-good.db"]
    finally:
        store.close()


def test_there_is_a_fixture_for_every_schema_version() -> None:
    for version in MIGRATIONS:
        assert (FIXTURES / f"v{version}.sqlite").exists(), f"run make_fixtures.py {version} and commit it"


def test_records_an_older_version_stored_that_break_the_bounds_are_set_aside(profile: Path) -> None:
    """Version 3: a revision stored before the server checked attachments (the path-like "hash" that once
    stopped every mentor's sync) leaves the tables, so no screen meets it, and is noted once."""
    profile.mkdir()
    target = profile / DB_NAME
    shutil.copy(FIXTURES / "v2.sqlite", target)
    poisoned = {
        "id": "r-bad",
        "submission_id": "s1",
        "revision": 1,
        "text": "my work",
        "attachments": [{"sha256": "../../../../etc/passwd", "name": "../../.bashrc", "size": -5}],
    }
    conn = sqlite3.connect(target)
    conn.execute(
        "INSERT INTO revisions (id, submission_id, revision, data, scope, seq) VALUES (?, ?, ?, ?, ?, 9)",
        ("r-bad", "s1", 1, json.dumps(poisoned), f"intern:{fx.INTERN_ID}"),
    )
    conn.commit()
    conn.close()
    with FieldApp.open(profile) as app:
        assert app.store.query("SELECT id FROM revisions") == []
        [skipped] = app.sync_store.skipped()
        assert (skipped.kind, skipped.id, skipped.source) == ("revision", "r-bad", "stored")
        assert "sha256" in skipped.reason
        assert app.sync_store.blobs_to_download() == []  # the poison no longer reaches the file step


@pytest.mark.parametrize("version", sorted(MIGRATIONS))
def test_every_fixture_version_opens_migrated_with_data_intact(version: int, profile: Path) -> None:
    profile.mkdir()
    shutil.copy(FIXTURES / f"v{version}.sqlite", profile / DB_NAME)
    with FieldApp.open(profile) as app:
        assert app.store.schema_version == LATEST_VERSION
        assert [m.id for m in app.sync_store.pending_mutations()] == [fx.MUTATION_ID]
        assert app.sync_store.cursor() == "c2"
        row = app.store.query_one("SELECT status FROM assignments WHERE id = ?", (fx.ASSIGNMENT_ID,))
        assert row is not None and row["status"] == "in_progress"
        assert app.store.query_one("SELECT text FROM drafts")["text"] == "Half-written report"  # type: ignore[index]
        copies = sorted(p.name for p in app.store.backups.glob("fieldapp-v*.db"))
    # One copy before each migration step, named by the version it was taken at.
    assert [c.split("-")[1] for c in copies] == [f"v{v}" for v in range(version, LATEST_VERSION)]
    if copies:
        old = sqlite3.connect(app.store.backups / copies[0])
        assert old.execute("PRAGMA user_version").fetchone()[0] == version
        old.close()


def test_newer_schema_is_refused_and_left_untouched(profile: Path) -> None:
    Store.open(profile).close()
    path = profile / DB_NAME
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {LATEST_VERSION + 1}")
    conn.close()
    before = path.read_bytes()
    with pytest.raises(NewerSchemaError, match="newer version of fieldapp"):
        FieldApp.open(profile)
    assert path.read_bytes() == before


def test_foreign_sqlite_file_is_refused(profile: Path) -> None:
    profile.mkdir()
    conn = sqlite3.connect(profile / DB_NAME)
    conn.execute("CREATE TABLE photos (id INTEGER)")
    conn.close()
    with pytest.raises(StoreError, match="not one fieldapp made"):
        Store.open(profile)


def _table_page_offsets(path: Path, table: str) -> tuple[int, int]:
    conn = sqlite3.connect(path)
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)).fetchone()[0]
    conn.close()
    return (root - 1) * page_size, page_size


def test_corrupt_file_is_recovered_and_unsent_work_salvaged(profile: Path) -> None:
    world = World()
    with FieldApp.open(profile) as app:
        world.seed(app)  # The last good copy is taken when the app closes (and on the next open).
    good_before_change = profile / "good-before-change.db"
    shutil.copy(profile / "backups" / "last-good.db", good_before_change)
    with FieldApp.open(profile) as app:
        app.tasks.set_status(world.assignment.id, "done")
        app.submissions.save_draft(world.task.id, "Notes from the visit")
        mutation_id = app.sync_store.pending_mutations()[0].id
        app.store.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    # As after a crash: the last good copy predates the change, and a page of another table is damaged.
    path = profile / DB_NAME
    offset, size = _table_page_offsets(path, "modules")
    with open(path, "r+b") as handle:
        handle.seek(offset)
        handle.write(b"\xff" * size)
    shutil.copy(good_before_change, profile / "backups" / "last-good.db")

    with FieldApp.open(profile) as app:
        report = app.recovery
        assert report is not None
        assert report.moved_to.exists() and report.moved_to.parent.name == "backups"
        assert report.salvaged_mutations == 1
        assert "damaged" in report.message()
        assert [m.id for m in app.sync_store.pending_mutations()] == [mutation_id]
        # The salvaged change is visible again, and so is the draft.
        assert app.tasks.get(world.task.id).status.value == "done"
        assert app.submissions.draft(world.task.id).text == "Notes from the visit"  # type: ignore[union-attr]
        assert app.store.check_integrity() == []


def test_garbage_file_without_good_copy_starts_fresh_and_keeps_the_file(profile: Path) -> None:
    profile.mkdir()
    (profile / DB_NAME).write_bytes(b"this is not a database at all" * 200)
    with FieldApp.open(profile) as app:
        assert app.recovery is not None and app.recovery.restored_from is None
        assert app.recovery.moved_to.read_bytes().startswith(b"this is not a database")
        assert app.tasks.list() == []


def test_two_processes_worth_of_connections_and_threads_share_the_store(profile: Path) -> None:
    import threading

    world = World()
    with FieldApp.open(profile) as gui, FieldApp.open(profile) as cli:
        world.seed(gui)
        errors: list[BaseException] = []

        def lessons(app: FieldApp, lesson: str) -> None:
            try:
                for _ in range(20):
                    app.training.open_lesson(world.module.id, lesson)
            except BaseException as exc:  # pragma: no cover - reported below
                errors.append(exc)

        workers = [
            threading.Thread(target=lessons, args=(gui, "l1")),
            threading.Thread(target=lessons, args=(gui, "l2")),
            threading.Thread(target=lessons, args=(cli, "l1")),
        ]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
        assert errors == []
        assert cli.sync_store.pending_count() == gui.sync_store.pending_count() == 60
        assert cli.training.progress(world.module.id).opened == {"l1", "l2"}


def test_full_disk_is_a_clear_error_and_loses_nothing(app: FieldApp) -> None:
    world = World()
    world.seed(app)
    app.tasks.set_status(world.assignment.id, "in_progress")
    conn = app.store.db.conn
    # SQLite's own size cap gives the same SQLITE_FULL a full disk does.
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.execute(f"PRAGMA max_page_count = {pages}")
    with pytest.raises(StoreError, match="disk is full"):
        app.submissions.save_draft(world.task.id, "x" * 200_000)
    conn.execute("PRAGMA max_page_count = 1073741823")
    assert app.submissions.draft(world.task.id) is None
    assert len(app.sync_store.pending_mutations()) == 1
    assert app.store.check_integrity() == []
