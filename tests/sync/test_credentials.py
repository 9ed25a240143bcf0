"""Tokens in the OS keyring, or in a private file (disclosed) where there is no keyring."""

from __future__ import annotations

import stat
from collections.abc import Iterator
from pathlib import Path

import keyring
import keyring.backend
import pytest
from keyring.backends import fail
from tests.helpers.keyrings import MemoryKeyring

from fieldapp.sync.credentials import FALLBACK_FILE, SERVICE, CredentialStore, keyring_usable


@pytest.fixture
def no_keyring() -> Iterator[None]:
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(previous)


def test_token_goes_to_the_keyring_never_to_a_file(memory_keyring: MemoryKeyring, tmp_path: Path) -> None:
    store = CredentialStore(tmp_path)
    store.save("https://fieldapp.example.org/", "tok-123")
    assert store.load("https://fieldapp.example.org") == "tok-123"
    assert not store.insecure_fallback
    assert not (tmp_path / FALLBACK_FILE).exists()
    [(service, key)] = memory_keyring.secrets
    assert service == SERVICE and "tok-123" not in key and "fieldapp.example.org" in key
    # Another profile on the same laptop does not see it.
    assert CredentialStore(tmp_path / "other").load("https://fieldapp.example.org") is None
    store.delete("https://fieldapp.example.org")
    assert store.load("https://fieldapp.example.org") is None and memory_keyring.secrets == {}


def test_without_a_keyring_the_token_goes_to_a_private_file_and_that_is_disclosed(
    no_keyring: None, tmp_path: Path
) -> None:
    assert not keyring_usable()
    store = CredentialStore(tmp_path)
    assert store.insecure_fallback
    store.save("http://127.0.0.1:8000", "tok-456")
    path = tmp_path / FALLBACK_FILE
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert store.load("http://127.0.0.1:8000") == "tok-456"
    assert "tok-456" not in repr(store)
    store.save("http://127.0.0.1:9000", "tok-789")
    store.delete("http://127.0.0.1:8000")
    assert store.load("http://127.0.0.1:8000") is None and store.load("http://127.0.0.1:9000") == "tok-789"
    store.delete("http://127.0.0.1:9000")
    assert not path.exists()


def test_a_token_moves_from_the_file_to_the_keyring_once_one_works(tmp_path: Path) -> None:
    previous = keyring.get_keyring()
    try:
        keyring.set_keyring(fail.Keyring())
        CredentialStore(tmp_path).save("http://127.0.0.1:1", "old")
        keyring.set_keyring(MemoryKeyring())
        store = CredentialStore(tmp_path)
        assert store.insecure_fallback  # the file is still there: still disclosed
        store.save("http://127.0.0.1:1", "new")
        assert not (tmp_path / FALLBACK_FILE).exists() and not store.insecure_fallback
        assert store.load("http://127.0.0.1:1") == "new"
    finally:
        keyring.set_keyring(previous)
