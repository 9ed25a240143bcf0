"""Where the device token lives: the OS keyring, or (only where there is none) a private file.

Tokens are stored under service ``fieldapp`` and a key naming the profile and the server, so two profiles
on one shared laptop, or one profile talking to a test and a live server, never overwrite each other.

Some machines have no working keyring (a Linux laptop without a Secret Service, a locked-down Windows
account). There the token goes to ``<profile>/credentials.json`` with owner-only permissions, and
:attr:`CredentialStore.insecure_fallback` is true: the app and ``fieldapp doctor`` tell the person that
anyone who can read her files can read her sign-in.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import tempfile
from pathlib import Path

import keyring
import keyring.backend
import keyring.errors
from keyring.backends import chainer, fail

__all__ = ["FALLBACK_FILE", "SERVICE", "CredentialStore", "keyring_usable"]

log = logging.getLogger(__name__)

SERVICE = "fieldapp"
FALLBACK_FILE = "credentials.json"


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
    """The device tokens of one profile."""

    def __init__(self, profile_dir: Path) -> None:
        self.profile_dir = profile_dir
        self._fallback_path = profile_dir / FALLBACK_FILE

    def __repr__(self) -> str:
        return f"CredentialStore({str(self.profile_dir)!r})"

    def key(self, server_url: str) -> str:
        """The keyring user name for this profile and server (no secret in it)."""
        profile = hashlib.sha256(str(self.profile_dir.resolve()).encode()).hexdigest()[:16]
        return f"{profile}@{_normal_server(server_url)}"

    @property
    def insecure_fallback(self) -> bool:
        """True when tokens are (or would be) kept in a file because no keyring works here."""
        return not keyring_usable() or self._fallback_path.exists()

    # ------------------------------------------------------------ public API

    def save(self, server_url: str, token: str) -> None:
        """Store the token for ``server_url``, replacing any earlier one."""
        if keyring_usable():
            try:
                keyring.set_password(SERVICE, self.key(server_url), token)
                self._drop_from_file(server_url)  # a token that reached the keyring leaves the file
                return
            except keyring.errors.KeyringError as exc:
                log.warning(
                    "keyring refused the token (%s); using the private file instead", type(exc).__name__
                )
        tokens = self._read_file()
        tokens[self.key(server_url)] = token
        self._write_file(tokens)

    def load(self, server_url: str) -> str | None:
        """The stored token for ``server_url``, or None."""
        key = self.key(server_url)
        if keyring_usable():
            try:
                token = keyring.get_password(SERVICE, key)
            except keyring.errors.KeyringError as exc:
                log.warning("keyring could not be read (%s)", type(exc).__name__)
                token = None
            if token:
                return token
        return self._read_file().get(key)

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
