"""Shared fixtures for pack tests: keys, sample records and files, and ready-made packs."""

from __future__ import annotations

import hashlib
import os
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

# Before any server module is imported: its password hasher is made at import time.
os.environ.setdefault("FIELDAPP_ARGON2_PROFILE", "test")

# Never the real keyring of the machine running the tests (autouse fixture shared with tests/device).
from tests.device.conftest import no_real_keyring  # noqa: F401

from fieldapp.bundles import write_content_pack, write_work_pack
from fieldapp.protocol import (
    AssetRef,
    AttachmentRef,
    Change,
    Lesson,
    ModuleRecord,
    Mutation,
    MutationKind,
    RecordKind,
    SubmitPayload,
    TaskRecord,
)


@dataclass
class Blob:
    sha256: str
    path: Path
    data: bytes


def make_blob(folder: Path, data: bytes) -> Blob:
    folder.mkdir(parents=True, exist_ok=True)
    sha = hashlib.sha256(data).hexdigest()
    path = folder / sha
    path.write_bytes(data)
    return Blob(sha, path, data)


def sample_changes(asset: Blob) -> list[Change]:
    module = ModuleRecord(
        id=str(uuid.uuid4()),
        version=1,
        title="Interviewing safely",
        lessons=[Lesson(id="l1", title="Before you go", body_md="# Plan\nTell someone.", assets=["map.png"])],
        assets=[AssetRef(name="map.png", sha256=asset.sha256, size=len(asset.data), mime="image/png")],
        cohort_ids=["c1"],
    )
    task = TaskRecord(id=str(uuid.uuid4()), title="Map your village", cohort_id="c1")
    return [
        Change(
            seq=1,
            kind=RecordKind.module,
            id=module.id,
            scope=f"module:{module.id}",
            data=module.model_dump(mode="json"),
        ),
        Change(seq=2, kind=RecordKind.task, id=task.id, scope="cohort:c1", data=task.model_dump(mode="json")),
    ]


def sample_mutations(attachment: Blob) -> list[Mutation]:
    payload = SubmitPayload(
        submission_id=str(uuid.uuid4()),
        task_id=str(uuid.uuid4()),
        revision_id=str(uuid.uuid4()),
        revision=1,
        text="The well is dry.",
        attachments=[AttachmentRef(sha256=attachment.sha256, name="well.jpg", size=len(attachment.data))],
    )
    return [Mutation(id=str(uuid.uuid4()), kind=MutationKind.submit, payload=payload.model_dump(mode="json"))]


@pytest.fixture
def server_key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


@pytest.fixture
def device_key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


@pytest.fixture
def content_pack(tmp_path: Path, server_key: Ed25519PrivateKey) -> Path:
    asset = make_blob(tmp_path / "src-blobs", b"\x89PNG fake map " * 500)
    second = make_blob(tmp_path / "src-blobs", b"lesson audio " * 300)
    out = tmp_path / "content.fieldpack"
    write_content_pack(
        out,
        changes=sample_changes(asset),
        blobs={asset.sha256: asset.path, second.sha256: second.path},
        signing_key=server_key,
        creator="test server",
        cohort="c1",
    )
    return out


@pytest.fixture
def work_pack(tmp_path: Path, server_key: Ed25519PrivateKey, device_key: Ed25519PrivateKey) -> Path:
    photo = make_blob(tmp_path / "src-blobs", bytes(range(256)) * 40)
    out = tmp_path / "work.fieldpack"
    write_work_pack(
        out,
        mutations=sample_mutations(photo),
        blobs={photo.sha256: photo.path},
        device_key=device_key,
        server_key=server_key.public_key(),
        creator="device test",
        device_id="dev-1",
        user_id="u-1",
    )
    return out
