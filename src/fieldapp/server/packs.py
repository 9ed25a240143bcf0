"""Offline packs on the server: ``fieldapp-server pack export`` (content for a cohort, signed with the
server key) and ``fieldapp-server pack import`` (an intern's work pack, applied through the same push code
as a network sync, so handing a pack in twice, or syncing afterwards, duplicates nothing).
"""

from __future__ import annotations

import argparse
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, select

from fieldapp.bundles import PackError, crypto, open_work_pack, write_content_pack
from fieldapp.bundles.manifest import PackManifest
from fieldapp.protocol import Change, MutationResult, RecordKind, Role
from fieldapp.server import domain
from fieldapp.server.context import ServerContext
from fieldapp.server.db import tables as t
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
    """What handing in a work pack did."""

    manifest: PackManifest
    username: str
    results: list[MutationResult]
    files: int

    def counts(self) -> Counter[str]:
        """How many changes were applied, already there (duplicate), in conflict or rejected."""
        return Counter(result.status.value for result in self.results)


def _user(conn: Connection, user_id: str) -> Any:
    row = conn.execute(select(t.users).where(t.users.c.id == user_id)).mappings().first()
    if row is None or not row["active"]:
        raise PackError("This work pack belongs to an account that does not exist or is switched off here.")
    return row


def _device_row(conn: Connection, manifest: PackManifest) -> Any:
    return (
        conn.execute(
            select(t.devices).where(
                t.devices.c.user_id == manifest.user_id, t.devices.c.device_id == manifest.device_id
            )
        )
        .mappings()
        .first()
    )


def _trusted_signer(conn: Connection, manifest: PackManifest) -> crypto.Ed25519PublicKey:
    """The device key is trusted when the device proves it holds her token or her enrollment code."""
    if not manifest.user_id or not manifest.device_id or not manifest.device_proof:
        raise PackError("This work pack does not say which device made it. Nothing was imported.")
    device = _device_row(conn, manifest)
    if device is not None and (device["revoked_at"] is not None or device["wipe_requested_at"] is not None):
        raise PackError("This work pack comes from a device that was revoked. Nothing was imported.")
    if manifest.proof_kind == "token":
        hashes = [device["token_hash"]] if device is not None else []
    else:
        hashes = list(
            conn.execute(
                select(t.enrollment_codes.c.code_hash).where(t.enrollment_codes.c.user_id == manifest.user_id)
            ).scalars()
        )
    if not any(crypto.proof_matches(h, manifest.signer_key, manifest.device_proof) for h in hashes):
        raise PackError(
            "This work pack was not made by a device this server knows for that person (or the person "
            "signed in again since). Nothing was imported."
        )
    return crypto.load_public_key(manifest.signer_key)


def import_work_pack(ctx: ServerContext, path: Path) -> WorkImport:
    """Verify, decrypt and apply a work pack as its owner's device would push it."""
    staging = ctx.config.data_dir / "tmp"

    def signer_for(manifest: PackManifest) -> crypto.Ed25519PublicKey:
        with ctx.engine.connect() as conn:
            return _trusted_signer(conn, manifest)

    with open_work_pack(
        path, server_key=ctx.signing_key, signer_for=signer_for, staging_parent=staging
    ) as pack:
        with ctx.engine.connect() as conn:
            user = _user(conn, str(pack.manifest.user_id))
            device = _device_row(conn, pack.manifest)
        too_big = [sha for sha, blob in pack.blobs.items() if blob.stat().st_size > ctx.config.max_blob_size]
        if too_big:
            raise PackError(
                f"A file in this work pack is larger than this server accepts "
                f"({ctx.config.max_blob_size // (1024 * 1024)} MB). Nothing was imported."
            )
        # Files first: records refer to them, and a stored blob that nothing refers to is harmless.
        for sha, blob in sorted(pack.blobs.items()):
            if not ctx.blobs.has(sha):
                ctx.blobs.put_bytes(sha, blob.read_bytes())
        who = Principal(
            user_id=str(user["id"]),
            username=str(user["username"]),
            role=Role(user["role"]),
            device_row_id=str(device["id"]) if device is not None else None,
            device_id=pack.manifest.device_id,
        )
        results = apply_mutations(ctx, who, pack.mutations)
        return WorkImport(pack.manifest, str(user["username"]), results, len(pack.blobs))


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
    counts = done.counts()
    print(
        f"Work pack from {done.username}: {counts['applied']} new, {counts['duplicate']} already received, "
        f"{counts['conflict']} in conflict, {counts['rejected']} refused; {done.files} files."
    )
    for result in done.results:
        if result.status.value == "rejected":
            print(f"  refused {result.id}: {result.reason}")
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


def _export_help() -> str:
    return (
        "Write the cohort's published modules, tasks and assignments to a .fieldpack signed with the "
        "server key. Devices check the signature against the key they pinned at enrollment."
    )


def _import_help() -> str:
    return (
        "Apply a work pack an intern exported with 'fieldapp pack export-work'. Handing the same pack in "
        "twice, or syncing the device afterwards, duplicates nothing."
    )
