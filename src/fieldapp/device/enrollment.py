"""Enrollment: ``.fieldenroll`` setup files (from ``fieldapp-server enroll``) or a typed code, the server
key pinned at the first one, and the one-time code kept safe until the device first reaches the server.

A setup file looks like ``{"format": "fieldenroll/1", "server_url", "code", "expires_at", "username",
"server_key"}``. It works fully offline: the device remembers the server and pins its key (so content
packs can be checked at once), and keeps the code in the keyring. At first contact the code is exchanged
for the person's own device token (see :func:`pending_code` / :func:`forget_pending_code`).
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

from fieldapp.core.errors import InvalidInput, NotAllowed
from fieldapp.core.vault import DataKey
from fieldapp.device.files import write_json
from fieldapp.sync.credentials import CredentialStore

log = logging.getLogger(__name__)

SETUP_FORMAT = "fieldenroll/1"
SETUP_SUFFIX = ".fieldenroll"
SERVER_FILE = "server.json"
_MAX_SETUP_BYTES = 64 * 1024
# Pending codes sit in the credential store beside sign-in tokens, under a key of their own.
PENDING_PREFIX = "enrollment-code+"
_PENDING_PREFIX = PENDING_PREFIX


@dataclass(frozen=True)
class SetupInfo:
    """Everything needed to enroll one person; from a setup file, or typed (then no key, no username)."""

    server_url: str
    code: str
    username: str | None = None
    server_key: str | None = None
    expires_at: datetime | None = None


@dataclass(frozen=True)
class ServerPin:
    """The one server this device belongs to, and its content-signing key once known."""

    url: str
    key: str | None


def normalize_code(code: str) -> str:
    """Codes are compared without case, spaces or dashes (the server's ``security.normalize_code``)."""
    return "".join(ch for ch in code.upper() if ch.isalnum())


def code_sha256(code: str) -> str:
    """SHA-256 hex of the normalized code: what the server stores, and what keys a work-pack proof."""
    return hashlib.sha256(normalize_code(code).encode("utf-8")).hexdigest()


def check_server_url(url: str) -> str:
    """A server address a person typed, cleaned up; raise :class:`InvalidInput` when it is not one."""
    cleaned = url.strip()
    if cleaned and "://" not in cleaned:
        cleaned = "https://" + cleaned
    parts = urlsplit(cleaned)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise InvalidInput("The server address should look like https://fieldapp.example.org.")
    return cleaned.rstrip("/")


def _check_key(key: str) -> str:
    key = key.strip().lower()
    if len(key) != 64 or any(ch not in "0123456789abcdef" for ch in key):
        raise InvalidInput("The server key in this setup file is damaged. Ask for a new setup file.")
    return key


def read_setup_file(path: Path) -> SetupInfo:
    """Read a ``.fieldenroll`` file; anything wrong is an :class:`InvalidInput` with a plain sentence."""
    try:
        with path.open("rb") as stream:
            raw = stream.read(_MAX_SETUP_BYTES + 1)
    except OSError as err:
        raise InvalidInput(f"The setup file {path.name} cannot be read: {err.strerror or err}.") from None
    if len(raw) > _MAX_SETUP_BYTES:
        raise InvalidInput(f"{path.name} is not a fieldapp setup file (it is far too large).")
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise InvalidInput(f"{path.name} is not a fieldapp setup file, or it is damaged.") from None
    if not isinstance(data, dict) or data.get("format") != SETUP_FORMAT:
        raise InvalidInput(f"{path.name} is not a fieldapp setup file, or it is from a newer fieldapp.")
    try:
        expires = datetime.fromisoformat(data["expires_at"]) if data.get("expires_at") else None
        return SetupInfo(
            server_url=check_server_url(str(data["server_url"])),
            code=str(data["code"]),
            username=str(data["username"]) if data.get("username") else None,
            server_key=_check_key(str(data["server_key"])) if data.get("server_key") else None,
            expires_at=expires,
        )
    except (KeyError, ValueError):
        raise InvalidInput(f"{path.name} is missing something. Ask for a new setup file.") from None


def typed_setup(server_url: str, code: str) -> SetupInfo:
    """Setup from an enrollment code and server address typed by the installer."""
    if len(normalize_code(code)) < 8:
        raise InvalidInput("The enrollment code looks too short. It looks like ABCD-EFGH-JKLM.")
    return SetupInfo(server_url=check_server_url(server_url), code=code.strip())


# ---------------------------------------------------------------- the pinned server


def load_server_pin(device_dir: Path) -> ServerPin | None:
    """The server this device is set up for, or None before the first enrollment."""
    try:
        data = json.loads((device_dir / SERVER_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return (
        ServerPin(url=str(data["url"]), key=data.get("key"))
        if isinstance(data, dict) and "url" in data
        else None
    )


def pin_server(device_dir: Path, url: str, key: str | None) -> ServerPin:
    """Remember the server (and pin its key). A device belongs to one server: another key is refused."""
    current = load_server_pin(device_dir)
    if current is not None:
        if key and current.key and key != current.key:
            raise NotAllowed(
                "This setup is for a different server than the one this laptop is set up for. "
                "Check you have the right setup file."
            )
        if not key or current.key:
            return current
    pin = ServerPin(url=url if current is None else current.url, key=key)
    write_json(device_dir / SERVER_FILE, {"url": pin.url, "key": pin.key})
    return pin


# ---------------------------------------------------------------- the one-time code


def save_pending_code(profile_dir: Path, server_url: str, code: str, key: DataKey | None = None) -> None:
    """Keep the code (a secret) in the keyring until the device first reaches the server.

    On a PIN-locked profile ``key`` (her data key) is required: the code is stored sealed with it.
    """
    CredentialStore(profile_dir, key).save(_PENDING_PREFIX + server_url, code)


def pending_code(profile_dir: Path, server_url: str, key: DataKey | None = None) -> str | None:
    """The code waiting to be exchanged for a token at first contact, if any (``key`` unseals it)."""
    return CredentialStore(profile_dir, key).load(_PENDING_PREFIX + server_url)


def forget_pending_code(profile_dir: Path, server_url: str) -> None:
    """Drop the code once it has been exchanged (or refused for good). Needs no key."""
    CredentialStore(profile_dir).delete(_PENDING_PREFIX + server_url)


def remember_server_key(device_dir: Path, url: str, key: str | None) -> None:
    """After a password sign-in: pin the server key the sign-in returned, so content packs can be checked.

    A key already pinned for the same server is kept (a changed key needs an administrator, not a
    sign-in); a sign-in to another server address moves the laptop to that server.
    """
    if not key:
        return
    current = load_server_pin(device_dir)
    if current is not None and current.key and current.url == url and current.key != key:
        log.warning("the server at %s answered with a different content key than the pinned one", url)
        return
    if current is None or current.url != url or not current.key:
        write_json(device_dir / SERVER_FILE, {"url": url, "key": key})
