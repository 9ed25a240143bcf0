"""The store of a PIN-locked profile (SQLCipher): backups stay encrypted, damage is still recovered with
the unsent work salvaged, an old plain file is converted and migrated, and a wrong key changes nothing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from tests.helpers.records import World

from fieldapp.core.app import FieldApp
from fieldapp.core.errors import CorruptDatabase
from fieldapp.core.store import DB_NAME, LATEST_VERSION, Store
from fieldapp.core.store.connection import SQLITE_HEADER, is_plain_sqlite, raw_connect
from fieldapp.core.vault import DataKey

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "db"
KEY = DataKey(b"\x07" * 32)


def _page_of(path: Path, table: str) -> tuple[int, int]:
    conn = raw_connect(str(path), KEY)
    page_size = int(conn.execute("PRAGMA page_size").fetchone()[0])  # SQLCipher answers with text
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)).fetchone()[0]
    conn.close()
    return (root - 1) * page_size, page_size


def test_backups_of_an_encrypted_store_are_encrypted_with_the_same_key(tmp_path: Path) -> None:
    profile = tmp_path / "p"
    with FieldApp.open(profile, key=KEY) as app:
        World().seed(app)
    copies = [p for p in (profile / "backups").iterdir() if p.is_file()]
    assert copies
    for copy in [*copies, profile / DB_NAME]:
        assert not is_plain_sqlite(copy)
        conn = raw_connect(str(copy), KEY)
        assert conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
        conn.close()


def test_a_damaged_encrypted_file_is_recovered_and_unsent_work_salvaged(tmp_path: Path) -> None:
    profile = tmp_path / "p"
    world = World()
    with FieldApp.open(profile, key=KEY) as app:
        world.seed(app)
    good_before_change = tmp_path / "good.db"
    shutil.copy(profile / "backups" / "last-good.db", good_before_change)
    with FieldApp.open(profile, key=KEY) as app:
        app.submissions.save_draft(world.task.id, "Notes from the visit")
        app.tasks.set_status(world.assignment.id, "done")
        mutation_id = app.sync_store.pending_mutations()[0].id
        app.store.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    path = profile / DB_NAME
    offset, _size = _page_of(path, "modules")
    with open(path, "r+b") as handle:
        handle.seek(offset + 100)
        handle.write(b"\xff" * 64)  # the page's authentication fails: damage, not a wrong key
    shutil.copy(good_before_change, profile / "backups" / "last-good.db")

    with FieldApp.open(profile, key=KEY) as app:
        report = app.recovery
        assert report is not None and report.salvaged_mutations == 1
        assert [m.id for m in app.sync_store.pending_mutations()] == [mutation_id]
        assert app.submissions.draft(world.task.id).text == "Notes from the visit"  # type: ignore[union-attr]
        assert app.store.check_integrity() == []
    assert not is_plain_sqlite(report.moved_to)  # the damaged file is kept, still encrypted


def test_a_wrong_key_moves_nothing_aside(tmp_path: Path) -> None:
    profile = tmp_path / "p"
    with FieldApp.open(profile, key=KEY) as app:
        World().seed(app)
    before = sorted(p.name for p in profile.rglob("*"))
    data = (profile / DB_NAME).read_bytes()
    with pytest.raises(CorruptDatabase, match="nothing was changed"):
        Store.open(profile, DataKey(b"\x08" * 32))
    assert sorted(p.name for p in profile.rglob("*")) == before
    assert (profile / DB_NAME).read_bytes() == data


@pytest.mark.parametrize("version", [1])
def test_an_old_plain_file_is_encrypted_then_migrated(tmp_path: Path, version: int) -> None:
    fixture = FIXTURES / f"v{version}.sqlite"
    if not fixture.exists():
        pytest.skip("no fixture for this version")
    profile = tmp_path / "p"
    profile.mkdir()
    shutil.copy(fixture, profile / DB_NAME)
    store = Store.open(profile, KEY)
    try:
        assert store.encrypted and store.schema_version == LATEST_VERSION
    finally:
        store.close()
    for path in [profile / DB_NAME, *(profile / "backups").iterdir()]:
        if path.is_file():
            assert path.read_bytes()[:16] != SQLITE_HEADER, path.name
    assert not (profile / (DB_NAME + ".encrypting")).exists()
