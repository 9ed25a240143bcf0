"""Two people on one laptop: each works in her own profile; neither sees the other's work."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.helpers.records import World

from fieldapp.core.app import FieldApp
from fieldapp.core.errors import StoreError
from fieldapp.device.people import WrongPin
from fieldapp.device.setup import Device


def test_two_people_cannot_see_each_others_work(tmp_path: Path) -> None:
    world = World()
    device = Device.open(tmp_path / "laptop", fingerprint="m")
    amina = device.people.add("Amina", "1111")
    sana = device.people.add("Sana", "2222")

    amina_open = device.people.unlock(amina.id, "1111")
    amina_dir = amina_open.profile_dir
    with amina_open.open_app() as app:
        world.seed(app, as_user=world.intern)
        app.submissions.save_draft(world.task.id, "Half-written notes about the schools")
        photo = tmp_path / "school.jpg"
        photo.write_bytes(b"\xff\xd8 school photo")
        ref = app.blobs.put_file(photo)
        submission_id, _ = app.submissions.submit(world.task.id, "Three schools mapped.", [ref])
        assert app.sync_store.pending_count() == 1

    sana_open = device.people.unlock(sana.id, "2222")
    sana_dir = sana_open.profile_dir
    assert sana_dir != amina_dir
    with sana_open.open_app() as app:
        world.seed(app, as_user=world.other_intern)
        assert app.submissions.list() == []
        assert app.submissions.draft(world.task.id) is None
        assert app.sync_store.pending_count() == 0
        assert not app.blobs.has(ref.sha256)
        assert app.status().user == "sana"

    # Her own work is intact and only in her folder.
    with FieldApp.open(amina_dir, key=amina_open.key) as app:
        assert [s.id for s in app.submissions.list()] == [submission_id]
    # Sana's key does not open Amina's data.
    with pytest.raises(StoreError):
        FieldApp.open(amina_dir, key=sana_open.key)
    assert not any(b"Three schools mapped" in p.read_bytes() for p in sana_dir.rglob("*") if p.is_file())
    # And Sana's PIN does not open Amina's profile.
    with pytest.raises(WrongPin):
        device.people.unlock(amina.id, "2222")
