"""Signatures and encryption for packs.

Signing: detached Ed25519 over the exact bytes of ``manifest.json``.

Encryption (work packs, readable only by the server): the device knows one server key, the Ed25519
key pinned at enrollment. Rather than pin a second key, we use its X25519 form (the standard birational
map, as libsodium's ``crypto_sign_ed25519_pk_to_curve25519`` and age's ssh-ed25519 recipients do).
A fresh ephemeral X25519 key agrees a secret with it; HKDF-SHA256 turns that into an AES-256-GCM key; the
payload is encrypted in fixed-size chunks (the STREAM construction: nonce = chunk counter + last-chunk
flag), so a large pack never needs to fit in memory and truncation or reordering is detected.
"""

from __future__ import annotations

import hashlib
import hmac
from pathlib import Path
from typing import BinaryIO

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from fieldapp.bundles.errors import PackError

CHUNK_SIZE = 1024 * 1024
_TAG = 16
_HKDF_INFO = b"fieldapp work pack v1"
# Curve25519 field prime.
_P = 2**255 - 19


# ---------------------------------------------------------------- keys as hex


def public_key_hex(key: Ed25519PublicKey | Ed25519PrivateKey) -> str:
    """Hex of the raw 32-byte Ed25519 public key (the form pinned and shown everywhere)."""
    public = key.public_key() if isinstance(key, Ed25519PrivateKey) else key
    return public.public_bytes_raw().hex()


def load_public_key(hex_key: str) -> Ed25519PublicKey:
    """Parse a hex Ed25519 public key; a malformed one is a :class:`PackError`."""
    try:
        return Ed25519PublicKey.from_public_bytes(bytes.fromhex(hex_key))
    except ValueError:
        raise PackError("The key this pack names is not a valid key.") from None


def key_fingerprint(hex_key: str) -> str:
    """Short, readable fingerprint of a public key (for messages and the installer guide)."""
    digest = hashlib.sha256(bytes.fromhex(hex_key)).hexdigest()[:16]
    return " ".join(digest[i : i + 4] for i in range(0, 16, 4))


# ---------------------------------------------------------------- signatures


def sign(private_key: Ed25519PrivateKey, data: bytes) -> bytes:
    """Detached Ed25519 signature (64 bytes)."""
    return private_key.sign(data)


def verify(public_key: Ed25519PublicKey, signature: bytes, data: bytes) -> bool:
    """True when ``signature`` is a valid signature of ``data`` by ``public_key``."""
    try:
        public_key.verify(signature, data)
    except InvalidSignature:
        return False
    return True


def device_proof(secret_sha256_hex: str, signer_key_hex: str) -> str:
    """HMAC-SHA256 that endorses a device signing key with the device's shared secret.

    The server stores only SHA-256 of sign-in tokens and enrollment codes, so the HMAC is keyed with that
    digest: the device computes it from its secret, the server from its stored hash, and nobody else can.
    This lets the server trust a work pack's device key without a key registry.
    """
    message = b"fieldapp work pack signer:" + signer_key_hex.encode("ascii")
    return hmac.new(bytes.fromhex(secret_sha256_hex), message, "sha256").hexdigest()


def proof_matches(secret_sha256_hex: str, signer_key_hex: str, proof: str) -> bool:
    """Constant-time check of a :func:`device_proof`."""
    return hmac.compare_digest(device_proof(secret_sha256_hex, signer_key_hex), proof)


# ---------------------------------------------------------------- Ed25519 -> X25519


def x25519_public_from_ed25519(public_key: Ed25519PublicKey) -> X25519PublicKey:
    """Montgomery u = (1 + y) / (1 - y) mod p of the Edwards point (RFC 7748, section 4.1)."""
    raw = bytearray(public_key.public_bytes_raw())
    raw[31] &= 0x7F  # the top bit is the sign of x, not part of y
    y = int.from_bytes(raw, "little")
    if y >= _P or y == 1:
        raise PackError("The server key cannot be used for encryption.")
    u = (1 + y) * pow(1 - y, _P - 2, _P) % _P
    return X25519PublicKey.from_public_bytes(u.to_bytes(32, "little"))


def x25519_private_from_ed25519(private_key: Ed25519PrivateKey) -> X25519PrivateKey:
    """The X25519 key matching :func:`x25519_public_from_ed25519` (SHA-512 of the seed; X25519 clamps)."""
    seed = private_key.private_bytes_raw()
    return X25519PrivateKey.from_private_bytes(hashlib.sha512(seed).digest()[:32])


def _derive_key(shared: bytes, ephemeral_public: bytes, recipient_public: bytes) -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=ephemeral_public + recipient_public, info=_HKDF_INFO
    ).derive(shared)


def _nonce(counter: int, last: bool) -> bytes:
    return counter.to_bytes(11, "big") + (b"\x01" if last else b"\x00")


# ---------------------------------------------------------------- stream encryption


def encrypt_file(
    source: Path, target: BinaryIO, recipient: Ed25519PublicKey, chunk_size: int = CHUNK_SIZE
) -> bytes:
    """Encrypt ``source`` into ``target`` for ``recipient``; returns the ephemeral public key (raw)."""
    ephemeral = X25519PrivateKey.generate()
    ephemeral_public = ephemeral.public_key().public_bytes_raw()
    recipient_x = x25519_public_from_ed25519(recipient)
    key = _derive_key(ephemeral.exchange(recipient_x), ephemeral_public, recipient_x.public_bytes_raw())
    aead = AESGCM(key)
    size = source.stat().st_size
    chunks = max(1, -(-size // chunk_size))
    with source.open("rb") as plain:
        for counter in range(chunks):
            block = plain.read(chunk_size)
            target.write(aead.encrypt(_nonce(counter, counter == chunks - 1), block, ephemeral_public))
    return ephemeral_public


def decrypt_file(
    source: Path, target: BinaryIO, recipient: Ed25519PrivateKey, ephemeral_public: bytes, chunk_size: int
) -> None:
    """Decrypt what :func:`encrypt_file` wrote; any change, truncation or wrong key is a PackError."""
    try:
        ephemeral = X25519PublicKey.from_public_bytes(ephemeral_public)
    except ValueError:
        raise PackError("This work pack's encryption header is damaged.") from None
    private_x = x25519_private_from_ed25519(recipient)
    key = _derive_key(
        private_x.exchange(ephemeral), ephemeral_public, private_x.public_key().public_bytes_raw()
    )
    aead = AESGCM(key)
    sealed = chunk_size + _TAG
    size = source.stat().st_size
    chunks = max(1, -(-size // sealed))
    with source.open("rb") as cipher:
        for counter in range(chunks):
            block = cipher.read(sealed)
            try:
                target.write(aead.decrypt(_nonce(counter, counter == chunks - 1), block, ephemeral_public))
            except (InvalidTag, ValueError):
                raise PackError(
                    "This work pack cannot be opened: it is damaged, incomplete, "
                    "or was made for another server."
                ) from None
