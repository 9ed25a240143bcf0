"""Packs for one person's profile on this laptop: the one place that knows which server key, which
device id and which proof go with a profile. The CLI and the GUI both call these."""

from __future__ import annotations

from pathlib import Path

from fieldapp.bundles.local import (
    ContentImport,
    Progress,
    ProofKind,
    WorkExport,
    export_work_pack,
    import_content_pack,
    token_proof,
)
from fieldapp.core.app import FieldApp
from fieldapp.core.errors import NotFound
from fieldapp.core.vault import DataKey
from fieldapp.device.enrollment import code_sha256, pending_code
from fieldapp.device.people import PROFILES_DIR
from fieldapp.device.setup import Device, device_dir_for_profile
from fieldapp.sync.credentials import CredentialStore


def linked_username(device: Device, profile: Path) -> str | None:
    """The server account her setup named, when ``profile`` is a person's profile on a shared laptop."""
    if profile.resolve().parent.name != PROFILES_DIR:
        return None
    try:
        return device.people.get(profile.name).username
    except NotFound:
        return None


def work_pack_proof(
    profile: Path, server_url: str | None, key: DataKey | None = None
) -> tuple[ProofKind, str] | None:
    """What endorses this laptop's key for the server: her token, or before first contact her code.

    ``key`` is her data key on a PIN-locked profile (her secrets are sealed with it).
    """
    if not server_url:
        return None
    token = CredentialStore(profile, key).load(server_url)
    if token:
        return token_proof(token)
    code = pending_code(profile, server_url, key)
    return ("enrollment", code_sha256(code)) if code else None


def import_into_profile(
    app: FieldApp, pack: Path, progress: Progress | None = None, device: Device | None = None
) -> ContentImport:
    """Import a content pack into ``app``'s profile, checked against the key this laptop pinned."""
    device = device or Device.open(device_dir_for_profile(app.profile_dir))
    pin = device.server
    session = app.session
    return import_content_pack(
        app,
        pack,
        trusted_key_hex=pin.key if pin else None,
        username=linked_username(device, app.profile_dir),
        server_url=pin.url if pin else (session.server_url if session else None),
        device_id=session.device_id if session else device.identity.device_id,
        progress=progress,
    )


def export_from_profile(app: FieldApp, out: Path, device: Device | None = None) -> WorkExport:
    """Write her unsent work to ``out``, signed by this laptop and locked for the server."""
    device = device or Device.open(device_dir_for_profile(app.profile_dir))
    pin = device.server
    session = app.session
    server_url = session.server_url if session else (pin.url if pin else None)
    return export_work_pack(
        app,
        out,
        # The server knows the device by the id her sign-in used; before any sign-in, by this laptop's.
        device_id=session.device_id if session else device.identity.device_id,
        device_key=device.identity.key,
        server_key_hex=pin.key if pin else None,
        proof=work_pack_proof(app.profile_dir, server_url, app.data_key),
        staging=app.profile_dir / "tmp",
    )
