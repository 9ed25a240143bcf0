"""``fieldapp login`` and ``fieldapp sync`` as a person or a script runs them (real processes)."""

from __future__ import annotations

import json
from pathlib import Path

from tests.helpers.cli import run_fieldapp
from tests.sync.support import PASSWORD, World

from fieldapp.server import admin

ROOT = Path(__file__).resolve().parents[2]


def test_login_then_sync_then_nothing_left(world: World, tmp_path: Path) -> None:
    profile = tmp_path / "p"
    done = run_fieldapp(
        profile, "login", "--server", world.server.url, "--username", world.name("i1"), stdin=PASSWORD + "\n"
    )
    assert done.returncode == 0, done.stderr
    assert "Signed in as" in done.stdout
    assert PASSWORD not in done.stdout + done.stderr
    assert "no keyring" in done.stderr  # the fallback is disclosed

    done = run_fieldapp(profile, "sync", "--json")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["complete"] and report["pulled"] > 0 and report["errors"] == []

    done = run_fieldapp(profile, "sync")
    assert done.returncode == 0 and done.stdout.startswith("Sync complete")


def test_wrong_password_and_unreachable_server_are_one_line_errors(world: World, tmp_path: Path) -> None:
    profile = tmp_path / "p"
    done = run_fieldapp(
        profile,
        "login",
        "--server",
        world.server.url,
        "--username",
        world.name("i1"),
        stdin="not-the-password\n",
    )
    assert done.returncode == 1
    assert done.stderr.strip() == "fieldapp: error: Wrong username or password."  # the server's sentence

    done = run_fieldapp(profile, "sync")
    assert done.returncode == 1 and "sign in" in done.stderr.lower()


def test_sync_exits_non_zero_when_the_device_is_revoked(world: World, tmp_path: Path) -> None:
    profile = tmp_path / "p"
    assert (
        run_fieldapp(
            profile, "login", "--server", world.server.url, "--username", world.name("i1"), stdin=PASSWORD
        ).returncode
        == 0
    )
    assert run_fieldapp(profile, "sync").returncode == 0
    [device] = world.server.seed(admin.list_devices, world.name("i1"))
    world.server.seed(admin.revoke_device, device.id)
    done = run_fieldapp(profile, "sync")
    assert done.returncode == 1 and "revoked" in done.stderr
    assert "Traceback" not in done.stderr
