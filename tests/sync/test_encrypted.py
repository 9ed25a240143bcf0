"""Sync of a profile locked by her PIN: files travel decrypted-on-read and encrypted-on-arrival,
interrupted transfers resume, the token is sealed, and the CLI and the GUI's sync worker get her key."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from bench.throttle_proxy import ThrottleProxy
from tests.helpers.cli import run_fieldapp
from tests.sync.support import FAST_RETRY, PASSWORD, Device, World

from fieldapp.core.app import FieldApp
from fieldapp.core.blobcrypt import SEGMENT
from fieldapp.core.vault import DataKey, create_vault, is_sealed
from fieldapp.device.setup import Device as Laptop
from fieldapp.sync import blobs as sync_blobs
from fieldapp.sync.backoff import RetryPolicy
from fieldapp.sync.credentials import FALLBACK_FILE, CredentialStore
from fieldapp.sync.service import login

MakeDevice = Callable[..., Device]
SIZE = 3 * 1024 * 1024 + 4321
CHUNK = sync_blobs.DEFAULT_CHUNK
OVERHEAD = 30_000
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def fixed_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sync_blobs, "MAX_CHUNK", CHUNK)


class LockedDevice(Device):
    """A signed-in profile whose data is locked by a PIN (its data key given to everything that opens it)."""

    def __init__(self, root: Path, world: World, short: str, url: str | None = None) -> None:
        self.server = world.server
        self.username = world.name(short)
        self.url = url or world.server.url
        self.profile = root / f"locked-{self.username}"
        self.profile.mkdir(parents=True)
        self.key: DataKey = create_vault(self.profile, "135790")
        self.app = FieldApp.open(self.profile, key=self.key)
        self.user = login(self.app, self.url, self.username, PASSWORD, retry=FAST_RETRY)

    def reopen(self) -> None:
        self.close()
        self.app = FieldApp.open(self.profile, key=self.key)
        self._closed = False

    @property
    def token(self) -> str | None:
        return CredentialStore(self.profile, self.key).load(self.url)


@pytest.fixture
def locked(tmp_path: Path, world: World) -> Callable[..., LockedDevice]:
    made: list[LockedDevice] = []

    def make(short: str, url: str | None = None) -> LockedDevice:
        dev = LockedDevice(tmp_path / "devices", world, short, url)
        made.append(dev)
        return dev

    yield make  # type: ignore[misc]
    for dev in made:
        dev.close()


def _samples(data: bytes) -> list[bytes]:
    """Slices of ``data`` that must never appear in the clear on disk."""
    return [data[i : i + 48] for i in range(0, len(data) - 48, len(data) // 16)]


def _plaintext_on_disk(profile: Path, data: bytes) -> list[str]:
    found = []
    for path in profile.rglob("*"):
        if path.is_file():
            raw = path.read_bytes()
            found += [str(path.relative_to(profile)) for s in _samples(data) if s in raw]
    return found


def test_a_locked_profile_uploads_from_its_encrypted_store_and_resumes(
    locked: Callable[..., LockedDevice], world: World, proxy: ThrottleProxy, tmp_path: Path
) -> None:
    intern = locked("i1", url=proxy.url)
    assert intern.sync_until_complete().complete
    token = intern.token
    assert token
    # The token on disk (the fallback file here: no keyring in these tests) is sealed with her key.
    stored = __import__("json").loads((intern.profile / FALLBACK_FILE).read_text())["tokens"]
    assert stored and all(is_sealed(v) for v in stored.values()) and token not in str(stored)
    data = os.urandom(SIZE)
    source = tmp_path / "clip.mp4"
    source.write_bytes(data)
    ref = intern.app.blobs.put_file(source)
    task = next(t for t in intern.app.tasks.list() if t.title == "Task for i1")
    intern.app.submissions.submit(task.id, "clip attached", [ref])
    assert _plaintext_on_disk(intern.profile, data) == []
    proxy.reset_counters()
    proxy.cut_up_after(SIZE // 2)
    first = intern.sync(retry=RetryPolicy(attempts=1))
    assert first.offline and first.pending_uploads == 1
    intern.reopen()
    second = intern.sync()
    assert second.complete, second
    assert world.blob(ref.sha256) == data  # the server got the plaintext, verified by its SHA-256
    assert proxy.bytes_up - SIZE <= CHUNK + OVERHEAD


def test_an_encrypted_download_resumes_and_never_sits_in_plaintext(
    device: MakeDevice,
    locked: Callable[..., LockedDevice],
    world: World,
    proxy: ThrottleProxy,
    tmp_path: Path,
) -> None:
    intern = device("i1")
    intern.sync_until_complete()
    data = os.urandom(SIZE)
    source = tmp_path / "clip.mp4"
    source.write_bytes(data)
    ref = intern.app.blobs.put_file(source)
    task = next(t for t in intern.app.tasks.list() if t.title == "Task for i1")
    intern.app.submissions.submit(task.id, "clip attached", [ref])
    assert intern.sync().complete

    mentor = locked("m1", url=proxy.url)
    proxy.reset_counters()
    proxy.cut_down_after(SIZE // 2)
    first = mentor.sync(retry=RetryPolicy(attempts=1))
    assert first.offline and first.pending_downloads == 1
    recorded = mentor.app.sync_store.transfer_offset(ref.sha256, "down")
    assert recorded > 0 and recorded % SEGMENT == 0  # only whole sealed segments count
    assert _plaintext_on_disk(mentor.profile, data) == []  # the partial file is encrypted too
    mentor.reopen()
    second = mentor.sync()
    assert second.complete, second
    assert mentor.app.blobs.read_bytes(ref.sha256) == data
    assert _plaintext_on_disk(mentor.profile, data) == []
    # Resumed, not restarted: at most one chunk and one segment came twice.
    assert proxy.bytes_down - SIZE <= CHUNK + SEGMENT + OVERHEAD
    assert second.bytes_downloaded <= SIZE - recorded + CHUNK


def test_cli_login_reads_her_pin_then_the_password_and_sync_needs_her_pin(
    world: World, tmp_path: Path
) -> None:
    laptop = Laptop.open(tmp_path / "laptop", fingerprint="cli")
    amina = laptop.people.add_and_unlock("Amina", "135790")
    laptop.people.add("Sana", "246800")
    who = ["--person", "Amina", "--pin-stdin"]
    done = run_fieldapp(
        laptop.dir,
        "login",
        "--server",
        world.server.url,
        "--username",
        world.name("i1"),
        *who,
        stdin="135790\n" + PASSWORD + "\n",
    )
    assert done.returncode == 0, done.stderr
    assert "Signed in as" in done.stdout and PASSWORD not in done.stdout + done.stderr
    # Her PIN is the first line: the wrong one signs nothing in.
    wrong = run_fieldapp(laptop.dir, "sync", *who, stdin="246800\n")
    assert wrong.returncode == 1 and "Wrong PIN" in wrong.stderr and "Traceback" not in wrong.stderr
    refused = run_fieldapp(laptop.dir, "sync", "--person", "Amina", stdin="")
    assert refused.returncode == 1 and "--pin-stdin" in refused.stderr
    done = run_fieldapp(laptop.dir, "sync", *who, stdin="135790\n")
    assert done.returncode == 0, done.stderr
    with amina.open_app() as app:
        token = CredentialStore.for_app(app).load(world.server.url)
        assert app.session is not None and app.session.user.username == world.name("i1")
    assert token
    for path in amina.profile_dir.rglob("*"):
        if path.is_file():
            assert token.encode() not in path.read_bytes(), path


@pytest.mark.gui
def test_the_gui_sync_worker_opens_her_locked_profile_with_her_key(
    qtbot, locked: Callable[..., LockedDevice]
) -> None:  # type: ignore[no-untyped-def]
    from fieldapp.gui.syncbridge import BridgeState, SyncBridge

    intern = locked("i1")
    intern.close()  # the bridge's worker opens the profile itself, with the key it was given
    bridge = SyncBridge(intern.profile, watch_network=False, retry=FAST_RETRY, key=intern.key)
    try:
        with qtbot.waitSignal(bridge.finished, timeout=60_000) as finished:
            bridge.start()
        assert finished.args[0].complete, finished.args[0]
        assert bridge.state is BridgeState.idle
    finally:
        assert bridge.stop()
    # Without the key the worker cannot open her data: it says so instead of crashing.
    bridge = SyncBridge(intern.profile, watch_network=False, retry=FAST_RETRY)
    errors: list[str] = []
    bridge.error.connect(errors.append)
    try:
        with qtbot.waitSignal(bridge.error, timeout=60_000):
            bridge.start()
        assert "locked" in errors[0]
    finally:
        assert bridge.stop()
