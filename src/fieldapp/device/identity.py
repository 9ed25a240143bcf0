"""The device's own identity: a random id and an Ed25519 key pair, made once per install.

The key signs the work packs this device writes. Both live in ``device.json`` and ``device_key.pem``
(owner-only) in the device folder, next to the machine fingerprint they were made on. If the folder
turns up on a machine with another fingerprint, the install was copied (a disk image rolled out to many
laptops): the copy makes itself a new id and key, so no two laptops ever share an identity.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from fieldapp.device.files import write_json, write_private
from fieldapp.device.fingerprint import machine_fingerprint

IDENTITY_FILE = "device.json"
KEY_FILE = "device_key.pem"


@dataclass(frozen=True)
class DeviceIdentity:
    """Who this laptop is to the server."""

    device_id: str
    key: Ed25519PrivateKey
    fingerprint: str
    created_at: str
    #: The device id this install had before it was found on a new machine (None if never copied).
    copied_from: str | None = None

    @property
    def public_key_hex(self) -> str:
        """Hex of the raw public key (goes into work pack manifests)."""
        return self.key.public_key().public_bytes_raw().hex()


def _new_identity(device_dir: Path, fingerprint: str, copied_from: str | None) -> DeviceIdentity:
    key = Ed25519PrivateKey.generate()
    identity = DeviceIdentity(
        device_id=uuid.uuid4().hex,
        key=key,
        fingerprint=fingerprint,
        created_at=datetime.now(UTC).isoformat(timespec="seconds"),
        copied_from=copied_from,
    )
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    # Key first: an identity file never names a key that is not on disk.
    write_private(device_dir / KEY_FILE, pem)
    write_json(
        device_dir / IDENTITY_FILE,
        {
            "device_id": identity.device_id,
            "fingerprint": fingerprint,
            "created_at": identity.created_at,
            "public_key": identity.public_key_hex,
            "copied_from": copied_from,
        },
    )
    return identity


def _read_identity(device_dir: Path) -> DeviceIdentity | None:
    try:
        info = json.loads((device_dir / IDENTITY_FILE).read_text(encoding="utf-8"))
        key = serialization.load_pem_private_key((device_dir / KEY_FILE).read_bytes(), password=None)
    except (OSError, ValueError, TypeError):
        return None
    if not isinstance(key, Ed25519PrivateKey) or not isinstance(info, dict):
        return None
    return DeviceIdentity(
        device_id=str(info.get("device_id", "")),
        key=key,
        fingerprint=str(info.get("fingerprint", "")),
        created_at=str(info.get("created_at", "")),
        copied_from=info.get("copied_from"),
    )


def read_identity(device_dir: Path) -> DeviceIdentity | None:
    """The identity stored in ``device_dir`` as it is (never made or renewed here), or None."""
    return _read_identity(device_dir)


def load_or_create_identity(device_dir: Path, fingerprint: str | None = None) -> tuple[DeviceIdentity, bool]:
    """The device identity, made on first use or remade when the install was copied to another machine.

    Returns ``(identity, changed)``; ``changed`` is true when a copied install just got its own identity,
    so the caller can clear sign-ins that belonged to the original laptop.
    """
    current = fingerprint or machine_fingerprint()
    existing = _read_identity(device_dir)
    if existing is None or not existing.device_id:
        return _new_identity(device_dir, current, copied_from=None), False
    if existing.fingerprint != current:
        return _new_identity(device_dir, current, copied_from=existing.device_id), True
    return existing, False
