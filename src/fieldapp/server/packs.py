"""Offline packs on the server: ``fieldapp-server pack export`` (content for a cohort, signed with the
server key) and ``fieldapp-server pack import`` (an intern's work pack, applied through the same push code
as a network sync, so handing a pack in twice, or syncing afterwards, duplicates nothing).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import tempfile
import uuid
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, select

from fieldapp.bundles import PackError, crypto, open_work_pack, write_content_pack
from fieldapp.bundles.manifest import PackManifest
from fieldapp.protocol import Change, MutationResult, RecordKind, Role
from fieldapp.server import domain, files
from fieldapp.server.context import ServerContext, aware, private_dir, utcnow
from fieldapp.server.db import tables as t
from fieldapp.server.devices import device_row
from fieldapp.server.domain import DomainError
from fieldapp.server.push import apply_mutations
from fieldapp.server.scopes import Principal, user_scopes

#: What a content pack carries. Submissions, revisions, reviews and progress are people's own work:
#: they travel only in encrypted work packs or over an authenticated sync, never in a readable pack.
CONTENT_KINDS = {
    RecordKind.user,
    RecordKind.cohort,
    RecordKind.task,
    RecordKind.assignment,
    RecordKind.module,
}


# ---------------------------------------------------------------- content out


def _cohort_scopes(conn: Connection, cohort_id: str) -> set[str]:
    """Union of what every intern of the cohort may see (each device keeps only its person's share)."""
    members = conn.execute(
        select(t.users.c.id, t.users.c.username, t.users.c.role)
        .join(t.cohort_members, t.cohort_members.c.user_id == t.users.c.id)
        .where(t.cohort_members.c.cohort_id == cohort_id, t.users.c.active.is_(True))
    ).all()
    scopes = {f"cohort:{cohort_id}"}
    for user_id, username, role in members:
        if role == Role.intern.value:
            scopes |= user_scopes(conn, Principal(user_id=user_id, username=username, role=Role.intern))
    return scopes


def content_changes(conn: Connection, cohort_id: str) -> list[Change]:
    """The current records a content pack for ``cohort_id`` carries, in change order."""
    scopes = sorted(_cohort_scopes(conn, cohort_id))
    rows = conn.execute(
        select(t.changes)
        .where(
            t.changes.c.scope.in_(scopes),
            t.changes.c.deleted.is_(False),
            t.changes.c.kind.in_([kind.value for kind in CONTENT_KINDS]),
        )
        .order_by(t.changes.c.seq)
    ).mappings()
    return [
        Change(seq=r["seq"], kind=RecordKind(r["kind"]), id=r["record_id"], scope=r["scope"], data=r["data"])
        for r in rows
    ]


def _asset_shas(changes: list[Change]) -> set[str]:
    shas: set[str] = set()
    for change in changes:
        if change.kind is RecordKind.module and change.data:
            shas.update(str(asset["sha256"]) for asset in change.data.get("assets", []))
    return shas


def export_content_pack(ctx: ServerContext, cohort: str, out: Path) -> PackManifest:
    """Write a signed content pack for ``cohort`` (name or id) to ``out``."""
    with ctx.engine.connect() as conn:
        row = domain.cohort_by_name_or_id(conn, cohort)
        changes = content_changes(conn, str(row["id"]))
    with tempfile.TemporaryDirectory(prefix="fieldpack-export-") as tmp:
        blobs: dict[str, Path] = {}
        for sha in sorted(_asset_shas(changes)):
            if not ctx.blobs.has(sha):
                raise DomainError("missing_file", f"The module file {sha[:12]}... is missing on the server.")
            path = Path(tmp) / sha
            with path.open("wb") as sink:
                for piece in ctx.blobs.read_range(sha, 0, ctx.blobs.size(sha) - 1):
                    sink.write(piece)
            blobs[sha] = path
        return write_content_pack(
            out,
            changes=changes,
            blobs=blobs,
            signing_key=ctx.signing_key,
            creator=f"fieldapp server {ctx.config.public_url}",
            cohort=str(row["name"]),
        )


# ---------------------------------------------------------------- work in


@dataclass(frozen=True)
class WorkImport:
    """What handing in a work pack did. ``held`` is set (and nothing applied) when its proof could not be
    verified: the pack waits for an administrator (``fieldapp-server pack held``)."""

    manifest: PackManifest
    username: str
    results: list[MutationResult]
    files: int
    held: HeldPack | None = None

    def counts(self) -> Counter[str]:
        """How many changes were applied, already there (duplicate), in conflict or rejected."""
        return Counter(result.status.value for result in self.results)


@dataclass(frozen=True)
class HeldPack:
    """A work pack kept for an administrator because nothing vouches for the device that made it."""

    id: str
    received_at: datetime
    file_name: str
    size: int
    username: str | None
    device_id: str | None
    reason: str
    status: str


@dataclass(frozen=True)
class _Verdict:
    """Whether a work pack's device proof holds; ``bind_code`` is the setup code to bind to the device
    (first presentation of an unused code), done only once the whole pack has checked out."""

    trusted: bool
    reason: str = ""
    bind_code: str | None = None


def _judge(conn: Connection, manifest: PackManifest) -> _Verdict:
    """Who vouches for the key that signed this pack (docs/security.md, "Setup codes and work packs").

    A token proof: a known device of hers, not revoked, whose current token made the proof. A setup-code
    proof: the code is hers and either still unused and unexpired (then it becomes this device's), or
    already this device's (same device, same key). Anything else is not trusted.
    """
    if not manifest.user_id or not manifest.device_id or not manifest.device_proof:
        return _Verdict(False, "The pack does not say which device made it.")
    user = conn.execute(select(t.users.c.active).where(t.users.c.id == manifest.user_id)).first()
    if user is None or not user[0]:
        return _Verdict(False, "The pack names an account that does not exist or is switched off.")
    device = device_row(conn, manifest.user_id, manifest.device_id)
    if device is not None and (device["revoked_at"] is not None or device["wipe_requested_at"] is not None):
        return _Verdict(False, "The device that made the pack was revoked or ordered wiped.")
    if manifest.proof_kind == "token":
        if device is None or not crypto.proof_matches(
            device["token_hash"], manifest.signer_key, manifest.device_proof
        ):
            return _Verdict(
                False, "No device of hers with that sign-in is known (or she signed in again since)."
            )
        return _Verdict(True)
    codes = conn.execute(
        select(t.enrollment_codes).where(t.enrollment_codes.c.user_id == manifest.user_id)
    ).mappings()
    code = next(
        (
            c
            for c in codes
            if crypto.proof_matches(c["code_hash"], manifest.signer_key, manifest.device_proof)
        ),
        None,
    )
    if code is None:
        return _Verdict(False, "The setup code it was made with is not one this server gave her.")
    if code["device_row_id"] is not None:
        if device is None or device["id"] != code["device_row_id"]:
            return _Verdict(False, "Its setup code already belongs to another device.")
        if code["bound_key"] is None:
            # Exchanged online by an older app that did not say its key: that device signs in with its
            # token, and a code proof from it cannot be told apart from a forgery naming its device id.
            return _Verdict(False, "Its setup code was exchanged without saying the device's key.")
        if code["bound_key"] != manifest.signer_key:
            return _Verdict(False, "It was signed by another key than the one its setup code belongs to.")
        return _Verdict(True)
    if code["used_at"] is not None:
        return _Verdict(False, "Its setup code was used before, by a device the server cannot tell.")
    if aware(code["expires_at"]) < utcnow():
        return _Verdict(False, "Its setup code expired before it was ever used.")
    return _Verdict(True, bind_code=str(code["code_hash"]))


def _bind_code(conn: Connection, manifest: PackManifest, code_hash: str) -> bool:
    """Make an unused setup code this device's (creating the device, without a token, if new); False if
    another device bound it meanwhile."""
    device = device_row(conn, manifest.user_id, manifest.device_id)
    if device is None:
        row_id = str(uuid.uuid4())
        now = utcnow()
        conn.execute(
            t.devices.insert().values(
                id=row_id,
                user_id=manifest.user_id,
                device_id=manifest.device_id,
                name="(work pack)",
                # Never a SHA-256 hex: no token can match until the device signs in or enrolls online.
                token_hash=f"unissued:{row_id}",
                created_at=now,
                last_seen=now,
            )
        )
    else:
        row_id = str(device["id"])
    bound = conn.execute(
        t.enrollment_codes.update()
        .where(t.enrollment_codes.c.code_hash == code_hash, t.enrollment_codes.c.device_row_id.is_(None))
        .values(device_row_id=row_id, bound_key=manifest.signer_key, bound_at=utcnow())
    ).rowcount
    return bool(bound)


def _held_dir(ctx: ServerContext) -> Path:
    return private_dir(ctx.config.data_dir / "held")


def _hold(ctx: ServerContext, path: Path, manifest: PackManifest, reason: str) -> HeldPack:
    """Keep the pack file for an administrator, and say so."""
    held_id = str(uuid.uuid4())
    target = _held_dir(ctx) / f"{held_id}.fieldpack"
    digest = hashlib.sha256()
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as sink, path.open("rb") as source:
        for piece in iter(lambda: source.read(1 << 20), b""):
            digest.update(piece)
            sink.write(piece)
        sink.flush()
        os.fsync(sink.fileno())
    with ctx.engine.begin() as conn:
        user = conn.execute(select(t.users.c.username).where(t.users.c.id == manifest.user_id)).first()
        row = {
            "id": held_id,
            "received_at": utcnow(),
            "file_name": path.name[:255],
            "size": target.stat().st_size,
            "sha256": digest.hexdigest(),
            "user_id": manifest.user_id,
            "username": user[0] if user else None,
            "device_id": manifest.device_id,
            "reason": reason,
            "status": "held",
        }
        conn.execute(t.held_packs.insert().values(**row))
    return _held_from_row(row)


def _held_from_row(row: Any) -> HeldPack:
    return HeldPack(
        id=row["id"],
        received_at=aware(row["received_at"]),
        file_name=row["file_name"],
        size=row["size"],
        username=row["username"],
        device_id=row["device_id"],
        reason=row["reason"],
        status=row["status"],
    )


def import_work_pack(ctx: ServerContext, path: Path, *, approved: bool = False) -> WorkImport:
    """Verify, decrypt and apply a work pack as its owner's device would push it.

    A pack that is damaged, tampered with or made for another server raises :class:`PackError` (nothing
    imported). A sound pack whose device proof does not hold is held for an administrator (nothing
    imported, nothing lost); ``approved`` is the administrator's say-so that it may be applied anyway.
    """
    # Decrypted work is staged here for a moment: a folder only the server's user can enter.
    staging = private_dir(ctx.config.data_dir / "tmp")
    verdicts: list[_Verdict] = []

    def signer_for(manifest: PackManifest) -> crypto.Ed25519PublicKey:
        # The signature is checked against the key the pack names, so a damaged or altered pack is refused
        # outright; whether that key is vouched for is decided after, and an unvouched pack is held.
        with ctx.engine.connect() as conn:
            verdicts.append(_judge(conn, manifest))
        return crypto.load_public_key(manifest.signer_key)

    with open_work_pack(
        path, server_key=ctx.signing_key, signer_for=signer_for, staging_parent=staging
    ) as pack:
        manifest = pack.manifest
        verdict = verdicts[-1] if verdicts else _Verdict(False, "The pack could not be checked.")
        if not approved and verdict.bind_code is not None:
            with ctx.engine.begin() as conn:
                if not _bind_code(conn, manifest, verdict.bind_code):
                    verdict = _judge(conn, manifest)  # another device took the code meanwhile
        if not approved and not verdict.trusted:
            held = _hold(ctx, path, manifest, verdict.reason)
            return WorkImport(manifest, held.username or "", [], len(pack.blobs), held=held)
        with ctx.engine.connect() as conn:
            user = conn.execute(select(t.users).where(t.users.c.id == manifest.user_id)).mappings().first()
            device = device_row(conn, manifest.user_id, manifest.device_id)
        if user is None or not user["active"]:
            raise PackError(
                "This work pack belongs to an account that does not exist or is switched off here."
            )
        too_big = [sha for sha, blob in pack.blobs.items() if blob.stat().st_size > ctx.config.max_blob_size]
        if too_big:
            raise PackError(
                f"A file in this work pack is larger than this server accepts "
                f"({ctx.config.max_blob_size // (1024 * 1024)} MB). Nothing was imported."
            )
        # Files first: records refer to them, and a stored blob that nothing refers to is harmless. She
        # handed the bytes in, so she holds them.
        for sha, blob in sorted(pack.blobs.items()):
            if not ctx.blobs.has(sha):
                ctx.blobs.put_bytes(sha, blob.read_bytes())
            with ctx.engine.begin() as conn:
                files.record_stored(conn, sha, blob.stat().st_size)
                files.bind(conn, sha, str(user["id"]), "pack")
        who = Principal(
            user_id=str(user["id"]),
            username=str(user["username"]),
            role=Role(user["role"]),
            device_row_id=str(device["id"]) if device is not None else None,
            device_id=manifest.device_id,
        )
        results = apply_mutations(ctx, who, pack.mutations)
        return WorkImport(manifest, str(user["username"]), results, len(pack.blobs))


def held_packs(ctx: ServerContext, *, all_states: bool = False) -> list[HeldPack]:
    """Packs waiting for an administrator (with ``all_states``, decided ones too), oldest first."""
    query = select(t.held_packs).order_by(t.held_packs.c.received_at)
    if not all_states:
        query = query.where(t.held_packs.c.status == "held")
    with ctx.engine.connect() as conn:
        return [_held_from_row(row) for row in conn.execute(query).mappings()]


def _held_row(ctx: ServerContext, held_id: str) -> Any:
    with ctx.engine.connect() as conn:
        row = conn.execute(select(t.held_packs).where(t.held_packs.c.id == held_id)).mappings().first()
    if row is None:
        raise DomainError("not_found", f"There is no held pack {held_id!r} (see 'pack held list').")
    if row["status"] != "held":
        raise DomainError("invalid_state", f"That pack was already {row['status']}.")
    return row


def _decide(ctx: ServerContext, held_id: str, status: str, outcome: str) -> None:
    with ctx.engine.begin() as conn:
        conn.execute(
            t.held_packs.update()
            .where(t.held_packs.c.id == held_id)
            .values(status=status, decided_at=utcnow(), outcome=outcome)
        )
    (_held_dir(ctx) / f"{held_id}.fieldpack").unlink(missing_ok=True)


def approve_held(ctx: ServerContext, held_id: str) -> WorkImport:
    """Apply a held pack: an administrator checked with the intern that the work is hers."""
    _held_row(ctx, held_id)
    done = import_work_pack(ctx, _held_dir(ctx) / f"{held_id}.fieldpack", approved=True)
    counts = done.counts()
    _decide(ctx, held_id, "approved", f"{counts['applied']} applied, {counts['rejected']} refused")
    return done


def reject_held(ctx: ServerContext, held_id: str) -> None:
    """Throw a held pack away (its work is not applied)."""
    _held_row(ctx, held_id)
    _decide(ctx, held_id, "rejected", "rejected by an administrator")


# ---------------------------------------------------------------- command line


def _export_cmd(ctx: ServerContext, args: argparse.Namespace) -> int:
    manifest = export_content_pack(ctx, args.cohort, Path(args.out))
    files = sum(1 for name in manifest.members if name.startswith("blobs/"))
    print(
        f"Wrote {args.out}: {manifest.record_count} records and {files} files for cohort {manifest.cohort}, "
        f"signed with server key {crypto.key_fingerprint(manifest.signer_key)}."
    )
    return 0


def _import_cmd(ctx: ServerContext, args: argparse.Namespace) -> int:
    try:
        done = import_work_pack(ctx, Path(args.file))
    except PackError as err:
        raise DomainError("pack_refused", str(err)) from None
    if done.held is not None:
        print(
            f"Work pack held, nothing imported: {done.held.reason} It is kept as {done.held.id}; check with "
            f"the intern, then 'fieldapp-server pack held approve {done.held.id}' or '... reject'."
        )
        return 0
    _print_import(done)
    return 0


def _print_import(done: WorkImport) -> None:
    counts = done.counts()
    print(
        f"Work pack from {done.username}: {counts['applied']} new, {counts['duplicate']} already received, "
        f"{counts['conflict']} in conflict, {counts['rejected']} refused; {done.files} files."
    )
    for result in done.results:
        if result.status.value == "rejected":
            print(f"  refused {result.id}: {result.reason}")


def _held_list_cmd(ctx: ServerContext, args: argparse.Namespace) -> int:
    packs = held_packs(ctx, all_states=args.all)
    if not packs:
        print("No work packs are held.")
        return 0
    for held in packs:
        print(
            f"{held.id}  {held.received_at:%Y-%m-%d %H:%M}  {held.status:<8}  {held.username or '?'}  "
            f"device {held.device_id or '?'}  {held.size} bytes  {held.file_name}\n    {held.reason}"
        )
    return 0


def _held_approve_cmd(ctx: ServerContext, args: argparse.Namespace) -> int:
    try:
        done = approve_held(ctx, args.id)
    except PackError as err:
        raise DomainError("pack_refused", str(err)) from None
    _print_import(done)
    return 0


def _held_reject_cmd(ctx: ServerContext, args: argparse.Namespace) -> int:
    reject_held(ctx, args.id)
    print(f"Held pack {args.id} rejected; its work was not applied and the file was deleted.")
    return 0


def register_cli(subparsers: Any) -> None:
    """Add ``pack export`` and ``pack import`` to ``fieldapp-server``."""
    from fieldapp.server.cli import _common  # the shared --database / --data-dir flags

    common = _common()
    pack = subparsers.add_parser("pack", help="offline packs (USB)").add_subparsers(
        dest="action", required=True, metavar="ACTION"
    )
    export = pack.add_parser(
        "export",
        parents=[common],
        help="write a signed content pack for a cohort",
        description=_export_help(),
    )
    export.add_argument("--cohort", required=True, help="cohort name or id")
    export.add_argument("--out", required=True, metavar="FILE", help="where to write the .fieldpack")
    export.set_defaults(handler=_export_cmd)
    imp = pack.add_parser(
        "import", parents=[common], help="hand in a work pack from a device", description=_import_help()
    )
    imp.add_argument("file", metavar="FILE")
    imp.set_defaults(handler=_import_cmd)
    held = pack.add_parser(
        "held", help="work packs kept for an administrator (their device could not be verified)"
    ).add_subparsers(dest="held_action", required=True, metavar="ACTION")
    p = held.add_parser("list", parents=[common], help="list held packs")
    p.add_argument("--all", action="store_true", help="also list approved and rejected ones")
    p.set_defaults(handler=_held_list_cmd)
    p = held.add_parser("approve", parents=[common], help="apply a held pack after checking it is hers")
    p.add_argument("id")
    p.set_defaults(handler=_held_approve_cmd)
    p = held.add_parser("reject", parents=[common], help="delete a held pack without applying it")
    p.add_argument("id")
    p.set_defaults(handler=_held_reject_cmd)


def _export_help() -> str:
    return (
        "Write the cohort's published modules, tasks and assignments to a .fieldpack signed with the "
        "server key. Devices check the signature against the key they pinned at enrollment."
    )


def _import_help() -> str:
    return (
        "Apply a work pack an intern exported with 'fieldapp pack export-work'. Handing the same pack in "
        "twice, or syncing the device afterwards, duplicates nothing. A pack whose device the server cannot "
        "vouch for (an unknown, expired or another device's setup code, a revoked device) is held, not "
        "applied: see 'pack held'."
    )
