"""First contact: exchange a person's pending enrollment code for her own device token.

A laptop set up offline (setup file or typed code) has a session but no token. At the first sync that
reaches the server, :func:`activate_at_first_contact` redeems the code: it stores the token (keyring),
forgets the code, refreshes who she is and pins the server key if the setup came without one.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable
from typing import Any

from fieldapp.core.app import FieldApp
from fieldapp.device.enrollment import forget_pending_code, pending_code, pin_server
from fieldapp.device.identity import read_identity
from fieldapp.device.setup import device_dir_for_profile
from fieldapp.protocol import EnrollRequest, LoginResponse
from fieldapp.sync.credentials import CredentialStore
from fieldapp.sync.errors import NotSignedIn, RequestRejected, Unauthorized
from fieldapp.sync.transport import Transport


def activate_pending(
    app: FieldApp, server_url: str, device_id: str, transport: Transport
) -> LoginResponse | None:
    """Redeem the pending code of ``app``'s profile, if there is one; returns the login, or None.

    A code the server refuses for good (used, expired, unknown) is forgotten so it is not tried on every
    sync, and :class:`NotSignedIn` says what to do. Network trouble (``Offline``) is raised as it is:
    the code stays for the next try.
    """
    profile = app.profile_dir
    code = pending_code(profile, server_url, app.data_key)
    if code is None:
        return None
    # The laptop's signing key goes with the code: work packs proven with this code must carry it. Read
    # as stored: opening the device here could renew a copied identity mid-sync.
    identity = read_identity(device_dir_for_profile(profile))
    device_key = identity.public_key_hex if identity is not None else None
    request = EnrollRequest(
        code=code, device_id=device_id, device_name=socket.gethostname()[:200], device_key=device_key
    )
    try:
        login = transport.call("POST", "/auth/enroll", LoginResponse, body=request, authenticated=False)
    except (RequestRejected, Unauthorized):  # 401 here means the code itself was refused
        forget_pending_code(profile, server_url)
        raise NotSignedIn(
            "The server did not accept this laptop's setup code (it was already used or has expired). "
            "Ask your coordinator for a new setup file, or sign in with your password."
        ) from None
    CredentialStore.for_app(app).save(server_url, login.token)
    forget_pending_code(profile, server_url)
    transport.set_token(login.token)
    app.set_session(login.user, server_url, device_id)
    if login.server_key:
        pin_server(device_dir_for_profile(profile), server_url, login.server_key)
    return login


def activate_at_first_contact(
    app: FieldApp,
    server_url: str,
    transport_factory: Callable[..., Transport] = Transport,
    *,
    retry: Any = None,
    stop: threading.Event | None = None,
) -> str | None:
    """The token after redeeming a pending code, or None when the profile has no pending code.

    For ``fieldapp.sync.service.sync_profile``: call it when no token is stored.
    """
    if pending_code(app.profile_dir, server_url, app.data_key) is None:
        return None
    session = app.session
    device_id = session.device_id if session is not None else app.device_id
    with transport_factory(server_url, None, retry=retry, stop=stop) as transport:
        login = activate_pending(app, server_url, device_id, transport)
    return login.token if login is not None else None
