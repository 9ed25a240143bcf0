"""Packs against a real server: content out of the server and into two people's profiles on one laptop,
work out of a laptop that never reached the server, handed in twice, then synced: nothing duplicated."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from fieldapp.bundles.local import export_work_pack, import_content_pack
from fieldapp.device.enrollment import code_sha256, pending_code, read_setup_file, save_pending_code
from fieldapp.device.people import UnlockedProfile
from fieldapp.device.setup import Device
from fieldapp.server import admin, packs
from fieldapp.server.db import tables as t
from fieldapp.server.testing import LiveServer
from fieldapp.sync.credentials import CredentialStore
from fieldapp.sync.service import sync_profile


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    with LiveServer(tmp_path_factory.mktemp("server"), env={"FIELDAPP_ARGON2_PROFILE": "test"}) as live:
        live.seed(admin.demo_seed)
        yield live


def _enroll(
    server: LiveServer, device: Device, name: str, username: str, folder: Path
) -> tuple[str, UnlockedProfile]:
    enrollment = server.seed(admin.create_enrollment, username)
    setup_file = folder / f"{username}.fieldenroll"
    admin.write_enrollment_file(enrollment, setup_file)
    unlocked = device.people.add_and_unlock(name, "2468")
    device.enroll_person(unlocked.person, read_setup_file(setup_file), unlocked.key)
    return enrollment.code, unlocked


def _server_count(server: LiveServer, table: t.Table) -> int:
    with server.context.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar_one())


def test_content_in_work_out_twice_then_sync(server: LiveServer, tmp_path: Path) -> None:
    content = tmp_path / "usb" / "bajaur.fieldpack"
    manifest = server.seed(packs.export_content_pack, admin.DEMO_COHORT, content)
    assert manifest.kind == "content" and manifest.record_count > 0

    device = Device.open(tmp_path / "laptop", fingerprint="laptop-1")
    code, ayesha_open = _enroll(server, device, "Ayesha", "ayesha", tmp_path / "usb")
    _, sana_open = _enroll(server, device, "Sana", "sana", tmp_path / "usb")
    ayesha_dir = ayesha_open.profile_dir
    pin = device.server
    assert pin is not None and pin.key == server.context.server_key_hex

    # Content into Ayesha's profile, offline: she is told who she is and sees her tasks and the module.
    with ayesha_open.open_app() as ayesha:
        first = import_content_pack(
            ayesha,
            content,
            trusted_key_hex=pin.key,
            username="ayesha",
            server_url=pin.url,
            device_id=device.identity.device_id,
        )
        assert first.signed_in_as == "ayesha"
        tasks = {task.title for task in ayesha.tasks.list()}
        assert "Introduce yourself" in tasks and len(tasks) == 3
        assert len(ayesha.training.list()) == 1
        assert first.files > 0 and all(ayesha.blobs.has(s) for s in ayesha.sync_store.referenced_blobs())
        # The same pack again counts once.
        again = import_content_pack(ayesha, content, trusted_key_hex=pin.key, username="ayesha")
        assert again.records == first.records
        assert len(ayesha.tasks.list()) == 3 and len(ayesha.training.list()) == 1

        task_id = next(task.id for task in ayesha.tasks.list() if task.title == "Introduce yourself")
        photo = tmp_path / "me.jpg"
        photo.write_bytes(b"\xff\xd8 a photo " * 200)
        ref = ayesha.blobs.put_file(photo)
        submission_id, _revision = ayesha.submissions.submit(task_id, "I am Ayesha.", [ref])
        pending = ayesha.sync_store.pending_count()
        assert pending >= 1

    # Sana's profile on the same laptop gets only what is hers: not Ayesha's own task, not her work.
    with sana_open.open_app() as sana:
        result = import_content_pack(
            sana, content, trusted_key_hex=pin.key, username="sana", server_url=pin.url
        )
        assert result.signed_in_as == "sana" and result.skipped > 0
        assert "Introduce yourself" not in {task.title for task in sana.tasks.list()}
        assert sana.submissions.list() == []

    # Work out: signed by the laptop, readable only by the server, endorsed by her enrollment code.
    work = tmp_path / "usb" / "ayesha-work.fieldpack"
    with ayesha_open.open_app() as ayesha:
        exported = export_work_pack(
            ayesha,
            work,
            device_id=device.identity.device_id,
            device_key=device.identity.key,
            server_key_hex=pin.key,
            proof=("enrollment", code_sha256(code)),
        )
    assert exported.changes == pending and exported.files == 1
    assert b"I am Ayesha" not in work.read_bytes()

    submissions_before = _server_count(server, t.submissions)
    first_in = server.seed(packs.import_work_pack, work)
    assert first_in.counts()["applied"] == pending
    second_in = server.seed(packs.import_work_pack, work)  # handed in twice
    assert second_in.counts()["duplicate"] == pending and second_in.counts()["applied"] == 0
    assert _server_count(server, t.submissions) == submissions_before + 1
    assert server.context.blobs.has(ref.sha256)

    # First contact: the ordinary sync redeems her code for a token, then sends the outbox again, and
    # the server answers "duplicate" for everything the pack already delivered.
    with ayesha_open.open_app() as ayesha:
        report = sync_profile(ayesha)
        assert report.complete, report.errors
        assert pending_code(ayesha_dir, pin.url, ayesha_open.key) is None
        assert CredentialStore(ayesha_dir, ayesha_open.key).load(pin.url)
        assert ayesha.sync_store.pending_count() == 0
        ids = [s.id for s in ayesha.submissions.list()]
        assert ids.count(submission_id) == 1
    assert _server_count(server, t.submissions) == submissions_before + 1


def test_work_pack_from_a_stranger_is_held_not_applied(server: LiveServer, tmp_path: Path) -> None:
    """A pack signed by a key no enrollment code or token of that person endorses applies nothing; it is
    kept for an administrator to decide (docs/security.md, "Setup codes and work packs")."""
    device = Device.open(tmp_path / "laptop", fingerprint="laptop-2")
    _code, sana_open = _enroll(server, device, "Sana", "sana", tmp_path)
    pin = device.server
    assert pin is not None
    content = tmp_path / "c.fieldpack"
    server.seed(packs.export_content_pack, admin.DEMO_COHORT, content)
    with sana_open.open_app() as sana:
        import_content_pack(sana, content, trusted_key_hex=pin.key, username="sana", server_url=pin.url)
        task_id = sana.tasks.list()[0].id
        sana.submissions.submit(task_id, "forged?")
        work = tmp_path / "w.fieldpack"
        export_work_pack(
            sana,
            work,
            device_id=device.identity.device_id,
            device_key=device.identity.key,
            server_key_hex=pin.key,
            proof=("enrollment", code_sha256("WRONG-CODE-1234")),
        )
    before = _server_count(server, t.applied_mutations)
    done = server.seed(packs.import_work_pack, work)
    assert done.held is not None and done.results == []
    assert "setup code" in done.held.reason
    assert _server_count(server, t.applied_mutations) == before
    assert [h.id for h in server.seed(packs.held_packs)] == [done.held.id]


def test_server_cli_pack_export_and_import(server: LiveServer, tmp_path: Path) -> None:
    out = tmp_path / "cli.fieldpack"
    base = [sys.executable, "-m", "fieldapp.server.cli"]
    done = subprocess.run(
        [
            *base,
            "pack",
            "export",
            "--cohort",
            admin.DEMO_COHORT,
            "--out",
            str(out),
            "--data-dir",
            str(server.data_dir),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "records" in done.stdout and out.exists()
    # A content pack is not a work pack: refused with one plain line, exit 1, no traceback.
    refused = subprocess.run(
        [*base, "pack", "import", str(out), "--data-dir", str(server.data_dir)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert refused.returncode == 1
    assert "not a work pack" in refused.stderr and "Traceback" not in refused.stderr


def test_first_contact_with_a_used_code_says_what_to_do(server: LiveServer, tmp_path: Path) -> None:
    import httpx

    from fieldapp.device.activation import activate_at_first_contact
    from fieldapp.server.testing import free_port
    from fieldapp.sync.backoff import RetryPolicy
    from fieldapp.sync.errors import NotSignedIn, Offline

    device = Device.open(tmp_path / "laptop", fingerprint="laptop-3")
    code, sana_open = _enroll(server, device, "Sana", "sana", tmp_path)
    profile, key = sana_open.profile_dir, sana_open.key
    pin = device.server
    assert pin is not None
    with sana_open.open_app() as app:
        # No network yet: the code stays for the next try.
        unreachable = f"http://127.0.0.1:{free_port()}"
        save_pending_code(profile, unreachable, code, key)
        with pytest.raises(Offline):
            activate_at_first_contact(app, unreachable, retry=RetryPolicy(attempts=1))
        assert pending_code(profile, unreachable, key) == code
        # Someone used the code on another laptop first (a copied setup file): refused, and forgotten.
        taken = httpx.post(
            server.api + "/auth/enroll", json={"code": code, "device_id": "elsewhere"}, timeout=10
        )
        assert taken.status_code == 200
        with pytest.raises(NotSignedIn, match="new setup file"):
            activate_at_first_contact(app, pin.url, retry=RetryPolicy(attempts=1))
        assert pending_code(profile, pin.url, key) is None


def test_password_sign_in_pins_the_server_key(tmp_path: Path) -> None:
    from fieldapp.device.enrollment import load_server_pin, remember_server_key

    remember_server_key(tmp_path, "https://a.example", "a" * 64)
    remember_server_key(tmp_path, "https://a.example", "b" * 64)  # a changed key is not taken silently
    assert load_server_pin(tmp_path).key == "a" * 64  # type: ignore[union-attr]
    remember_server_key(tmp_path, "https://b.example", "b" * 64)  # moved to another server
    assert load_server_pin(tmp_path).url == "https://b.example"  # type: ignore[union-attr]
