"""Setup files and typed codes: read, checked, server pinned, code kept for first contact."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fieldapp.core.errors import InvalidInput, NotAllowed
from fieldapp.device.enrollment import (
    code_sha256,
    load_server_pin,
    pending_code,
    read_setup_file,
    typed_setup,
)
from fieldapp.device.setup import Device

KEY_A = "a" * 64
KEY_B = "b" * 64


def write_setup(path: Path, **overrides: object) -> Path:
    data = {
        "format": "fieldenroll/1",
        "server_url": "http://127.0.0.1:8765",
        "code": "ABCD-EFGH-JKLM",
        "expires_at": "2030-01-01T00:00:00+00:00",
        "username": "amina",
        "server_key": KEY_A,
    }
    data.update(overrides)
    path.write_text(json.dumps(data))
    return path


def test_setup_file_enrolls_offline(tmp_path: Path) -> None:
    setup = read_setup_file(write_setup(tmp_path / "amina.fieldenroll"))
    device = Device.open(tmp_path / "dev", fingerprint="m")
    amina = device.people.add_and_unlock("Amina", "1111")
    person = amina.person
    with pytest.raises(NotAllowed, match="PIN"):  # her code is kept sealed with her key, or not at all
        device.enroll_person(person, setup)
    pin = device.enroll_person(person, setup, amina.key)
    assert (pin.url, pin.key) == ("http://127.0.0.1:8765", KEY_A)
    assert device.people.get(person.id).username == "amina"
    profile = device.people.profile_dir(person.id)
    assert pending_code(profile, pin.url, amina.key) == "ABCD-EFGH-JKLM"
    with pytest.raises(NotAllowed, match="PIN"):
        pending_code(profile, pin.url)
    # The code is a secret: not in the people list or the server file.
    for name in ("people.json", "server.json"):
        assert "ABCD" not in (tmp_path / "dev" / name).read_text()


def test_setup_for_another_server_key_is_refused(tmp_path: Path) -> None:
    device = Device.open(tmp_path / "dev", fingerprint="m")
    amina = device.people.add_and_unlock("Amina", "1111")
    sana = device.people.add_and_unlock("Sana", "2222")
    device.enroll_person(amina.person, read_setup_file(write_setup(tmp_path / "a.fieldenroll")), amina.key)
    with pytest.raises(NotAllowed, match="different server"):
        other = read_setup_file(write_setup(tmp_path / "b.fieldenroll", server_key=KEY_B))
        device.enroll_person(sana.person, other, sana.key)
    assert load_server_pin(tmp_path / "dev").key == KEY_A  # type: ignore[union-attr]


def test_typed_code_then_setup_file_pins_the_key(tmp_path: Path) -> None:
    device = Device.open(tmp_path / "dev", fingerprint="m")
    amina = device.people.add_and_unlock("Amina", "1111")
    sana = device.people.add_and_unlock("Sana", "2222")
    device.enroll_person(amina.person, typed_setup("127.0.0.1:8765", "abcd efgh jklm"), amina.key)
    assert device.server.key is None  # type: ignore[union-attr]
    setup = read_setup_file(write_setup(tmp_path / "s.fieldenroll", username="sana"))
    device.enroll_person(sana.person, setup, sana.key)
    assert device.server.key == KEY_A  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "content",
    [b"not json", b"{}", json.dumps({"format": "fieldenroll/9"}).encode(), b"\xff\xfe", b"x" * 100_000],
)
def test_bad_setup_files_are_refused(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "x.fieldenroll"
    path.write_bytes(content)
    with pytest.raises(InvalidInput):
        read_setup_file(path)


def test_setup_file_with_damaged_key_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="damaged"):
        read_setup_file(write_setup(tmp_path / "x.fieldenroll", server_key="zz"))


@pytest.mark.parametrize("url", ["", "ftp://x", "http://"])
def test_typed_bad_server_address_is_refused(url: str) -> None:
    with pytest.raises(InvalidInput):
        typed_setup(url, "ABCD-EFGH-JKLM")


def test_code_hash_matches_server_normalisation() -> None:
    assert code_sha256("abcd-efgh jklm") == code_sha256("ABCDEFGHJKLM")
