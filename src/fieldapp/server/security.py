"""Passwords (Argon2), bearer tokens and one-time codes (random, stored only as SHA-256)."""

from __future__ import annotations

import hashlib
import os
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError


def _hasher() -> PasswordHasher:
    # Test runs hash many throwaway passwords; FIELDAPP_ARGON2_PROFILE=test makes that cheap.
    # Production always uses argon2-cffi's RFC 9106 defaults.
    if os.environ.get("FIELDAPP_ARGON2_PROFILE") == "test":
        return PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    return PasswordHasher()


_HASHER = _hasher()
# Verified against when the username does not exist, so timing does not tell who has an account.
_DUMMY_HASH = _HASHER.hash("not a real password")


def hash_password(password: str) -> str:
    """Argon2id hash of ``password``."""
    return _HASHER.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """True when ``password`` matches; always spends the same work, even without a hash."""
    try:
        return _HASHER.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def new_token() -> str:
    """A fresh bearer token (256 bits)."""
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    """What the database stores instead of a token or code."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud over a phone


def new_enrollment_code() -> str:
    """A one-time code a person can type: ``XXXX-XXXX-XXXX`` (about 60 bits)."""
    chars = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(12))
    return f"{chars[:4]}-{chars[4:8]}-{chars[8:]}"


def normalize_code(code: str) -> str:
    """Codes are compared without case, spaces or dashes, so hand-typed codes still work."""
    return "".join(ch for ch in code.upper() if ch.isalnum())
