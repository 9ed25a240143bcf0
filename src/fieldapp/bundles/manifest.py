"""``manifest.json``: what a pack holds, signed (detached, ``manifest.sig``) by whoever made it."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from fieldapp.bundles.errors import PackError

FORMAT_VERSION: Literal[1] = 1
MANIFEST_NAME = "manifest.json"
SIGNATURE_NAME = "manifest.sig"
RECORDS_NAME = "records.jsonl"
PAYLOAD_NAME = "payload.bin"
#: Inside the encrypted payload of a work pack: the member table of the inner zip.
CONTENTS_NAME = "contents.json"
BLOB_PREFIX = "blobs/"

_HEX64 = re.compile(r"^[0-9a-f]{64}$")
_BLOB_NAME = re.compile(r"^blobs/[0-9a-f]{64}$")

PackKind = Literal["content", "work"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class MemberInfo(_Strict):
    """The SHA-256 (hex) and exact byte size of one file in the pack."""

    sha256: str
    size: int = Field(ge=0)

    @field_validator("sha256")
    @classmethod
    def _hex(cls, value: str) -> str:
        if not _HEX64.match(value):
            raise ValueError("not a SHA-256 hex digest")
        return value


class EncryptionInfo(_Strict):
    """How ``payload.bin`` of a work pack is encrypted for the server (see ``bundles.crypto``)."""

    scheme: Literal["x25519-hkdf-sha256-aes256gcm-stream-v1"] = "x25519-hkdf-sha256-aes256gcm-stream-v1"
    #: The server's Ed25519 public key (hex); its X25519 form is the recipient.
    recipient_key: str
    #: Fresh X25519 public key (hex) made for this pack only.
    ephemeral_key: str
    chunk_size: int = Field(gt=0, le=16 * 1024 * 1024)


class PackManifest(_Strict):
    """Signed description of a pack. Every member of the zip is listed with its hash and size."""

    format: Literal[1] = FORMAT_VERSION
    kind: PackKind
    #: Who made it, for people: "server example.org, cohort Bajaur-1" or "device 3f2a..., user amina".
    creator: str = Field(max_length=500)
    created_at: datetime
    record_count: int = Field(ge=0)
    members: dict[str, MemberInfo]
    #: Hex Ed25519 public key of the signer. Readers check it against the key they trust, never trust it.
    signer_key: str
    #: Content packs: the cohort (name or id) the content was exported for.
    cohort: str | None = None
    #: Work packs: whose work, from which device.
    device_id: str | None = None
    user_id: str | None = None
    encryption: EncryptionInfo | None = None
    #: Work packs: binds ``signer_key`` to a secret only this device and the server share (see
    #: ``crypto.device_proof``): its sign-in token, or before first contact its enrollment code.
    proof_kind: Literal["token", "enrollment"] | None = None
    device_proof: str | None = None


class PackContents(_Strict):
    """``contents.json`` inside a work pack's encrypted payload (the inner member table)."""

    record_count: int = Field(ge=0)
    members: dict[str, MemberInfo]


def is_blob_name(name: str) -> bool:
    """True for ``blobs/<sha256 hex>``: the only member names allowed besides the fixed ones."""
    return bool(_BLOB_NAME.match(name))


def parse_manifest(raw: bytes) -> PackManifest:
    """Parse and validate ``manifest.json`` bytes; a bad one is a :class:`PackError`."""
    try:
        return PackManifest.model_validate_json(raw)
    except ValidationError as err:
        raise PackError(f"This pack's description (manifest) is not valid: {_first_error(err)}.") from None


def parse_contents(raw: bytes) -> PackContents:
    """Parse the inner member table of a work pack."""
    try:
        return PackContents.model_validate_json(raw)
    except ValidationError as err:
        raise PackError(f"This pack's contents list is not valid: {_first_error(err)}.") from None


def _first_error(err: ValidationError) -> str:
    first = err.errors()[0]
    where = ".".join(str(part) for part in first.get("loc", ()))
    return f"{where}: {first.get('msg', 'invalid')}" if where else str(first.get("msg", "invalid"))
