"""Her data key, and the vault that keeps it locked by her PIN.

Each person on a shared laptop has a random 32-byte *data key*. Everything of hers at rest is encrypted
with it: the database (SQLCipher, keyed with the raw key), her files (AES-GCM segments, see
:mod:`fieldapp.core.blobcrypt`), and her stored sign-in secrets. The data key itself is kept in
``<profile>/vault.json`` *wrapped*: encrypted with AES-256-GCM under a key derived from her PIN with
Argon2id. Nothing secret is in the file in the clear.

Why a separate data key instead of deriving the database key from the PIN: the slow derivation runs once
per unlock, a PIN change rewraps 32 bytes instead of re-encrypting everything, and a second wrapped copy
of the same key (held by a coordinator for a lost PIN) can be added later without touching her data:
``vault.json`` reserves a ``recovery`` list for such copies (see docs/security.md, "On the laptop").

No Qt, no I/O beyond the vault file: start-up imports this cheaply.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from fieldapp.core.errors import NotAllowed, StoreError
from fieldapp.core.private import write_private

__all__ = [
    "KEY_BYTES",
    "VAULT_FILE",
    "VAULT_FORMAT",
    "DataKey",
    "KdfParams",
    "ProfileLocked",
    "VaultPinRefused",
    "create_vault",
    "default_kdf_params",
    "delete_vault",
    "has_vault",
    "is_sealed",
    "mark_vault",
    "open_sealed",
    "open_vault",
    "rewrap_vault",
    "seal",
    "vault_info",
]

VAULT_FILE = "vault.json"
VAULT_FORMAT = "fieldapp-vault/1"
KEY_BYTES = 32
_SALT_BYTES = 16
_NONCE_BYTES = 12
#: Bound into the wrapped key, so a vault file cannot be edited into something else that still opens.
_WRAP_AAD = b"fieldapp vault v1: wrapped data key"
#: Sealed small secrets (tokens, codes) start with this, so a sealed and a plain value are told apart.
SEALED_PREFIX = "fieldapp-sealed/1:"


class ProfileLocked(NotAllowed):
    """Her data is encrypted and this process has not been given her key (her PIN was not asked)."""


class VaultPinRefused(NotAllowed):
    """The PIN did not unwrap the data key (wrong PIN, or a damaged vault file)."""


class DataKey:
    """A person's 32-byte data key. Its bytes never appear in a repr, a log line or a traceback."""

    __slots__ = ("_raw",)

    def __init__(self, raw: bytes) -> None:
        if len(raw) != KEY_BYTES:
            raise ValueError("a data key is 32 bytes")
        self._raw = bytes(raw)

    @classmethod
    def generate(cls) -> DataKey:
        """A new random key (from the OS's CSPRNG)."""
        return cls(secrets.token_bytes(KEY_BYTES))

    @property
    def raw(self) -> bytes:
        """The key bytes (for SQLCipher and for wrapping; never log them)."""
        return self._raw

    def sqlcipher_pragma(self) -> str:
        """``PRAGMA key`` with the raw key, so SQLCipher runs no second key derivation."""
        return f"PRAGMA key = \"x'{self._raw.hex()}'\""

    def subkey(self, purpose: str) -> bytes:
        """A 32-byte key for one use (files, credentials), derived with HKDF-SHA256 from the data key.

        Separate keys per use mean a nonce or format mistake in one use cannot weaken another.
        """
        return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=purpose.encode()).derive(self._raw)

    @property
    def key_id(self) -> str:
        """A public fingerprint (16 hex digits) that names the key without revealing it."""
        return hashlib.sha256(b"fieldapp key id|" + self._raw).hexdigest()[:16]

    def __repr__(self) -> str:
        return "DataKey(<hidden>)"

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        return isinstance(other, DataKey) and hmac.compare_digest(self._raw, other._raw)

    def __hash__(self) -> int:
        return hash(self.key_id)

    def __reduce__(self) -> Any:
        # Pickling would copy the key somewhere we cannot see (a crash dump, a multiprocessing queue).
        raise TypeError("a DataKey cannot be pickled")


@dataclass(frozen=True)
class KdfParams:
    """Argon2id cost parameters (kept in the vault, so later versions can raise them)."""

    time_cost: int
    memory_kib: int
    parallelism: int


def default_kdf_params() -> KdfParams:
    """The cost for new vaults: like device/pins.py (3 passes, 32 MiB), cheap under the test profile."""
    if os.environ.get("FIELDAPP_ARGON2_PROFILE") == "test":
        return KdfParams(time_cost=1, memory_kib=1024, parallelism=1)
    # The PIN hash in people.json costs the same, so neither is the cheaper door for a guesser;
    # old 4 GB laptops still unlock in well under a second.
    return KdfParams(time_cost=3, memory_kib=32 * 1024, parallelism=1)


def _derive(pin: str, salt: bytes, params: KdfParams) -> bytes:
    from argon2.low_level import Type, hash_secret_raw

    return hash_secret_raw(
        secret=pin.encode("utf-8"),
        salt=salt,
        time_cost=params.time_cost,
        memory_cost=params.memory_kib,
        parallelism=params.parallelism,
        hash_len=32,
        type=Type.ID,
    )


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: Any) -> bytes:
    return base64.b64decode(str(text), validate=True)


def has_vault(profile_dir: Path) -> bool:
    """Whether this profile's data is locked by a PIN (it has a vault)."""
    return (profile_dir / VAULT_FILE).is_file()


def _wrap(key: DataKey, pin: str, params: KdfParams) -> dict[str, Any]:
    salt = secrets.token_bytes(_SALT_BYTES)
    nonce = secrets.token_bytes(_NONCE_BYTES)
    wrapped = AESGCM(_derive(pin, salt, params)).encrypt(nonce, key.raw, _WRAP_AAD)
    return {
        "format": VAULT_FORMAT,
        "kdf": {
            "name": "argon2id",
            "version": 19,
            "time_cost": params.time_cost,
            "memory_kib": params.memory_kib,
            "parallelism": params.parallelism,
            "salt": _b64(salt),
        },
        "wrap": {"alg": "AES-256-GCM", "nonce": _b64(nonce), "wrapped_key": _b64(wrapped)},
        "key_id": key.key_id,
        # Reserved for coordinator-held copies of the same data key (a lost PIN); none yet.
        "recovery": [],
    }


def _write(profile_dir: Path, content: dict[str, Any]) -> None:
    write_private(profile_dir / VAULT_FILE, json.dumps(content, indent=1, sort_keys=True).encode("utf-8"))


def _read(profile_dir: Path) -> dict[str, Any]:
    path = profile_dir / VAULT_FILE
    try:
        content = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ProfileLocked("This person's data has no key file (vault.json) on this laptop.") from None
    except (OSError, ValueError):
        raise StoreError(f"The key file {path} is damaged; her data cannot be opened.") from None
    if not isinstance(content, dict) or content.get("format") != VAULT_FORMAT:
        raise StoreError(f"The key file {path} is from a newer fieldapp or damaged.")
    return content


def vault_info(profile_dir: Path) -> dict[str, Any]:
    """The vault's public content (KDF parameters, key id, flags); no secret is in it."""
    return _read(profile_dir)


def create_vault(
    profile_dir: Path, pin: str, key: DataKey | None = None, params: KdfParams | None = None
) -> DataKey:
    """Write a vault for ``profile_dir`` that unlocks ``key`` (a new random key if None) with ``pin``."""
    key = key or DataKey.generate()
    _write(profile_dir, _wrap(key, pin, params or default_kdf_params()))
    return key


def open_vault(profile_dir: Path, pin: str) -> DataKey:
    """Unwrap her data key with ``pin``; :class:`VaultPinRefused` when the PIN is wrong."""
    content = _read(profile_dir)
    try:
        kdf, wrap = content["kdf"], content["wrap"]
        if kdf.get("name") != "argon2id" or wrap.get("alg") != "AES-256-GCM":
            raise StoreError("The key file uses a method this fieldapp does not know.")
        params = KdfParams(int(kdf["time_cost"]), int(kdf["memory_kib"]), int(kdf["parallelism"]))
        salt, nonce, wrapped = _unb64(kdf["salt"]), _unb64(wrap["nonce"]), _unb64(wrap["wrapped_key"])
    except (KeyError, TypeError, ValueError):
        raise StoreError("The key file (vault.json) is damaged; her data cannot be opened.") from None
    try:
        raw = AESGCM(_derive(pin, salt, params)).decrypt(nonce, wrapped, _WRAP_AAD)
    except InvalidTag:
        raise VaultPinRefused("That PIN does not open this person's data.") from None
    return DataKey(raw)


def mark_vault(profile_dir: Path, **flags: Any) -> None:
    """Record public flags in the vault (e.g. ``protected=True`` once an upgrade has finished)."""
    content = _read(profile_dir)
    content.update(flags)
    _write(profile_dir, content)


def rewrap_vault(profile_dir: Path, key: DataKey, new_pin: str) -> None:
    """Lock the same data key with a new PIN (nothing else is re-encrypted). Flags are kept."""
    old = _read(profile_dir)
    fresh = _wrap(key, new_pin, default_kdf_params())
    for name, value in old.items():
        if name not in fresh:
            fresh[name] = value
    fresh["recovery"] = old.get("recovery", [])
    _write(profile_dir, fresh)


def delete_vault(profile_dir: Path) -> None:
    """Forget the wrapped key (with her data: what it locked can then never be read again)."""
    (profile_dir / VAULT_FILE).unlink(missing_ok=True)


# ---------------------------------------------------------------- small sealed secrets


def seal(key: DataKey, purpose: str, name: str, secret: str) -> str:
    """Encrypt a small secret (a token, a code) as text; ``name`` is bound in, so values cannot swap."""
    nonce = secrets.token_bytes(_NONCE_BYTES)
    box = AESGCM(key.subkey(purpose)).encrypt(nonce, secret.encode("utf-8"), name.encode("utf-8"))
    return SEALED_PREFIX + _b64(nonce + box)


def is_sealed(value: str) -> bool:
    """Whether ``value`` came from :func:`seal`."""
    return value.startswith(SEALED_PREFIX)


def open_sealed(key: DataKey, purpose: str, name: str, value: str) -> str | None:
    """The secret :func:`seal` put in ``value``, or None when it was not sealed for this key and name."""
    if not is_sealed(value):
        return None
    try:
        raw = _unb64(value[len(SEALED_PREFIX) :])
        plain = AESGCM(key.subkey(purpose)).decrypt(raw[:_NONCE_BYTES], raw[_NONCE_BYTES:], name.encode())
    except (InvalidTag, ValueError):
        return None
    return plain.decode("utf-8")
