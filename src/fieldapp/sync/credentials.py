"""Where the device token lives: the OS keyring, or (only where there is none) a private file.

Tokens are stored under service ``fieldapp`` and a key naming the profile and the server, so two profiles
on one shared laptop, or one profile talking to a test and a live server, never overwrite each other.

Some machines have no working keyring (a Linux laptop without a Secret Service, a locked-down Windows
account). There the token goes to ``<profile>/credentials.json`` with owner-only permissions, and
:attr:`CredentialStore.insecure_fallback` is true: the app and ``fieldapp doctor`` tell the person that
anyone who can read her files can read her sign-in.

On a shared laptop every person uses the same OS account, hence the same keyring: a modified client could
read another woman's token from it. So when her profile is locked by a PIN (:class:`CredentialStore` is
given her data key) every secret it stores, in the keyring or in the file, is sealed with that key
(AES-GCM, bound to its entry name) and is useless without her PIN. Deleting needs no key (forgetting a
copied laptop's sign-ins must work for everyone).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import tempfile
from pathlib import Path
from typing import Any

import keyring
import keyring.backend
import keyring.errors
from keyring.backends import chainer, fail

from fieldapp.core.vault import DataKey, ProfileLocked, has_vault, is_sealed, open_sealed, seal

__all__ = ["FALLBACK_FILE", "SERVICE", "CredentialStore", "keyring_usable"]

log = logging.getLogger(__name__)

SERVICE = "fieldapp"
FALLBACK_FILE = "credentials.json"
#: ``DataKey.subkey`` purpose for sealed sign-in secrets.
_PURPOSE = "fieldapp credentials v1"


def keyring_usable() -> bool:
    """Whether a real keyring backend is configured (not the 'fail' one, not an empty chain)."""
    try:
        backend = keyring.get_keyring()
    except Exception:  # A broken keyring configuration must not stop the app from starting.
        return False
    if isinstance(backend, fail.Keyring):
        return False
    if isinstance(backend, chainer.ChainerBackend) and not backend.backends:
        return False
    return not type(backend).__module__.startswith("keyring.backends.null")


def _normal_server(server_url: str) -> str:
    return server_url.strip().rstrip("/").lower()


class CredentialStore:
    """The device tokens (and pending enrollment codes) of one profile; sealed when ``key`` is given."""

    def __init__(self, profile_dir: Path, key: DataKey | None = None) -> None:
        self.profile_dir = profile_dir
        self._fallback_path = profile_dir / FALLBACK_FILE
        self._key = key

    @classmethod
    def for_app(cls, app: Any) -> CredentialStore:
        """The credential store of an open :class:`fieldapp.core.app.FieldApp` (with her key if any)."""
        return cls(app.profile_dir, getattr(app, "data_key", None))

    def __repr__(self) -> str:
        return f"CredentialStore({str(self.profile_dir)!r}, sealed={self._key is not None})"

    def key(self, server_url: str) -> str:
        """The keyring user name for this profile and server (no secret in it)."""
        profile = hashlib.sha256(str(self.profile_dir.resolve()).encode()).hexdigest()[:16]
        return f"{profile}@{_normal_server(server_url)}"

    @property
    def insecure_fallback(self) -> bool:
        """True when tokens are (or would be) kept in a file because no keyring works here."""
        return not keyring_usable() or self._fallback_path.exists()

    # ------------------------------------------------------------ public API

    @property
    def sealed(self) -> bool:
        """Whether secrets are stored sealed with her data key."""
        return self._key is not None

    def _seal(self, name: str, secret: str) -> str:
        if self._key is not None:
            return seal(self._key, _PURPOSE, name, secret)
        if has_vault(self.profile_dir):
            # Her profile is locked by a PIN: a secret must never be stored unsealed beside it.
            raise ProfileLocked("Her sign-in can only be saved after her PIN has opened her data.")
        return secret

    def _unseal(self, name: str, stored: str | None) -> str | None:
        if not stored:
            return None
        if not is_sealed(stored):
            return stored  # from before her data was locked; sealed by seal_existing at her unlock
        if self._key is None:
            raise ProfileLocked("Her sign-in is locked; it needs her PIN.")
        secret = open_sealed(self._key, _PURPOSE, name, stored)
        if secret is None:
            log.warning("a stored sign-in could not be unsealed with this profile's key; ignoring it")
        return secret

    def save(self, server_url: str, token: str) -> None:
        """Store the token for ``server_url``, replacing any earlier one."""
        name = self.key(server_url)
        token = self._seal(name, token)
        if keyring_usable():
            try:
                keyring.set_password(SERVICE, name, token)
                self._drop_from_file(server_url)  # a token that reached the keyring leaves the file
                return
            except keyring.errors.KeyringError as exc:
                log.warning(
                    "keyring refused the token (%s); using the private file instead", type(exc).__name__
                )
        tokens = self._read_file()
        tokens[name] = token
        self._write_file(tokens)

    def _load_stored(self, name: str) -> str | None:
        if keyring_usable():
            try:
                token = keyring.get_password(SERVICE, name)
            except keyring.errors.KeyringError as exc:
                log.warning("keyring could not be read (%s)", type(exc).__name__)
                token = None
            if token:
                return token
        return self._read_file().get(name)

    def load(self, server_url: str) -> str | None:
        """The stored token for ``server_url``, or None.

        Raises :class:`~fieldapp.core.vault.ProfileLocked` for a sealed secret when no key was given.
        """
        name = self.key(server_url)
        return self._unseal(name, self._load_stored(name))

    def seal_existing(self, server_urls: list[str]) -> int:
        """Seal secrets stored in the clear before her data was locked; return how many were sealed.

        Every entry of the fallback file is sealed (its names are known); in the keyring, which cannot be
        listed, the entries of ``server_urls`` (token and pending code names) are.
        """
        if self._key is None:
            raise ProfileLocked("Her sign-in can only be locked with her key.")
        count = 0
        stored = self._read_file()
        if any(not is_sealed(value) for value in stored.values()):
            self._write_file({n: v if is_sealed(v) else self._seal(n, v) for n, v in stored.items()})
            count += sum(not is_sealed(value) for value in stored.values())
        if keyring_usable():
            for name in {self.key(url) for url in server_urls}:
                try:
                    value = keyring.get_password(SERVICE, name)
                    if value and not is_sealed(value):
                        keyring.set_password(SERVICE, name, self._seal(name, value))
                        count += 1
                except keyring.errors.KeyringError as exc:
                    log.warning("keyring could not be updated (%s)", type(exc).__name__)
        return count

    def delete(self, server_url: str) -> None:
        """Forget the token for ``server_url`` everywhere it might be."""
        if keyring_usable():
            with contextlib.suppress(keyring.errors.KeyringError):
                keyring.delete_password(SERVICE, self.key(server_url))
        self._drop_from_file(server_url)

    # ------------------------------------------------------------ the fallback file

    def _read_file(self) -> dict[str, str]:
        try:
            data = json.loads(self._fallback_path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError):
            log.warning("the credentials file %s is unreadable; treating it as empty", self._fallback_path)
            return {}
        tokens = data.get("tokens", {}) if isinstance(data, dict) else {}
        return {str(k): str(v) for k, v in tokens.items()}

    def _write_file(self, tokens: dict[str, str]) -> None:
        self.profile_dir.mkdir(parents=True, exist_ok=True)
        payload = json.dumps({"tokens": tokens}).encode()
        # mkstemp creates the file 0600 from the first byte: there is no moment it is world-readable.
        fd, tmp = tempfile.mkstemp(dir=self.profile_dir, prefix=".credentials-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(payload)
                out.flush()
                os.fsync(out.fileno())
            os.chmod(tmp, 0o600)
            os.replace(tmp, self._fallback_path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def _drop_from_file(self, server_url: str) -> None:
        if not self._fallback_path.exists():
            return
        tokens = self._read_file()
        tokens.pop(self.key(server_url), None)
        if tokens:
            self._write_file(tokens)
        else:
            self._fallback_path.unlink(missing_ok=True)
