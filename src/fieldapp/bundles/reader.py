"""Opening packs: verify everything, stage everything, and only then hand the contents to the caller.

Callers use a context manager; the staged files live in a private temporary folder that disappears when
the ``with`` block ends. Nothing is written outside that folder, so a refused pack leaves no trace.
"""

from __future__ import annotations

import json
import tempfile
import zipfile
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from pydantic import ValidationError

from fieldapp.bundles import crypto
from fieldapp.bundles.errors import PackError
from fieldapp.bundles.limits import DEFAULT_LIMITS, PackLimits
from fieldapp.bundles.manifest import (
    BLOB_PREFIX,
    CONTENTS_NAME,
    MANIFEST_NAME,
    PAYLOAD_NAME,
    RECORDS_NAME,
    SIGNATURE_NAME,
    MemberInfo,
    PackKind,
    PackManifest,
    is_blob_name,
    parse_contents,
    parse_manifest,
)
from fieldapp.bundles.safezip import (
    check_directory,
    check_member_set,
    extract_verified,
    open_zip,
    read_small,
)
from fieldapp.bundles.space import ensure_free_space
from fieldapp.protocol import RECORD_MODELS, Change, MutationEnvelope

#: Which key must have signed a work pack (the server looks the device up); raises PackError to refuse.
SignerLookup = Callable[[PackManifest], Ed25519PublicKey]


@dataclass
class ContentPack:
    """A verified content pack: records ready to upsert and blob files (by SHA-256) ready to store."""

    manifest: PackManifest
    changes: list[Change]
    blobs: dict[str, Path] = field(default_factory=dict)
    #: Records whose content this version cannot accept, with why (left out, reported by the importer).
    unreadable: list[tuple[Change, ValidationError]] = field(default_factory=list)


@dataclass
class WorkPack:
    """A verified, decrypted work pack: one person's outbox and the files it refers to."""

    manifest: PackManifest
    mutations: list[MutationEnvelope]
    blobs: dict[str, Path] = field(default_factory=dict)


def _check_table(table: Mapping[str, MemberInfo]) -> None:
    if RECORDS_NAME not in table:
        raise PackError("This pack has no records file. Nothing was imported.")
    for name, info in table.items():
        if name == RECORDS_NAME:
            continue
        if not is_blob_name(name):
            raise PackError(
                f"This pack lists a file fieldapp does not know ({name!r}). Nothing was imported."
            )
        if name[len(BLOB_PREFIX) :] != info.sha256:
            raise PackError(
                f"The file {name!r} in this pack is not what its name says. Nothing was imported."
            )


def _verify_signature(manifest_bytes: bytes, signature_text: bytes, key: Ed25519PublicKey) -> None:
    try:
        signature = bytes.fromhex(signature_text.decode("ascii").strip())
    except (UnicodeDecodeError, ValueError):
        raise PackError("This pack's signature is damaged. Nothing was imported.") from None
    if not crypto.verify(key, signature, manifest_bytes):
        raise PackError(
            "This pack's signature does not match: it was changed after it was made, or it was made by "
            "someone this device does not trust. Nothing was imported."
        )


def _open_signed(
    archive: zipfile.ZipFile, limits: PackLimits, kind: PackKind, key_for: SignerLookup
) -> tuple[PackManifest, dict[str, zipfile.ZipInfo]]:
    infos = check_directory(archive, limits, extra_allowed=2)
    for required in (MANIFEST_NAME, SIGNATURE_NAME):
        if required not in infos:
            raise PackError(
                f"This is not a complete fieldapp pack ({required} is missing). Nothing was imported."
            )
    manifest_bytes = read_small(archive, infos[MANIFEST_NAME], limits.max_manifest_bytes)
    signature_text = read_small(archive, infos[SIGNATURE_NAME], 1024)
    manifest = parse_manifest(manifest_bytes)
    if manifest.kind != kind:
        wanted = "content pack" if kind == "content" else "work pack"
        raise PackError(f"This is a {manifest.kind} pack, not a {wanted}. Nothing was imported.")
    _verify_signature(manifest_bytes, signature_text, key_for(manifest))
    check_member_set(set(infos) - {MANIFEST_NAME, SIGNATURE_NAME}, manifest.members)
    return manifest, infos


def _parse_lines(path: Path, max_records: int) -> Iterator[tuple[int, str]]:
    with path.open("r", encoding="utf-8", newline="\n") as stream:
        try:
            for number, line in enumerate(stream, start=1):
                if number > max_records:
                    raise PackError(
                        "This pack holds more records than fieldapp accepts. Nothing was imported."
                    )
                if line.strip():
                    yield number, line
        except UnicodeDecodeError:
            raise PackError("This pack's records are not readable text. Nothing was imported.") from None


def _load_changes(
    path: Path, expected: int, limits: PackLimits
) -> tuple[list[Change], list[tuple[Change, ValidationError]]]:
    """The pack's records, and apart from them those whose content breaks the protocol's bounds.

    A line that is not a record at all makes the pack unreadable; a well-formed record with a bad field
    (a signed pack from an older server, say) is only left out, so one record cannot keep a cohort's
    content off a laptop."""
    changes: list[Change] = []
    unreadable: list[tuple[Change, ValidationError]] = []
    count = 0
    for number, line in _parse_lines(path, limits.max_records):
        count += 1
        try:
            change = Change.model_validate_json(line)
            if change.deleted or change.data is None:
                raise ValueError("a content pack cannot delete records")
        except (ValidationError, ValueError, json.JSONDecodeError):
            raise PackError(f"Record {number} in this pack is not valid. Nothing was imported.") from None
        try:
            RECORD_MODELS[change.kind].model_validate(change.data)
        except ValidationError as exc:
            unreadable.append((change, exc))
            continue
        changes.append(change)
    if count != expected:
        raise PackError("This pack holds a different number of records than it says. Nothing was imported.")
    return changes, unreadable


def _load_mutations(path: Path, expected: int, limits: PackLimits) -> list[MutationEnvelope]:
    # Only each item's id is checked here: the server checks every item on its own as it applies it (as
    # for a network push), so one malformed item is refused alone and the rest of her work still lands.
    mutations: list[MutationEnvelope] = []
    for number, line in _parse_lines(path, limits.max_records):
        try:
            mutation = MutationEnvelope.model_validate_json(line)
        except (ValidationError, ValueError):
            raise PackError(f"Item {number} in this work pack is not valid. Nothing was imported.") from None
        mutations.append(mutation)
    if len(mutations) != expected:
        raise PackError("This pack holds a different number of items than it says. Nothing was imported.")
    return mutations


def _blob_paths(staged: Mapping[str, Path]) -> dict[str, Path]:
    return {name[len(BLOB_PREFIX) :]: path for name, path in staged.items() if name.startswith(BLOB_PREFIX)}


def _staging(parent: Path | None) -> tempfile.TemporaryDirectory[str]:
    if parent is not None:
        parent.mkdir(parents=True, exist_ok=True)
    return tempfile.TemporaryDirectory(prefix="fieldpack-in-", dir=parent)


@contextmanager
def open_content_pack(
    path: Path,
    *,
    trusted_key: Ed25519PublicKey,
    limits: PackLimits = DEFAULT_LIMITS,
    staging_parent: Path | None = None,
    on_progress: Callable[[int, int], None] | None = None,
) -> Iterator[ContentPack]:
    """Verify a content pack against the pinned server key and stage its records and files.

    Raises :class:`PackError` (and stages nothing that outlives the call) on any problem.
    ``on_progress(done_bytes, total_bytes)`` is called while members are checked.
    """
    with open_zip(path) as archive, _staging(staging_parent) as tmp:
        manifest, infos = _open_signed(archive, limits, "content", lambda _m: trusted_key)
        _check_table(manifest.members)
        total = sum(info.size for info in manifest.members.values())
        # Staged copies plus their copies in the blob store sit on the same disk for a moment.
        ensure_free_space(Path(tmp), 2 * total)
        done = 0

        def counted(count: int) -> None:
            nonlocal done
            done += count
            if on_progress is not None:
                on_progress(done, total)

        staged = extract_verified(archive, infos, manifest.members, Path(tmp), counted)
        changes, unreadable = _load_changes(staged[RECORDS_NAME], manifest.record_count, limits)
        yield ContentPack(
            manifest=manifest, changes=changes, blobs=_blob_paths(staged), unreadable=unreadable
        )


def _known_signer(manifest: PackManifest) -> Ed25519PublicKey:
    return crypto.load_public_key(manifest.signer_key)


@contextmanager
def open_work_pack(
    path: Path,
    *,
    server_key: Ed25519PrivateKey,
    signer_for: SignerLookup = _known_signer,
    limits: PackLimits = DEFAULT_LIMITS,
    staging_parent: Path | None = None,
) -> Iterator[WorkPack]:
    """Verify, decrypt and stage a work pack (server side).

    ``signer_for`` returns the device key that must have signed it (the server's record of the device);
    the default only proves the pack is intact, not who made it.
    """
    with open_zip(path) as archive, _staging(staging_parent) as tmp:
        manifest, infos = _open_signed(archive, limits, "work", signer_for)
        encryption = manifest.encryption
        if encryption is None or set(manifest.members) != {PAYLOAD_NAME}:
            raise PackError("This work pack is not laid out as fieldapp writes them. Nothing was imported.")
        if encryption.recipient_key != crypto.public_key_hex(server_key):
            raise PackError("This work pack was made for a different server. Nothing was imported.")
        work = Path(tmp)
        payload_size = manifest.members[PAYLOAD_NAME].size
        # The payload, its decrypted copy and the unpacked members all sit in staging at once.
        ensure_free_space(work, 3 * payload_size)
        staged = extract_verified(archive, infos, manifest.members, work)
        inner_path = work / "inner.zip"
        try:
            ephemeral = bytes.fromhex(encryption.ephemeral_key)
        except ValueError:
            raise PackError("This work pack's encryption header is damaged. Nothing was imported.") from None
        with inner_path.open("wb") as sink:
            crypto.decrypt_file(staged[PAYLOAD_NAME], sink, server_key, ephemeral, encryption.chunk_size)
        staged[PAYLOAD_NAME].unlink()
        inner_dir = work / "inner"
        inner_dir.mkdir()
        with open_zip(inner_path) as inner:
            inner_infos = check_directory(inner, limits, extra_allowed=1)
            if CONTENTS_NAME not in inner_infos:
                raise PackError("This work pack has no contents list. Nothing was imported.")
            contents = parse_contents(
                read_small(inner, inner_infos[CONTENTS_NAME], limits.max_manifest_bytes)
            )
            if contents.record_count != manifest.record_count:
                raise PackError("This work pack's two record counts disagree. Nothing was imported.")
            _check_table(contents.members)
            check_member_set(set(inner_infos) - {CONTENTS_NAME}, contents.members)
            inner_staged = extract_verified(inner, inner_infos, contents.members, inner_dir)
        mutations = _load_mutations(inner_staged[RECORDS_NAME], contents.record_count, limits)
        yield WorkPack(manifest=manifest, mutations=mutations, blobs=_blob_paths(inner_staged))


def peek_manifest(path: Path, limits: PackLimits = DEFAULT_LIMITS) -> PackManifest:
    """Read a pack's manifest WITHOUT verifying it (to tell a person what a file claims to be)."""
    with open_zip(path) as archive:
        infos = check_directory(archive, limits, extra_allowed=2)
        if MANIFEST_NAME not in infos:
            raise PackError("This is not a fieldapp pack (it has no manifest).")
        return parse_manifest(read_small(archive, infos[MANIFEST_NAME], limits.max_manifest_bytes))
