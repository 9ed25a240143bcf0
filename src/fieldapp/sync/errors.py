"""Errors the sync engine raises on purpose.

Every message is one plain sentence a person can read (front ends show ``str(error)``), and none ever
contains a token or a password: the transport builds these messages itself instead of passing on
library text.
"""

from __future__ import annotations

__all__ = [
    "DeviceRevoked",
    "FileProblem",
    "NotSignedIn",
    "Offline",
    "RequestRejected",
    "ServerError",
    "SyncError",
    "SyncStopped",
    "Unauthorized",
]


class SyncError(Exception):
    """Base of every error the sync engine raises on purpose."""


class Offline(SyncError):
    """The server could not be reached (no network, timeout, connection dropped)."""


class Unauthorized(SyncError):
    """The server refused this device's token (401). Signing in again fixes it."""


class DeviceRevoked(Unauthorized):
    """An administrator revoked this device. Unsynced work stays on the device and can be exported."""


class NotSignedIn(SyncError):
    """There is no session or no stored token for this profile."""


class RequestRejected(SyncError):
    """The server refused a request as invalid (4xx other than 401); sending it again will not help."""

    def __init__(self, message: str, *, status: int, code: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code


class ServerError(SyncError):
    """The server failed (5xx, or an answer that does not match the protocol) and kept failing on retry.

    ``status`` is the HTTP status when there was one (None for an answer that made no sense)."""

    def __init__(self, message: str, *, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


class FileProblem(SyncError):
    """One file cannot be moved (missing on this device, or damaged in transit twice); the others still go."""


class SyncStopped(SyncError):
    """The sync was asked to stop (the app is quitting). Everything done so far is committed."""
