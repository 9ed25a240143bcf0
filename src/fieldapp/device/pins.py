"""PINs: hashed with Argon2id, never stored or logged in the clear, and rules a person can follow."""

from __future__ import annotations

import os

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from fieldapp.core.errors import InvalidInput

PIN_MIN = 4
PIN_MAX = 12


def _hasher() -> PasswordHasher:
    # Tests hash many throwaway PINs; FIELDAPP_ARGON2_PROFILE=test makes that cheap (as on the server).
    if os.environ.get("FIELDAPP_ARGON2_PROFILE") == "test":
        return PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    # Old 4 GB laptops: 32 MiB and 3 passes still costs an attacker dearly per guess but opens in well
    # under a second here.
    return PasswordHasher(time_cost=3, memory_cost=32 * 1024, parallelism=1)


#: Arabic-Indic (٠..٩) and Extended Arabic-Indic (۰..۹, as Urdu and Pashto keyboards type them) digits.
_LOCAL_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


def normalize_pin(pin: str) -> str:
    """The same PIN whichever digits her keyboard types: ۲۴۶۸ (an Urdu or Pashto layout) is 2468.

    Every door that takes a PIN calls this first, so the hash, the key derivation and the lockout all see
    one spelling; a PIN set on one keyboard opens on another.
    """
    return pin.strip().translate(_LOCAL_DIGITS)


def check_pin_rules(pin: str) -> None:
    """A PIN is 4 to 12 digits; raise :class:`InvalidInput` with a sentence otherwise."""
    if not pin.isdigit() or not pin.isascii():
        raise InvalidInput("A PIN may contain only the digits 0 to 9.")
    if not PIN_MIN <= len(pin) <= PIN_MAX:
        raise InvalidInput(f"A PIN must be {PIN_MIN} to {PIN_MAX} digits long.")


def hash_pin(pin: str) -> str:
    """Argon2id hash of a PIN that follows the rules."""
    check_pin_rules(pin)
    return _hasher().hash(pin)


def pin_matches(pin_hash: str, pin: str) -> bool:
    """True when ``pin`` matches ``pin_hash``."""
    try:
        return _hasher().verify(pin_hash, pin)
    except (VerificationError, InvalidHashError):
        return False
