"""``fieldapp pack import`` / ``export-work`` as an installer runs them: one line on success or refusal,
and a refused pack leaves the profile exactly as it was."""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from fieldapp.cli.main import main
from fieldapp.core.app import FieldApp
from fieldapp.core.vault import DataKey
from fieldapp.device.enrollment import read_setup_file
from fieldapp.device.setup import Device
from fieldapp.server import admin, packs
from fieldapp.server.config import ServerConfig
from fieldapp.server.context import ServerContext

from .zipedit import entries, flip_byte, rewrite


@pytest.fixture(scope="module")
def server_pack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Path, ServerContext]]:
    """A seeded server (in-process: no HTTP needed to make packs), its content pack and a setup file."""
    root = tmp_path_factory.mktemp("srv")
    ctx = ServerContext.open(ServerConfig(data_dir=root / "data", public_url="http://127.0.0.1:9"))
    admin.demo_seed(ctx)
    pack = root / "bajaur.fieldpack"
    packs.export_content_pack(ctx, admin.DEMO_COHORT, pack)
    setup = root / "ayesha.fieldenroll"
    admin.write_enrollment_file(admin.create_enrollment(ctx, "ayesha"), setup)
    yield pack, setup, ctx
    ctx.close()


PIN = "1357"
Cli = Callable[..., int]


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch) -> Cli:
    """``main`` as an installer runs it on a shared laptop: her PIN on the first line of stdin."""

    def run(*args: str, pin: str | None = PIN) -> int:
        if pin is None:
            return main(list(args))
        monkeypatch.setattr("sys.stdin", io.StringIO(pin + "\n"))
        return main([*args, "--pin-stdin"])

    return run


def _laptop(tmp_path: Path, setup: Path) -> tuple[Device, Path]:
    device = Device.open(tmp_path / "laptop")
    ayesha = device.people.add_and_unlock("Ayesha", PIN)
    device.enroll_person(ayesha.person, read_setup_file(setup), ayesha.key)
    _KEYS[ayesha.profile_dir] = ayesha.key
    return device, ayesha.profile_dir


#: Profile -> data key of the people these tests made (to look inside without the CLI).
_KEYS: dict[Path, DataKey] = {}


def _state(profile: Path) -> tuple[int, int, int, list[str]]:
    with FieldApp.open(profile, key=_KEYS.get(profile)) as app:
        blobs = sorted(p.name for p in (profile / "blobs").rglob("*") if p.is_file())
        return len(app.tasks.list()), len(app.training.list()), int(app.session is not None), blobs


def test_import_prints_a_summary_and_counts_once(
    server_pack: tuple[Path, Path, ServerContext],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    cli: Cli,
) -> None:
    pack, setup, _ = server_pack
    _, profile = _laptop(tmp_path, setup)
    assert cli("pack", "import", str(pack), "--profile", str(profile)) == 0
    out = capsys.readouterr().out
    assert "Imported" in out and "belongs to ayesha" in out
    after_first = _state(profile)
    assert after_first[:3] == (3, 1, 1)
    assert cli("--profile", str(profile), "--json", "pack", "import", str(pack)) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["kind"] == "content" and data["records"] > 0
    assert _state(profile) == after_first


def _tampered(pack: Path, tmp_path: Path) -> Iterator[tuple[str, Path]]:
    names = [name for name, _ in entries(pack)]
    for index, name in enumerate(names):
        # A flipped byte in EACH member (signature kept as valid hex so the check itself must catch it).
        def flip(items: list[tuple[str, bytes]], target: str = name) -> list[tuple[str, bytes]]:
            out = []
            for n, d in items:
                if n == target:
                    d = (b"f" if d[:1] != b"f" else b"e") + d[1:] if n == "manifest.sig" else flip_byte(d)
                out.append((n, d))
            return out

        yield f"flip {name}", rewrite(pack, tmp_path / f"flip{index}.fieldpack", flip)
        yield (
            f"remove {name}",
            rewrite(
                pack, tmp_path / f"rm{index}.fieldpack", lambda items, t=name: [i for i in items if i[0] != t]
            ),
        )
    yield "traversal", rewrite(pack, tmp_path / "trav.fieldpack", lambda items: [*items, ("../x", b"x")])
    cut = tmp_path / "cut.fieldpack"
    cut.write_bytes(pack.read_bytes()[: pack.stat().st_size // 2])
    yield "truncated", cut


def test_every_tampered_pack_is_refused_and_imports_nothing(
    server_pack: tuple[Path, Path, ServerContext],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    cli: Cli,
) -> None:
    pack, setup, _ = server_pack
    _, profile = _laptop(tmp_path, setup)
    empty = _state(profile)
    assert empty == (0, 0, 0, [])
    cases = list(_tampered(pack, tmp_path))
    assert len(cases) >= 10
    for label, bad in cases:
        assert cli("pack", "import", str(bad), "--profile", str(profile)) == 1, label
        err = capsys.readouterr().err
        assert err.startswith("fieldapp: error: ") and "Traceback" not in err, (label, err)
        assert _state(profile) == empty, label
    assert not any((profile / "tmp").iterdir()) if (profile / "tmp").exists() else True


def test_pack_signed_by_another_server_is_refused(
    server_pack: tuple[Path, Path, ServerContext],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    cli: Cli,
) -> None:
    _, setup, _ = server_pack
    other = ServerContext.open(ServerConfig(data_dir=tmp_path / "other"))
    admin.demo_seed(other)
    foreign = tmp_path / "foreign.fieldpack"
    packs.export_content_pack(other, admin.DEMO_COHORT, foreign)
    other.close()
    _, profile = _laptop(tmp_path, setup)
    assert cli("pack", "import", str(foreign), "--profile", str(profile)) == 1
    assert "signature does not match" in capsys.readouterr().err
    assert _state(profile) == (0, 0, 0, [])


def test_import_before_setup_explains_what_to_do(
    server_pack: tuple[Path, Path, ServerContext],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    cli: Cli,
) -> None:
    pack, _, _ = server_pack
    assert cli("pack", "import", str(pack), "--profile", str(tmp_path / "fresh"), pin=None) == 1
    assert "not set up with a server yet" in capsys.readouterr().err


def test_shared_laptop_root_asks_whose_profile(
    server_pack: tuple[Path, Path, ServerContext],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    cli: Cli,
) -> None:
    pack, setup, _ = server_pack
    device, profile = _laptop(tmp_path, setup)
    device.people.add("Sana", "2468")
    assert cli("pack", "import", str(pack), "--profile", str(device.dir)) == 1
    err = capsys.readouterr().err
    assert "Several people share this laptop" in err and "Ayesha" in err and "Sana" in err
    # Her PIN is asked for even when her own profile folder is named.
    assert cli("pack", "import", str(pack), "--profile", str(profile), pin=None) == 1
    assert "PIN" in capsys.readouterr().err
    assert cli("pack", "import", str(pack), "--profile", str(device.dir), "--person", "sana", pin=PIN) == 1
    assert "Wrong PIN" in capsys.readouterr().err
    assert cli("pack", "import", str(pack), "--profile", str(device.dir), "--person", "ayesha") == 0
    assert _state(profile)[:3] == (3, 1, 1)


def test_export_work_with_nothing_to_send(
    server_pack: tuple[Path, Path, ServerContext],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    cli: Cli,
) -> None:
    pack, setup, _ = server_pack
    _, profile = _laptop(tmp_path, setup)
    assert cli("pack", "import", str(pack), "--profile", str(profile)) == 0
    out = tmp_path / "work.fieldpack"
    assert cli("pack", "export-work", str(out), "--profile", str(profile)) == 0
    assert "Nothing is waiting" in capsys.readouterr().out and not out.exists()


def test_export_work_then_server_import(
    server_pack: tuple[Path, Path, ServerContext],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    cli: Cli,
) -> None:
    pack, _, ctx = server_pack
    setup = tmp_path / "sana.fieldenroll"
    admin.write_enrollment_file(admin.create_enrollment(ctx, "sana"), setup)
    device = Device.open(tmp_path / "laptop")
    sana = device.people.add_and_unlock("Sana", PIN)
    device.enroll_person(sana.person, read_setup_file(setup), sana.key)
    profile = sana.profile_dir
    assert cli("pack", "import", str(pack), "--profile", str(profile)) == 0
    with sana.open_app() as app:
        app.submissions.submit(app.tasks.list()[0].id, "Done offline.")
    work = tmp_path / "work.fieldpack"
    assert cli("--json", "pack", "export-work", str(work), "--profile", str(profile)) == 0
    capsys.readouterr()
    imported = packs.import_work_pack(ctx, work)
    assert imported.username == "sana" and imported.counts()["applied"] == 1
