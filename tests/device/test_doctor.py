"""The installer's health check, for the laptop: server reachability, clock, keyring disclosure."""

from __future__ import annotations

import os
from pathlib import Path

os.environ.setdefault("FIELDAPP_ARGON2_PROFILE", "test")

from fieldapp.core.doctor import CheckResult, run_checks
from fieldapp.device.enrollment import typed_setup
from fieldapp.device.setup import Device
from fieldapp.server.testing import LiveServer, free_port


def _by_name(results: list[CheckResult]) -> dict[str, CheckResult]:
    return {r.name: r for r in results}


def _laptop_profile(tmp_path: Path, server_url: str) -> Path:
    device = Device.open(tmp_path / "laptop")
    amina = device.people.add_and_unlock("Amina", "1111")
    device.enroll_person(amina.person, typed_setup(server_url, "ABCD-EFGH-JKLM"), amina.key)
    return device.people.profile_dir(amina.person.id)


def test_doctor_reaches_the_server_and_checks_the_clock(tmp_path: Path) -> None:
    with LiveServer(tmp_path / "server") as server:
        results = _by_name(run_checks(_laptop_profile(tmp_path, server.url)))
    assert results["server"].ok and server.url in results["server"].message
    assert results["clock"].ok and "right" in results["clock"].message
    assert results["people"].message == "1 person uses this laptop (Amina)."


def test_doctor_says_plainly_when_the_server_is_unreachable(tmp_path: Path) -> None:
    results = _by_name(run_checks(_laptop_profile(tmp_path, f"http://127.0.0.1:{free_port()}")))
    assert not results["server"].ok
    assert "cannot be reached" in results["server"].message and results["server"].fix


def test_doctor_discloses_the_insecure_keyring_fallback(tmp_path: Path) -> None:
    # conftest puts the 'fail' keyring in place: no working keyring, as on a bare Linux laptop.
    result = _by_name(run_checks(tmp_path / "p"))["sign-in storage"]
    assert not result.ok and "private file" in result.message and result.fix


def test_doctor_tells_when_the_laptop_was_copied(tmp_path: Path) -> None:
    import shutil

    Device.open(tmp_path / "master", fingerprint="elsewhere")
    shutil.copytree(tmp_path / "master", tmp_path / "copy")
    result = _by_name(run_checks(tmp_path / "copy"))["this laptop"]
    assert "copied from another" in result.message
