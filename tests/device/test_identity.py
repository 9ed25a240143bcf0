"""Device identity: made once, kept, and renewed on a copied install."""

from __future__ import annotations

import shutil
from pathlib import Path

from fieldapp.device.enrollment import pending_code, typed_setup
from fieldapp.device.fingerprint import machine_fingerprint
from fieldapp.device.identity import load_or_create_identity
from fieldapp.device.setup import Device, device_dir_for_profile
from fieldapp.sync.credentials import CredentialStore


def test_identity_is_made_once_and_kept(tmp_path: Path) -> None:
    first, changed = load_or_create_identity(tmp_path, fingerprint="machine-a")
    again, changed_again = load_or_create_identity(tmp_path, fingerprint="machine-a")
    assert not changed and not changed_again
    assert (first.device_id, first.public_key_hex) == (again.device_id, again.public_key_hex)
    assert (tmp_path / "device_key.pem").stat().st_mode & 0o077 == 0


def test_copied_install_gets_its_own_identity(tmp_path: Path) -> None:
    master = tmp_path / "master"
    original, _ = load_or_create_identity(master, fingerprint="machine-a")
    clone = tmp_path / "clone"
    shutil.copytree(master, clone)  # what imaging a disk does
    copied, changed = load_or_create_identity(clone, fingerprint="machine-b")
    assert changed
    assert copied.device_id != original.device_id
    assert copied.public_key_hex != original.public_key_hex
    assert copied.copied_from == original.device_id
    # The new identity sticks on the new machine, and the original is untouched.
    assert load_or_create_identity(clone, fingerprint="machine-b")[0].device_id == copied.device_id
    assert load_or_create_identity(master, fingerprint="machine-a")[0].device_id == original.device_id


def test_fingerprint_changes_with_machine_id_or_hostname() -> None:
    base = machine_fingerprint("id-1", "laptop")
    assert base == machine_fingerprint("id-1", "laptop")
    assert base != machine_fingerprint("id-2", "laptop")
    assert base != machine_fingerprint("id-1", "laptop-2")
    assert len(machine_fingerprint()) == 64


def test_copied_device_forgets_sign_ins_of_the_original(tmp_path: Path) -> None:
    master = tmp_path / "master"
    device = Device.open(master, fingerprint="machine-a")
    amina = device.people.add_and_unlock("Amina", "1111")
    person = amina.person
    device.enroll_person(person, typed_setup("http://127.0.0.1:9", "ABCD-EFGH-JKLM"), amina.key)
    profile = device.people.profile_dir(person.id)
    CredentialStore(profile, amina.key).save("http://127.0.0.1:9", "token-of-the-original")
    clone_dir = tmp_path / "clone"
    shutil.copytree(master, clone_dir)

    clone = Device.open(clone_dir, fingerprint="machine-b")
    assert clone.identity_renewed
    clone_profile = clone.people.profile_dir(person.id)
    assert CredentialStore(clone_profile).load("http://127.0.0.1:9") is None
    assert pending_code(clone_profile, "http://127.0.0.1:9") is None
    # The people stay (to be enrolled again); the original keeps its sign-in.
    assert [p.display_name for p in clone.people.people()] == ["Amina"]
    assert CredentialStore(profile, amina.key).load("http://127.0.0.1:9") == "token-of-the-original"


def test_device_dir_for_profile(tmp_path: Path) -> None:
    device = Device.open(tmp_path / "dev", fingerprint="m")
    person = device.people.add("Amina", "1111")
    assert device_dir_for_profile(device.people.profile_dir(person.id)) == (tmp_path / "dev").resolve()
    lone = tmp_path / "lone-profile"
    assert device_dir_for_profile(lone) == lone
