"""Errors raised by the core services.

Every message is a sentence a person can read: front ends show ``str(error)`` as it is, never a traceback.
"""

from __future__ import annotations

__all__ = [
    "CorruptDatabase",
    "FieldAppError",
    "InvalidInput",
    "NewerSchemaError",
    "NotAllowed",
    "NotFound",
    "NotSignedIn",
    "StoreError",
]


class FieldAppError(Exception):
    """Base of every error the core raises on purpose."""


class NotFound(FieldAppError):
    """The thing asked for does not exist on this device."""


class NotAllowed(FieldAppError):
    """The signed-in person may not do this (role, ownership or state)."""


class NotSignedIn(NotAllowed):
    """The action needs a signed-in person and nobody is signed in on this profile."""


class InvalidInput(FieldAppError):
    """The input is malformed or out of range; nothing was changed."""


class StoreError(FieldAppError):
    """The local database could not be opened, read or written."""


class NewerSchemaError(StoreError):
    """The database was written by a newer fieldapp; it is left untouched."""


class CorruptDatabase(StoreError):
    """The database file is damaged and could not be recovered automatically."""
