"""Writing packs. A pack is built in a temporary folder, copied beside the target under a temporary name
and renamed when complete, so a pulled-out USB stick never leaves a half pack under the real name.

A blob is given either as a path or as a function that opens a binary reader of its bytes (a device whose
files are encrypted at rest hands out decrypting readers; nothing is decrypted to disk for this).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import time
import zipfile
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO, Literal

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from fieldapp.bundles import crypto
from fieldapp.bundles.errors import PackError
from fieldapp.bundles.manifest import (
    BLOB_PREFIX,
    CONTENTS_NAME,
    MANIFEST_NAME,
    PAYLOAD_NAME,
    RECORDS_NAME,
    SIGNATURE_NAME,
    EncryptionInfo,
    MemberInfo,
    PackContents,
    PackManifest,
)
from fieldapp.protocol import Change, Mutation

_BLOCK = 1024 * 1024

#: Where a blob's bytes come from: a file, or a function that opens a reader of them.
BlobSource = Path | Callable[[], BinaryIO]


def _open_source(source: BlobSource) -> BinaryIO:
    return source.open("rb") if isinstance(source, Path) else source()


def file_info(path: BlobSource) -> MemberInfo:
    """SHA-256 and size of a file (or of what a blob source reads), read in blocks."""
    digest = hashlib.sha256()
    size = 0
    with _open_source(path) as stream:
        while block := stream.read(_BLOCK):
            digest.update(block)
            size += len(block)
    return MemberInfo(sha256=digest.hexdigest(), size=size)


def _write_records(lines: Iterable[str], target: Path) -> int:
    count = 0
    with target.open("w", encoding="utf-8", newline="\n") as out:
        for line in lines:
            out.write(line)
            out.write("\n")
            count += 1
    return count


def _add_members(
    archive: zipfile.ZipFile, records: Path, blobs: Mapping[str, BlobSource]
) -> dict[str, MemberInfo]:
    """Add records + blobs to an open zip; returns the member table (hash and size of each)."""
    table: dict[str, MemberInfo] = {RECORDS_NAME: file_info(records)}
    archive.write(records, RECORDS_NAME, compress_type=zipfile.ZIP_DEFLATED)
    for sha, path in sorted(blobs.items()):
        info = file_info(path)
        if info.sha256 != sha:
            raise PackError(
                f"The file stored as {sha[:12]}... does not match its checksum; nothing was packed."
            )
        # Photos and media do not compress; storing them keeps packing fast on old laptops.
        if isinstance(path, Path):
            archive.write(path, BLOB_PREFIX + sha, compress_type=zipfile.ZIP_STORED)
        else:
            member = zipfile.ZipInfo(BLOB_PREFIX + sha, time.localtime()[:6])
            member.compress_type = zipfile.ZIP_STORED
            with path() as source, archive.open(member, "w", force_zip64=info.size > 2**31) as target:
                shutil.copyfileobj(source, target, _BLOCK)
        table[BLOB_PREFIX + sha] = info
    return table


def _sign_into(archive: zipfile.ZipFile, manifest: PackManifest, key: Ed25519PrivateKey) -> None:
    manifest_bytes = manifest.model_dump_json(indent=1).encode("utf-8")
    archive.writestr(MANIFEST_NAME, manifest_bytes, compress_type=zipfile.ZIP_DEFLATED)
    archive.writestr(SIGNATURE_NAME, crypto.sign(key, manifest_bytes).hex(), compress_type=zipfile.ZIP_STORED)


def _move_into_place(partial: Path, out: Path) -> None:
    tmp_out = out.with_name(out.name + ".partial")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        # Copy (the temp folder is usually on another disk than the USB stick), fsync, then rename.
        with partial.open("rb") as src, tmp_out.open("wb") as dst:
            while block := src.read(_BLOCK):
                dst.write(block)
            dst.flush()
            os.fsync(dst.fileno())
        os.replace(tmp_out, out)
    except OSError as err:
        tmp_out.unlink(missing_ok=True)
        raise PackError(f"Could not write the pack to {out}: {err.strerror or err}.") from None


def write_content_pack(
    out: Path,
    *,
    changes: Iterable[Change],
    blobs: Mapping[str, BlobSource],
    signing_key: Ed25519PrivateKey,
    creator: str,
    cohort: str | None = None,
) -> PackManifest:
    """Write a content pack (published modules, tasks, ...) signed by the server key.

    ``changes`` are records as a pull would send them; ``blobs`` maps SHA-256 to a file holding it.
    """
    with tempfile.TemporaryDirectory(prefix="fieldpack-") as tmp:
        work = Path(tmp)
        records = work / "records.jsonl"
        count = _write_records((change.model_dump_json() for change in changes), records)
        partial = work / "pack.partial"
        with zipfile.ZipFile(partial, "w") as archive:
            table = _add_members(archive, records, blobs)
            manifest = PackManifest(
                kind="content",
                creator=creator,
                created_at=datetime.now(UTC),
                record_count=count,
                members=table,
                signer_key=crypto.public_key_hex(signing_key),
                cohort=cohort,
            )
            _sign_into(archive, manifest, signing_key)
        _move_into_place(partial, out)
        return manifest


def write_work_pack(
    out: Path,
    *,
    mutations: Iterable[Mutation],
    blobs: Mapping[str, BlobSource],
    device_key: Ed25519PrivateKey,
    server_key: Ed25519PublicKey,
    creator: str,
    device_id: str,
    user_id: str,
    proof_kind: Literal["token", "enrollment"] | None = None,
    secret_sha256: str | None = None,
    staging_parent: Path | None = None,
) -> PackManifest:
    """Write a work pack: signed by the device key, its payload readable only by the server.

    ``secret_sha256`` is SHA-256 (hex) of the device's sign-in token (``proof_kind="token"``) or of its
    normalized enrollment code (``"enrollment"``); it endorses the device key for the server.
    ``staging_parent`` is where the not-yet-encrypted inner archive is built: on a device, a private
    folder inside her profile rather than the shared system temp folder.
    """
    if staging_parent is not None:
        staging_parent.mkdir(parents=True, exist_ok=True)
        if os.name == "posix":
            os.chmod(staging_parent, 0o700)
    with tempfile.TemporaryDirectory(prefix="fieldpack-", dir=staging_parent) as tmp:
        work = Path(tmp)
        records = work / "records.jsonl"
        count = _write_records((mutation.model_dump_json() for mutation in mutations), records)
        inner = work / "inner.zip"
        with zipfile.ZipFile(inner, "w") as archive:
            table = _add_members(archive, records, blobs)
            contents = PackContents(record_count=count, members=table)
            archive.writestr(CONTENTS_NAME, contents.model_dump_json(), compress_type=zipfile.ZIP_DEFLATED)
        payload = work / PAYLOAD_NAME
        with payload.open("wb") as sink:
            ephemeral = crypto.encrypt_file(inner, sink, server_key)
        signer = crypto.public_key_hex(device_key)
        partial = work / "pack.partial"
        with zipfile.ZipFile(partial, "w") as archive:
            archive.write(payload, PAYLOAD_NAME, compress_type=zipfile.ZIP_STORED)
            manifest = PackManifest(
                kind="work",
                creator=creator,
                created_at=datetime.now(UTC),
                record_count=count,
                members={PAYLOAD_NAME: file_info(payload)},
                signer_key=signer,
                device_id=device_id,
                user_id=user_id,
                encryption=EncryptionInfo(
                    recipient_key=crypto.public_key_hex(server_key),
                    ephemeral_key=ephemeral.hex(),
                    chunk_size=crypto.CHUNK_SIZE,
                ),
                proof_kind=proof_kind if secret_sha256 else None,
                device_proof=crypto.device_proof(secret_sha256, signer) if secret_sha256 else None,
            )
            _sign_into(archive, manifest, device_key)
        _move_into_place(partial, out)
        return manifest
