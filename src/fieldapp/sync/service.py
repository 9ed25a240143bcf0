"""Entry points the front ends call: sign in, run one sync, probe the server.

These wire a profile (:class:`fieldapp.core.app.FieldApp`) to its server: the session says which server
and device, :class:`~fieldapp.sync.credentials.CredentialStore` holds the token, and a
:class:`~fieldapp.sync.transport.Transport` carries the requests.
"""

from __future__ import annotations

import platform
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

import httpx

from fieldapp.protocol import HealthResponse, LoginRequest, LoginResponse, UserRecord
from fieldapp.sync.backoff import RetryPolicy
from fieldapp.sync.credentials import CredentialStore
from fieldapp.sync.engine import SyncEngine
from fieldapp.sync.errors import NotSignedIn, Offline, SyncError
from fieldapp.sync.report import ProgressCallback, SyncReport
from fieldapp.sync.transport import Transport

if TYPE_CHECKING:
    from fieldapp.core.app import FieldApp

__all__ = ["PROBE_TIMEOUT", "login", "probe", "sync_profile"]

#: The connectivity probe must be cheap and quick to give up; a full sync uses the 2G timeouts.
PROBE_TIMEOUT = httpx.Timeout(10.0)


def login(
    app: FieldApp,
    server_url: str,
    username: str,
    password: str,
    *,
    device_name: str | None = None,
    retry: RetryPolicy | None = None,
) -> UserRecord:
    """Sign in to ``server_url``; store the device token and the session. Returns the signed-in user.

    The password goes to the server once and is not kept anywhere.
    """
    server_url = server_url.strip().rstrip("/")
    request = LoginRequest(
        username=username,
        password=password,
        device_id=app.device_id,
        device_name=(device_name or platform.node() or "fieldapp device")[:200],
    )
    with Transport(server_url, retry=retry) as transport:
        answer = transport.call("POST", "/auth/login", LoginResponse, body=request, authenticated=False)
    CredentialStore.for_app(app).save(server_url, answer.token)
    app.set_session(answer.user, server_url, answer.device_id)
    if answer.server_key:  # pinned, so content packs from this server can be checked offline
        from fieldapp.device.enrollment import remember_server_key
        from fieldapp.device.setup import device_dir_for_profile

        remember_server_key(device_dir_for_profile(app.profile_dir), server_url, answer.server_key)
    return answer.user


def sync_profile(
    app: FieldApp,
    *,
    progress: ProgressCallback | None = None,
    stop: threading.Event | None = None,
    retry: RetryPolicy | None = None,
    transport_factory: Callable[..., Transport] = Transport,
) -> SyncReport:
    """One full sync of the profile ``app`` with the server it is signed in to.

    Raises :class:`NotSignedIn` when there is no session or no stored token; every other problem is in
    the returned report.
    """
    session = app.session
    if session is None:
        raise NotSignedIn("Nobody is signed in on this profile. Sign in first (fieldapp login).")
    credentials = CredentialStore.for_app(app)
    token = credentials.load(session.server_url)
    if not token:
        # Set up offline from a setup file: the one-time code becomes her token at first contact.
        from fieldapp.device.activation import activate_at_first_contact

        try:
            token = activate_at_first_contact(
                app, session.server_url, transport_factory, retry=retry, stop=stop
            )
        except Offline as exc:
            return SyncReport(offline=True, errors=[str(exc)])
    if not token:
        raise NotSignedIn("This device has no stored sign-in for its server. Please sign in again.")
    server_url = session.server_url

    def forget_token() -> None:
        credentials.delete(server_url)

    with transport_factory(server_url, token, retry=retry, stop=stop) as transport:
        engine = SyncEngine(transport, app.sync_store, app.blobs, progress=progress, on_wipe=forget_token)
        return engine.run()


def probe(server_url: str) -> HealthResponse | None:
    """The server's health answer if it is reachable now, else None (a single quick try, no retries)."""
    try:
        with Transport(server_url, timeout=PROBE_TIMEOUT, retry=RetryPolicy(attempts=1)) as transport:
            return transport.health()
    except SyncError:
        return None
    except httpx.HTTPError:
        return None
