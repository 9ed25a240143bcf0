"""Data at rest on a shared laptop is hers alone: without her PIN a copy of her folder, another OS user or
another person on the same account (even with a modified client) reads none of her text or files."""

from __future__ import annotations

import base64
import json
import os
import shutil
import signal
import sqlite3
import stat
import sys
import time
from pathlib import Path

import keyring
import keyring.backend
import pytest
from tests.helpers.keyrings import MemoryKeyring
from tests.helpers.records import World

from fieldapp.config.logging import setup_logging
from fieldapp.config.settings import Settings
from fieldapp.core.app import FieldApp
from fieldapp.core.errors import StoreError
from fieldapp.core.store import DB_NAME
from fieldapp.core.vault import VAULT_FILE, DataKey, ProfileLocked, vault_info
from fieldapp.device.enrollment import pending_code, save_pending_code, typed_setup
from fieldapp.device.people import PeopleRegistry, UnlockedProfile, WrongPin
from fieldapp.device.setup import Device
from fieldapp.sync.credentials import FALLBACK_FILE, CredentialStore

PIN = "482913"
SERVER = "http://127.0.0.1:9"
TEXT = "Three girls' schools mapped near the river crossing"
DRAFT = "Half-written: the headmistress asked not to be named"
FILE_MARKER = b"PHOTO-OF-THE-SCHOOL-GATE-"
TOKEN = "tok-5f1c0ffee-secret-token"
CODE = "WXYZ-2345-KLMN"


def _needles(key: DataKey | None = None) -> list[bytes]:
    found = [TEXT.encode(), DRAFT.encode(), FILE_MARKER, TOKEN.encode(), CODE.encode()]
    found.append(CODE.replace("-", "").encode())
    # Also in the encodings a careless format would use.
    found += [TEXT.encode("utf-16-le"), base64.b64encode(FILE_MARKER)[:20]]
    if key is not None:
        found += [key.raw, key.raw.hex().encode(), base64.b64encode(key.raw)]
    found.append(PIN.encode())
    return found


def _leaks(folder: Path, needles: list[bytes]) -> list[str]:
    hits = []
    for path in folder.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            hits += [f"{path.relative_to(folder)}: {n[:12]!r}" for n in needles if n in data]
    return hits


def _her_work(device: Device, tmp_path: Path) -> UnlockedProfile:
    """Amina on a shared laptop with a submission, an attached photo, a draft, a code and a token."""
    amina = device.people.add_and_unlock("Amina", PIN)
    device.enroll_person(amina.person, typed_setup(SERVER, CODE), amina.key)
    world = World()
    with amina.open_app() as app:
        world.seed(app, as_user=world.intern)
        photo = tmp_path / "gate.jpg"
        photo.write_bytes(b"\xff\xd8\xff" + (FILE_MARKER + os.urandom(40)) * 3000)
        ref = app.blobs.put_file(photo)
        app.submissions.submit(world.task.id, TEXT, [ref])
        app.submissions.save_draft(world.task.id, DRAFT)
        CredentialStore.for_app(app).save(SERVER, TOKEN)
    return amina


@pytest.mark.parametrize("keyring_kind", ["os keyring", "fallback file"])
def test_a_copied_folder_and_the_shared_keyring_hold_nothing_of_hers(
    tmp_path: Path, keyring_kind: str, memory_keyring: MemoryKeyring
) -> None:
    if keyring_kind == "fallback file":
        from keyring.backends import fail

        keyring.set_keyring(fail.Keyring())
    device = Device.open(tmp_path / "laptop", fingerprint="enc")
    amina = _her_work(device, tmp_path)
    # Copy the folder while she is working (the WAL holds the latest writes) and again after.
    with amina.open_app() as app:
        app.submissions.save_draft(app.tasks.list()[0].id, DRAFT + " (edited)")
        assert (amina.profile_dir / (DB_NAME + "-wal")).exists()
        shutil.copytree(device.dir, tmp_path / "copy-open")
    shutil.copytree(device.dir, tmp_path / "copy-closed")
    assert (amina.profile_dir / "backups" / "last-good.db").exists()
    assert any((amina.profile_dir / "blobs").rglob("*"))
    if keyring_kind == "fallback file":
        assert (amina.profile_dir / FALLBACK_FILE).exists()
    else:
        assert memory_keyring.secrets  # her token and code are in the shared keyring...
        stored = "".join(memory_keyring.secrets.values()).encode()
        assert not [n for n in _needles(amina.key) if n in stored]  # ...sealed with her key
    for copy in ("copy-open", "copy-closed"):
        assert _leaks(tmp_path / copy, _needles(amina.key)) == [], copy
    # Not even a SQLite tool opens her database without the key.
    copied_db = tmp_path / "copy-closed" / amina.profile_dir.relative_to(device.dir) / DB_NAME
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(copied_db).execute("SELECT * FROM sqlite_master").fetchall()
    # With her PIN everything is there.
    again = device.people.unlock(amina.person.id, PIN)
    with again.open_app() as app:
        [view] = app.submissions.list()
        assert app.submissions.draft(view.task_id) is not None
        [revision_file] = [sha for sha in app.blobs.all_shas()]
        assert FILE_MARKER in app.blobs.read_bytes(revision_file)
        assert CredentialStore.for_app(app).load(SERVER) == TOKEN
        assert pending_code(app.profile_dir, SERVER, app.data_key) == CODE


def test_without_her_pin_nothing_opens(tmp_path: Path, memory_keyring: MemoryKeyring) -> None:
    device = Device.open(tmp_path / "laptop", fingerprint="enc")
    amina = _her_work(device, tmp_path)
    sana = device.people.add_and_unlock("Sana", "777111")
    before = {p: p.read_bytes() for p in amina.profile_dir.rglob("*") if p.is_file()}
    with pytest.raises(WrongPin):
        device.people.unlock(amina.person.id, "777111")
    with pytest.raises(ProfileLocked, match="PIN"):
        FieldApp.open(amina.profile_dir)
    # A modified client with someone else's key (Sana's), or a random one, reads nothing either.
    for key in (sana.key, DataKey.generate()):
        with pytest.raises(StoreError):
            FieldApp.open(amina.profile_dir, key=key)
        assert CredentialStore(amina.profile_dir, key).load(SERVER) is None
    with pytest.raises(ProfileLocked):
        CredentialStore(amina.profile_dir).load(SERVER)
    with pytest.raises(ProfileLocked):
        save_pending_code(amina.profile_dir, SERVER, "NEW-CODE-0000")  # never stored unsealed beside it
    # And nothing of hers was changed, moved aside or "recovered" by those attempts.
    after = {p: p.read_bytes() for p in amina.profile_dir.rglob("*") if p.is_file()}
    assert after == before


def test_the_vault_holds_no_secret_and_a_pin_change_rewraps_the_same_key(tmp_path: Path) -> None:
    registry = PeopleRegistry(tmp_path)
    amina = registry.add_and_unlock("Amina", PIN)
    text = (amina.profile_dir / VAULT_FILE).read_text()
    content = json.loads(text)
    assert content["kdf"]["name"] == "argon2id" and content["wrap"]["alg"] == "AES-256-GCM"
    for needle in (PIN, amina.key.raw.hex(), base64.b64encode(amina.key.raw).decode()):
        assert needle not in text
    assert repr(amina.key) == "DataKey(<hidden>)" and amina.key.raw.hex() not in repr(amina)
    with pytest.raises(TypeError):
        import pickle

        pickle.dumps(amina.key)
    old_wrap = content["wrap"]["wrapped_key"]
    registry.change_pin(amina.person.id, PIN, "111222")
    assert json.loads((amina.profile_dir / VAULT_FILE).read_text())["wrap"]["wrapped_key"] != old_wrap
    assert registry.unlock(amina.person.id, "111222").key == amina.key
    with pytest.raises(WrongPin):
        registry.unlock(amina.person.id, PIN)


def _modes(root: Path) -> dict[str, int]:
    """Every entry's mode, except that a folder's is reported as 0o700 only when it is one (and a file's
    as 0o600 only when it is one), so a file that is 0700 or a folder that is 0600 shows up too."""
    modes = {}
    for path in [root, *root.rglob("*")]:
        mode = stat.S_IMODE(path.stat().st_mode)
        wanted = 0o700 if path.is_dir() else 0o600
        modes[str(path.relative_to(root))] = mode if mode != wanted else 0
    return modes


@pytest.mark.skipif(os.name != "posix", reason="POSIX modes")
def test_folders_are_0700_and_files_0600_whatever_the_umask(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        device = Device.open(tmp_path / "laptop", fingerprint="modes")
        amina = _her_work(device, tmp_path)
        setup_logging(amina.profile_dir / "logs")
        import logging

        logging.getLogger("fieldapp.test").warning("a line")
        Settings(amina.profile_dir).save()
        with amina.open_app() as app:
            sha = next(iter(app.blobs.all_shas()))
            view = app.blobs.view_copy(sha, "gate.jpg")
            assert (amina.profile_dir / (DB_NAME + "-wal")).exists()
            modes = _modes(device.dir)
            assert stat.S_IMODE(view.stat().st_mode) == 0o600
        bad = {name: oct(mode) for name, mode in modes.items() if mode}
        assert bad == {}
        assert any("view" in name for name in modes) and any(name.endswith("-wal") for name in modes)
        # An older install left 0755 / 0644 everywhere: opening fixes it.
        for path in [device.dir, *device.dir.rglob("*")]:
            path.chmod(0o755 if path.is_dir() else 0o644)
        Device.open(device.dir, fingerprint="modes")
        with device.people.unlock(amina.person.id, PIN).open_app():
            pass
        bad = {n: oct(m) for n, m in _modes(device.dir).items() if m}
        assert bad == {}
    finally:
        os.umask(old)
        logging_root = __import__("logging").getLogger("fieldapp")
        for handler in list(logging_root.handlers):
            if getattr(handler, "_fieldapp", False):
                logging_root.removeHandler(handler)
                handler.close()


def _old_version_profile(tmp_path: Path, name: str = "laptop") -> tuple[Device, str]:
    """A laptop set up by a version before encryption: plain database, plain files, plain secrets."""
    device = Device.open(tmp_path / name, fingerprint="old")
    person = device.people.add("Amina", PIN)
    profile = device.people.profile_dir(person.id)
    (profile / VAULT_FILE).unlink()  # what the old version had: no vault at all
    world = World()
    with FieldApp.open(profile) as app:
        world.seed(app, as_user=world.intern)
        for n in range(40):  # enough files that a kill lands in the middle of converting them
            app.blobs.put_bytes(FILE_MARKER + os.urandom(30_000 + n), f"f{n}.jpg", "image/jpeg")
        ref = app.blobs.put_bytes(b"\xff\xd8\xff" + FILE_MARKER * 2000, "gate.jpg", "image/jpeg")
        app.submissions.submit(world.task.id, TEXT, [ref])
        app.submissions.save_draft(world.task.id, DRAFT)
    _old_secrets(profile)
    # Mid-sync state an old version may leave: a plaintext partial download.
    (profile / "blobs" / "tmp").mkdir(exist_ok=True)
    (profile / "blobs" / "tmp" / ("d" * 64 + ".part")).write_bytes(TEXT.encode() * 10)
    assert _leaks(profile, [TEXT.encode(), FILE_MARKER, CODE.encode(), TOKEN.encode()])
    return device, person.id


def _old_secrets(profile: Path) -> None:
    """Her code and token as an old version kept them (in the clear). Stored per folder path, so a copied
    folder needs its own."""
    save_pending_code(profile, SERVER, CODE)
    CredentialStore(profile).save(SERVER, TOKEN)


def _check_upgraded(device: Device, person_id: str) -> None:
    profile = device.people.profile_dir(person_id)
    unlocked = device.people.unlock(person_id, PIN)
    assert vault_info(profile)["protected"] is True
    assert _leaks(profile, _needles(unlocked.key)) == []
    with unlocked.open_app() as app:
        [view] = app.submissions.list()
        assert app.submissions.draft(view.task_id) is not None
        assert len(app.blobs.all_shas()) == 41 and app.blobs.plain_files() == []
        for sha in app.blobs.all_shas():
            assert FILE_MARKER in app.blobs.read_bytes(sha)
        assert CredentialStore.for_app(app).load(SERVER) == TOKEN
        assert pending_code(profile, SERVER, app.data_key) == CODE
        assert app.store.check_integrity() == []


def test_an_older_profile_is_locked_at_her_first_unlock(tmp_path: Path) -> None:
    from keyring.backends import fail

    keyring.set_keyring(fail.Keyring())
    device, person_id = _old_version_profile(tmp_path)
    with pytest.raises(WrongPin):  # the wrong PIN converts nothing
        device.people.unlock(person_id, "000000")
    assert not (device.people.profile_dir(person_id) / VAULT_FILE).exists()
    _check_upgraded(device, person_id)
    # A second unlock finds nothing left to do and the same key.
    first = device.people.unlock(person_id, PIN).key
    assert device.people.unlock(person_id, PIN).key == first


def test_encrypted_data_without_its_vault_is_never_given_a_new_key(tmp_path: Path) -> None:
    device = Device.open(tmp_path / "laptop", fingerprint="enc")
    amina = _her_work(device, tmp_path)
    vault = (amina.profile_dir / VAULT_FILE).read_bytes()
    (amina.profile_dir / VAULT_FILE).unlink()  # deleted by someone on the same account
    with pytest.raises(StoreError, match="key file"):
        device.people.unlock(amina.person.id, PIN)
    assert not (amina.profile_dir / VAULT_FILE).exists()
    (amina.profile_dir / VAULT_FILE).write_bytes(vault)  # restored from a backup: all is well again
    with device.people.unlock(amina.person.id, PIN).open_app() as app:
        assert app.submissions.list()


def _convert_in_child(device_dir: Path, person_id: str) -> None:  # pragma: no cover - runs in the child
    try:
        PeopleRegistry(device_dir).unlock(person_id, PIN)
    finally:
        os._exit(0)


@pytest.mark.skipif(sys.platform == "win32", reason="needs fork and SIGKILL")
def test_a_kill_in_the_middle_of_the_upgrade_loses_nothing(tmp_path: Path) -> None:
    from keyring.backends import fail

    keyring.set_keyring(fail.Keyring())
    template, person_id = _old_version_profile(tmp_path, "template")
    # How long an unkilled conversion takes here, to spread the kills over all of it.
    timing = tmp_path / "timing"
    shutil.copytree(template.dir, timing)
    _old_secrets(PeopleRegistry(timing).profile_dir(person_id))
    started = time.monotonic()
    PeopleRegistry(timing).unlock(person_id, PIN)
    duration = time.monotonic() - started
    trials = 8
    for trial in range(trials):
        laptop = tmp_path / f"trial{trial}"
        shutil.copytree(template.dir, laptop)
        _old_secrets(PeopleRegistry(laptop).profile_dir(person_id))
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the child never returns normally
            _convert_in_child(laptop, person_id)
        time.sleep(duration * (trial + 0.5) / trials)
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        # Whatever state the kill left, the next unlock finishes the job and everything is there.
        _check_upgraded(Device.open(laptop, fingerprint="old"), person_id)


def test_a_planted_unlocked_database_is_never_adopted(tmp_path: Path) -> None:
    device = Device.open(tmp_path / "laptop", fingerprint="enc")
    amina = _her_work(device, tmp_path)
    with FieldApp.open(tmp_path / "planted") as fake:  # someone else's plain file, with records of theirs
        World().seed(fake)
    for suffix in ("", "-wal", "-shm"):
        (amina.profile_dir / (DB_NAME + suffix)).unlink(missing_ok=True)
    shutil.copy(tmp_path / "planted" / DB_NAME, amina.profile_dir / DB_NAME)
    unlocked = device.people.unlock(amina.person.id, PIN)
    with pytest.raises(StoreError, match="replaced"):
        unlocked.open_app()
    assert (amina.profile_dir / DB_NAME).read_bytes() == (tmp_path / "planted" / DB_NAME).read_bytes()
