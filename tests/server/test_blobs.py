"""Resumable, verified, deduplicated uploads; range downloads; size limit; access control."""

from __future__ import annotations

import hashlib
import os

from fastapi.testclient import TestClient
from tests.server.conftest import bearer, mutation, push, submit_payload

from fieldapp.server.context import ServerContext

API = "/api/v1/blobs"


def _attach(client: TestClient, headers: dict[str, str], task_id: str, data: bytes) -> str:
    sha = hashlib.sha256(data).hexdigest()
    ref = {"sha256": sha, "name": "photo.jpg", "size": len(data), "mime": "image/jpeg"}
    assert (
        push(client, headers, mutation("submission.submit", submit_payload(task_id, attachments=[ref])))[0][
            "status"
        ]
        == "applied"
    )
    return sha


def test_interrupted_upload_resumes_from_offset(client: TestClient, ctx: ServerContext, demo) -> None:
    ayesha = bearer(ctx, "ayesha")
    data = os.urandom(5 * 1024 * 1024 + 123)
    sha = _attach(client, ayesha, demo.task_ids[0], data)
    size = len(data)
    state = client.get(f"{API}/{sha}/upload", params={"size": size}, headers=ayesha).json()
    assert state == {"sha256": sha, "size": size, "offset": 0, "complete": False, "challenge": None}
    chunk = 256 * 1024
    for offset in range(0, 3 * chunk, chunk):  # the link drops after three chunks
        r = client.patch(
            f"{API}/{sha}/upload",
            params={"offset": offset, "size": size},
            content=data[offset : offset + chunk],
            headers=ayesha,
        )
        assert r.status_code == 200
    state = client.get(f"{API}/{sha}/upload", params={"size": size}, headers=ayesha).json()
    assert state["offset"] == 3 * chunk and not state["complete"]
    # A chunk at the wrong offset is refused with the offset to resume from.
    wrong = client.patch(
        f"{API}/{sha}/upload", params={"offset": 0, "size": size}, content=b"x", headers=ayesha
    )
    assert wrong.status_code == 409 and wrong.json()["code"] == "offset_mismatch"
    offset = state["offset"]
    big = 2 * 1024 * 1024
    while offset < size:
        r = client.patch(
            f"{API}/{sha}/upload",
            params={"offset": offset, "size": size},
            content=data[offset : offset + big],
            headers=ayesha,
        )
        assert r.status_code == 200, r.text
        offset = r.json()["offset"]
    assert r.json()["complete"] is True
    # Download: whole, then resumed with Range; the mentor may read it, Sana may not.
    mentor = bearer(ctx, "mentor")
    whole = client.get(f"{API}/{sha}", headers=mentor)
    assert whole.status_code == 200 and whole.content == data
    part = client.get(f"{API}/{sha}", headers={**mentor, "Range": "bytes=1000-"})
    assert part.status_code == 206 and part.content == data[1000:]
    assert part.headers["content-range"] == f"bytes 1000-{size - 1}/{size}"
    assert client.head(f"{API}/{sha}", headers=mentor).headers["content-length"] == str(size)
    assert client.get(f"{API}/{sha}", headers=bearer(ctx, "sana")).status_code == 404
    # Dedupe: the same content is complete at once.
    again = client.get(f"{API}/{sha}/upload", params={"size": size}, headers=ayesha).json()
    assert again["complete"] is True and again["offset"] == size


def test_checksum_mismatch_discards_upload(client: TestClient, ctx: ServerContext, demo) -> None:
    ayesha = bearer(ctx, "ayesha")
    data = b"real bytes" * 100
    sha = _attach(client, ayesha, demo.task_ids[0], data)
    tampered = b"X" + data[1:]
    r = client.patch(
        f"{API}/{sha}/upload", params={"offset": 0, "size": len(data)}, content=tampered, headers=ayesha
    )
    assert r.status_code == 422 and r.json()["code"] == "checksum_mismatch"
    state = client.get(f"{API}/{sha}/upload", params={"size": len(data)}, headers=ayesha).json()
    assert state["offset"] == 0 and not state["complete"]
    assert client.get(f"{API}/{sha}", headers=ayesha).status_code == 404


def test_too_large_is_413(client: TestClient, ctx: ServerContext, demo) -> None:
    ayesha = bearer(ctx, "ayesha")
    sha = _attach(client, ayesha, demo.task_ids[0], b"small")
    r = client.get(f"{API}/{sha}/upload", params={"size": ctx.config.max_blob_size + 1}, headers=ayesha)
    assert r.status_code == 413 and r.json()["code"] == "too_large"


def test_a_file_nobody_references_is_only_its_uploaders(client: TestClient, ctx: ServerContext, demo) -> None:
    sana = bearer(ctx, "sana")
    data = b"random"
    sha = hashlib.sha256(data).hexdigest()
    r = client.patch(f"{API}/{sha}/upload", params={"offset": 0, "size": 6}, content=data, headers=sana)
    assert r.status_code == 200 and r.json()["complete"] is True
    assert client.get(f"{API}/{sha}", headers=sana).content == data
    for other in ("ayesha", "mentor", "coord", "admin"):
        assert client.get(f"{API}/{sha}", headers=bearer(ctx, other)).status_code == 404, other


def test_module_asset_download(client: TestClient, ctx: ServerContext, demo) -> None:
    from fieldapp.server.records import module_record_data

    with ctx.engine.connect() as conn:
        asset = module_record_data(conn, demo.module_id)["assets"][0]  # type: ignore[index]
    r = client.get(f"{API}/{asset['sha256']}", headers=bearer(ctx, "sana"))
    assert r.status_code == 200 and hashlib.sha256(r.content).hexdigest() == asset["sha256"]
