"""The one error type the pack code raises: its message is a sentence an installer can read out."""

from __future__ import annotations

from fieldapp.core.errors import FieldAppError


class PackError(FieldAppError):
    """A pack was refused (or could not be written). ``str(err)`` is plain words for a person."""
