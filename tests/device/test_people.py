"""People on a shared device: PINs, lockout, private profile folders."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fieldapp.core.errors import InvalidInput
from fieldapp.device.people import FREE_ATTEMPTS, PeopleRegistry, PinLocked, WrongPin, lockout_seconds

from .conftest import FakeClock


def test_pin_is_stored_hashed_never_in_clear(tmp_path: Path) -> None:
    registry = PeopleRegistry(tmp_path)
    registry.add("Amina", "482913")
    text = (tmp_path / "people.json").read_text()
    assert "482913" not in text
    assert json.loads(text)["people"][0]["pin_hash"].startswith("$argon2id$")


def test_right_pin_opens_her_own_profile(tmp_path: Path) -> None:
    registry = PeopleRegistry(tmp_path)
    amina = registry.add("Amina", "1111")
    sana = registry.add("Sana", "2222")
    assert registry.unlock(amina.id, "1111").profile_dir == registry.profile_dir(amina.id)
    assert registry.unlock(sana.id, "2222").profile_dir == registry.profile_dir(sana.id)
    # Each has her own data key, and the unlocked result does not show it.
    assert registry.unlock(amina.id, "1111").key != registry.unlock(sana.id, "2222").key
    assert "key" not in repr(registry.unlock(amina.id, "1111")).replace("DataKey", "")
    assert registry.profile_dir(amina.id) != registry.profile_dir(sana.id)
    # Her PIN does not open anyone else's profile.
    with pytest.raises(WrongPin):
        registry.unlock(sana.id, "1111")


def test_profile_folders_are_private(tmp_path: Path) -> None:
    registry = PeopleRegistry(tmp_path)
    person = registry.add("Amina", "1111")
    assert registry.profile_dir(person.id).stat().st_mode & 0o077 == 0


def test_a_pin_typed_with_urdu_or_arabic_digits_is_the_same_pin(tmp_path: Path) -> None:
    """Urdu and Pashto keyboards type ۲۴۶۸ for 2468: the same PIN, never a wrong one that counts."""
    registry = PeopleRegistry(tmp_path)
    amina = registry.add("Amina", "۲۴۶۸")
    key = registry.unlock(amina.id, "2468").key
    assert registry.unlock(amina.id, "۲۴۶۸").key == key
    assert registry.unlock(amina.id, "٢٤٦٨").key == key
    assert registry.get(amina.id).failed_attempts == 0


@pytest.mark.parametrize("pin", ["12", "abcd", "12 34", "1234567890123", "۱۲", "١٢a٤"])
def test_bad_pins_are_refused(tmp_path: Path, pin: str) -> None:
    with pytest.raises(InvalidInput):
        PeopleRegistry(tmp_path).add("Amina", pin)


def test_same_name_twice_is_refused(tmp_path: Path) -> None:
    registry = PeopleRegistry(tmp_path)
    registry.add("Amina", "1111")
    with pytest.raises(InvalidInput, match="already"):
        registry.add(" amina ", "2222")


def test_lockout_grows_and_blocks_even_the_right_pin(tmp_path: Path, clock: FakeClock) -> None:
    registry = PeopleRegistry(tmp_path, clock=clock)
    person = registry.add("Amina", "1111")
    for left in range(FREE_ATTEMPTS - 1, 0, -1):
        with pytest.raises(WrongPin) as wrong:
            registry.unlock(person.id, "9999")
        assert wrong.value.attempts_left == left
    with pytest.raises(PinLocked) as locked:
        registry.unlock(person.id, "9999")
    first_wait = locked.value.retry_after
    assert first_wait == lockout_seconds(FREE_ATTEMPTS) > 0
    # While locked, even the right PIN is not accepted (guessing cannot go faster).
    with pytest.raises(PinLocked):
        registry.unlock(person.id, "1111")
    clock.advance(first_wait + 1)
    with pytest.raises(PinLocked) as again:
        registry.unlock(person.id, "8888")
    assert again.value.retry_after == 2 * first_wait
    clock.advance(again.value.retry_after + 1)
    assert registry.unlock(person.id, "1111").profile_dir == registry.profile_dir(person.id)
    # Success resets the counter.
    assert registry.get(person.id).failed_attempts == 0


def test_lockout_survives_restarting_the_app(tmp_path: Path, clock: FakeClock) -> None:
    person = PeopleRegistry(tmp_path, clock=clock).add("Amina", "1111")
    for _ in range(FREE_ATTEMPTS):
        with pytest.raises((WrongPin, PinLocked)):
            PeopleRegistry(tmp_path, clock=clock).unlock(person.id, "0000")
    with pytest.raises(PinLocked):
        PeopleRegistry(tmp_path, clock=clock).unlock(person.id, "1111")


def test_lockout_is_capped() -> None:
    assert lockout_seconds(100) == 3600


def test_change_pin_needs_the_old_one(tmp_path: Path) -> None:
    registry = PeopleRegistry(tmp_path)
    person = registry.add("Amina", "1111")
    with pytest.raises(WrongPin):
        registry.change_pin(person.id, "0000", "2222")
    key = registry.unlock(person.id, "1111").key
    registry.change_pin(person.id, "1111", "2222")
    with pytest.raises(WrongPin):
        registry.unlock(person.id, "1111")
    # Same data key, now wrapped by the new PIN: nothing of hers had to be re-encrypted.
    assert registry.unlock(person.id, "2222").key == key


def test_remove_deletes_her_data(tmp_path: Path) -> None:
    registry = PeopleRegistry(tmp_path)
    person = registry.add("Amina", "1111")
    (registry.profile_dir(person.id) / "fieldapp.db").write_text("x")
    assert (registry.profile_dir(person.id) / "vault.json").exists()
    with pytest.raises(WrongPin):
        registry.remove(person.id, "2222")
    registry.remove(person.id, "1111")
    assert registry.people() == []
    assert not registry.profile_dir(person.id).exists()  # her key (vault.json) went with her data


def test_viewer_copies_a_killed_session_left_are_cleared_before_anyone_is_chosen(tmp_path: Path) -> None:
    """A decrypted photo handed to a viewer must not stay on disk for the next person at the laptop."""
    registry = PeopleRegistry(tmp_path)
    amina = registry.add("Amina", "1111")
    left = registry.profile_dir(amina.id) / "blobs" / "view" / "tmpa1" / "photo.jpg"
    left.parent.mkdir(parents=True)
    left.write_bytes(b"\xff\xd8\xff her photo")
    registry.clear_viewer_copies()
    assert not left.exists()
    assert registry.unlock(amina.id, "1111").profile_dir.exists()  # her own data untouched
