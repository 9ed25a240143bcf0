"""Packs on the device: bring a content pack into one person's profile, take her unsent work out.

Both go through the core's own doors (``SyncStore.apply_pull_page`` for records, ``BlobStore`` for
files), so a pack behaves exactly like a sync: same upserts by id, same transaction, same blob store.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from pydantic import ValidationError

from fieldapp.bundles import crypto
from fieldapp.bundles.errors import PackError
from fieldapp.bundles.limits import DEFAULT_LIMITS, PackLimits
from fieldapp.bundles.manifest import PackManifest
from fieldapp.bundles.reader import open_content_pack
from fieldapp.bundles.writer import BlobSource, write_work_pack
from fieldapp.core.app import FieldApp
from fieldapp.core.errors import NotSignedIn
from fieldapp.core.syncstore import note_skipped
from fieldapp.protocol import (
    Change,
    ModuleRecord,
    MutationKind,
    PullResponse,
    RecordKind,
    SubmitPayload,
    UserRecord,
)

#: Called with (step, done, total) while a pack is read or written; step is "verify", "files" or "records".
Progress = Callable[[str, int, int], None]

ProofKind = Literal["token", "enrollment"]


@dataclass(frozen=True)
class ContentImport:
    """What an import did, for a sentence to the person."""

    manifest: PackManifest
    records: int
    files: int
    #: Records in the pack meant for other people of the cohort (not copied into this profile).
    skipped: int
    #: Set when the import also told this profile who she is (offline enrollment, before first sync).
    signed_in_as: str | None = None
    #: Her records in the pack that this version cannot read: left out and noted (doctor lists them).
    unreadable: int = 0


@dataclass(frozen=True)
class WorkExport:
    """What an export wrote."""

    path: Path | None
    changes: int
    files: int


def _visible_scopes(user: UserRecord, modules: Iterable[ModuleRecord]) -> set[str]:
    # Mirrors the server's scope rules for an intern (docs/sync-protocol.md): herself, her work, her
    # cohorts, the modules published to them, and her mentors' names.
    scopes = {f"user:{user.id}", f"intern:{user.id}"}
    scopes.update(f"user:{mentor}" for mentor in user.mentor_ids)
    scopes.update(f"cohort:{cohort}" for cohort in user.cohort_ids)
    scopes.update(f"module:{m.id}" for m in modules if set(m.cohort_ids) & set(user.cohort_ids))
    return scopes


def _find_user(changes: list[Change], username: str | None, user_id: str | None) -> UserRecord | None:
    for change in changes:
        if change.kind is RecordKind.user and change.data is not None:
            user = UserRecord.model_validate(change.data)
            if user.id == user_id or (username is not None and user.username == username):
                return user
    return None


def _for_this_person(changes: list[Change], user: UserRecord | None) -> list[Change]:
    """A cohort pack holds everyone's assignments: keep only what this person may see.

    Before anyone is known on the profile (preloading a laptop) only the shared content is kept:
    cohorts, cohort tasks and modules, never anyone's user record or assignments.
    """
    modules = [ModuleRecord.model_validate(c.data) for c in changes if c.kind is RecordKind.module and c.data]
    if user is None:
        return [c for c in changes if c.scope.split(":", 1)[0] in {"cohort", "module"}]
    visible = _visible_scopes(user, modules)
    return [c for c in changes if c.scope in visible]


def import_content_pack(
    app: FieldApp,
    pack_path: Path,
    *,
    trusted_key_hex: str | None,
    username: str | None = None,
    server_url: str | None = None,
    device_id: str | None = None,
    progress: Progress | None = None,
    limits: PackLimits = DEFAULT_LIMITS,
) -> ContentImport:
    """Verify ``pack_path`` against the pinned server key and bring its content into ``app``'s profile.

    Nothing is written unless the whole pack checks out. Importing the same pack again changes nothing
    (records are upserted by id, files are content-addressed). When nobody is signed in on the profile
    yet but the pack carries her user record (``username`` from her setup file), the profile is told who
    she is, so she can start working offline; her device token comes at first contact.
    """
    if not trusted_key_hex:
        raise PackError(
            "This laptop is not set up with a server yet, so it cannot check who made this pack. "
            "Set it up with a setup file or enrollment code (or sign in once while online) first."
        )
    report = progress or (lambda _step, _done, _total: None)
    staging = app.profile_dir / "tmp"
    session = app.session
    with open_content_pack(
        pack_path,
        trusted_key=crypto.load_public_key(trusted_key_hex),
        limits=limits,
        staging_parent=staging,
        on_progress=lambda done, total: report("verify", done, total),
    ) as pack:
        user = _find_user(pack.changes, username, session.user.id if session else None)
        if session is not None and user is None:
            user = session.user
        kept = _for_this_person(pack.changes, user)
        wanted = {
            asset.sha256
            for change in kept
            if change.kind is RecordKind.module and change.data
            for asset in ModuleRecord.model_validate(change.data).assets
        }
        files = [(sha, path) for sha, path in sorted(pack.blobs.items()) if sha in wanted]
        for done, (sha, path) in enumerate(files, start=1):
            if not app.blobs.has(sha):
                stored = app.blobs.put_file(path)
                if stored.sha256 != sha:  # the staged copy changed under us: never keep a wrong file
                    raise PackError("A file changed while it was being imported. Please try again.")
            report("files", done, len(files))
        page = PullResponse(
            changes=kept, cursor=app.sync_store.cursor(), more=False, server_time=datetime.now(UTC)
        )
        app.sync_store.apply_pull_page(page)
        unreadable = _note_unreadable(app, pack.unreadable, user)
        report("records", len(kept), len(kept))
        signed_in = None
        if session is None and user is not None and server_url:
            app.set_session(user, server_url, device_id or app.device_id)
            signed_in = user.username
        return ContentImport(
            manifest=pack.manifest,
            records=len(kept),
            files=len(files),
            skipped=len(pack.changes) - len(kept),
            signed_in_as=signed_in,
            unreadable=unreadable,
        )


def _note_unreadable(
    app: FieldApp, unreadable: list[tuple[Change, ValidationError]], user: UserRecord | None
) -> int:
    """Note this person's records that the pack carried but this version cannot read (reported once)."""
    mine = {id(c) for c in _for_this_person([change for change, _ in unreadable], user)}
    with app.store.transaction() as conn:
        return sum(
            note_skipped(conn, change.kind.value, change.id, exc, "pack")
            for change, exc in unreadable
            if id(change) in mine
        )


def _attachment_shas(app: FieldApp) -> set[str]:
    shas = {ref.sha256 for ref in app.sync_store.blobs_to_upload()}
    for mutation in app.sync_store.pending_mutations(limit=1_000_000):
        if mutation.kind is MutationKind.submit:
            shas.update(a.sha256 for a in SubmitPayload.model_validate(mutation.payload).attachments)
    return shas


def export_work_pack(
    app: FieldApp,
    out: Path,
    *,
    device_id: str,
    device_key: crypto.Ed25519PrivateKey,
    server_key_hex: str | None,
    proof: tuple[ProofKind, str] | None,
    staging: Path | None = None,
) -> WorkExport:
    """Write her unsent work (the outbox and its files) to ``out``, for the server only.

    The outbox is left as it is: when the device syncs later, the server answers "duplicate" for
    everything the pack already delivered, so nothing is sent twice. ``proof`` is the kind and SHA-256 of
    the secret that endorses the device key (see ``crypto.device_proof``). ``staging`` is a private
    folder for the unencrypted inner archive while it is built (default: the system temp folder).
    """
    session = app.session
    if session is None:
        raise NotSignedIn("Nobody is signed in on this profile, so there is no work to export.")
    if not server_key_hex:
        raise PackError("This laptop does not know the server's key yet, so it cannot lock the pack for it.")
    if proof is None:
        raise PackError(
            "This profile has neither a sign-in nor a setup code, so the server could not trust a pack "
            "from it. Sign in, or set the person up again with her setup file, then export."
        )
    mutations = app.sync_store.pending_mutations(limit=1_000_000)
    if not mutations:
        return WorkExport(path=None, changes=0, files=0)
    # Readers, not paths: her stored files may be encrypted at rest; they are decrypted as they are packed.
    blobs: dict[str, BlobSource] = {
        sha: (lambda sha=sha: app.blobs.open(sha))  # type: ignore[misc]
        for sha in sorted(_attachment_shas(app))
        if app.blobs.has(sha)
    }
    write_work_pack(
        out,
        mutations=mutations,
        blobs=blobs,
        device_key=device_key,
        server_key=crypto.load_public_key(server_key_hex),
        creator=f"{session.user.display_name or session.user.username} on device {device_id[:8]}",
        device_id=device_id,
        user_id=session.user.id,
        proof_kind=proof[0] if proof else None,
        secret_sha256=proof[1] if proof else None,
        staging_parent=staging,
    )
    return WorkExport(path=out, changes=len(mutations), files=len(blobs))


def token_proof(token: str) -> tuple[ProofKind, str]:
    """The proof material of a sign-in token (what the server stores: its SHA-256)."""
    return "token", hashlib.sha256(token.encode("utf-8")).hexdigest()
