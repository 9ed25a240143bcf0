"""Item 7, "No bounds": ids, names and types are bounded (a 1 MB string is refused, never stored or sent
to anyone); every request body is read in pieces, plain, chunked or gzip, and refused as soon as it passes
its path's limit (a 60 MB sign-in is refused from its headers alone); unfinished uploads expire."""

from __future__ import annotations

import gzip
import hashlib
import json
import tracemalloc
import uuid
import zlib
from datetime import timedelta
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select, update
from tests.security.support import assert_error, raw_request, server_cli, status_of, wait_for
from tests.server.conftest import bearer, mutation, push, submit_payload

from fieldapp.protocol import MAX_BATCH
from fieldapp.server import admin, files
from fieldapp.server.app import create_app
from fieldapp.server.context import ServerContext, utcnow
from fieldapp.server.db import tables as t
from fieldapp.server.testing import LiveServer

MEGA = "x" * 1_000_000
API = "/api/v1"


def _counts(ctx: ServerContext) -> dict[str, int]:
    with ctx.engine.connect() as conn:
        return {
            table.name: int(conn.execute(select(func.count()).select_from(table)).scalar_one())
            for table in (t.submissions, t.revisions, t.reviews, t.progress, t.tasks, t.changes, t.modules)
        }


# ---------------------------------------------------------------- 1 MB fields


def test_a_megabyte_id_name_or_type_is_refused_and_nothing_is_stored(
    client: TestClient, ctx: ServerContext, demo: admin.DemoData
) -> None:
    ayesha, mentor, coord = bearer(ctx, "ayesha"), bearer(ctx, "mentor"), bearer(ctx, "coord")
    with ctx.engine.connect() as conn:
        lesson = conn.execute(select(t.module_versions.c.data)).scalar_one()["lessons"][0]["id"]
    good = submit_payload(demo.task_ids[0])
    assert push(client, ayesha, mutation("submission.submit", good))[0]["status"] == "applied"
    before = _counts(ctx)
    attachment = {"sha256": "a" * 64, "name": "photo.jpg", "size": 10, "mime": "image/jpeg"}
    progress = {
        "event_id": str(uuid.uuid4()),
        "module_id": demo.module_id,
        "module_version": 1,
        "kind": "lesson_opened",
        "lesson_id": lesson,
    }
    review = {
        "review_id": str(uuid.uuid4()),
        "submission_id": good["submission_id"],
        "revision": 1,
        "decision": "comment",
    }
    intern_changes: list[dict[str, Any]] = [
        {**submit_payload(demo.task_ids[1]), "submission_id": MEGA},
        {**submit_payload(demo.task_ids[1]), "revision_id": MEGA},
        {**submit_payload(demo.task_ids[1]), "task_id": MEGA},
        submit_payload(demo.task_ids[1], attachments=[{**attachment, "name": MEGA}]),
        submit_payload(demo.task_ids[1], attachments=[{**attachment, "mime": "image/" + MEGA}]),
        submit_payload(demo.task_ids[1], text="x" * 200_001),
    ]
    results = push(client, ayesha, *(mutation("submission.submit", p) for p in intern_changes))
    results += push(
        client,
        ayesha,
        mutation("progress.add", {**progress, "event_id": MEGA}),
        mutation("progress.add", {**progress, "lesson_id": MEGA}),
        mutation("progress.add", {**progress, "module_id": MEGA}),
        mutation(
            "progress.add", {**progress, "kind": "quiz_attempt", "lesson_id": None, "answers": {MEGA: "a"}}
        ),
    )
    results += push(
        client,
        mentor,
        mutation("review.add", {**review, "review_id": MEGA}),
        mutation("review.add", {**review, "comment": "c" * 50_001}),
    )
    results += push(
        client,
        coord,
        mutation("task.upsert", {"task_id": MEGA, "title": "T", "intern_ids": [demo.users["ayesha"]]}),
    )
    assert {r["status"] for r in results} == {"rejected"}, [r for r in results if r["status"] != "rejected"]
    assert {r["code"] for r in results} == {"invalid_payload"}
    # The mutation id itself: no way to answer it, so the request is refused whole (nothing applied).
    assert_error(
        client.post(
            f"{API}/sync/push",
            json={"mutations": [mutation("submission.submit", good, MEGA)]},
            headers=ayesha,
        ),
        422,
    )
    # Too many changes in one push.
    many = [
        mutation("assignment.status", {"assignment_id": "x", "status": "done"}) for _ in range(MAX_BATCH + 1)
    ]
    assert_error(client.post(f"{API}/sync/push", json={"mutations": many}, headers=ayesha), 422)
    # And the coordinator endpoints.
    for path, body in [
        ("/tasks", {"id": MEGA, "title": "T", "intern_ids": [demo.users["ayesha"]]}),
        ("/tasks", {"title": MEGA, "intern_ids": [demo.users["ayesha"]]}),
        ("/modules", {"title": "M", "lessons": [{"id": MEGA, "title": "L", "body_md": ""}]}),
        ("/modules", {"title": "M", "assets": [{"name": MEGA, "sha256": "a" * 64, "size": 1}]}),
        ("/cohorts", {"name": MEGA}),
    ]:
        assert_error(client.post(API + path, json=body, headers=coord), 422, "invalid_input")
    assert _counts(ctx) == before
    # What the mentor's first pull carries stays small.
    page = client.get(f"{API}/sync/pull", headers=mentor)
    assert page.status_code == 200 and len(page.content) < 200_000


# ---------------------------------------------------------------- bodies: streamed, bounded, any encoding


def test_bodies_past_the_limit_are_refused_in_every_encoding(
    client: TestClient, ctx: ServerContext, demo: admin.DemoData
) -> None:
    ayesha = bearer(ctx, "ayesha")
    login = {"username": "ayesha", "password": "demo1234", "device_id": "phone"}
    # Plain, announced too large.
    padded = json.dumps({**login, "device_name": "x" * 70_000}).encode()
    assert_error(
        client.post(f"{API}/auth/login", content=padded, headers={"Content-Type": "application/json"}),
        413,
        "too_large",
    )
    # A gzip bomb: 64 KiB on the wire, far more inflated.
    bomb = gzip.compress(b'{"mutations": [' + b" " * (64 * 1024 * 1024) + b"]}", compresslevel=9)
    assert len(bomb) < 200_000
    answer = client.post(
        f"{API}/sync/push",
        content=bomb,
        headers={**ayesha, "Content-Type": "application/json", "Content-Encoding": "gzip"},
    )
    assert_error(answer, 413, "too_large")
    small_bomb = gzip.compress(b" " * (1024 * 1024))
    answer = client.post(
        f"{API}/auth/login",
        content=small_bomb,
        headers={"Content-Type": "application/json", "Content-Encoding": "gzip"},
    )
    assert_error(answer, 413, "too_large")
    # A chunk of an upload past its own (smaller) limit.
    sha = "a" * 64
    big = b"\0" * (ctx.config.max_chunk_size + 1)
    answer = client.patch(
        f"{API}/blobs/{sha}/upload", params={"offset": 0, "size": len(big)}, content=big, headers=ayesha
    )
    assert_error(answer, 413, "too_large")
    # Broken or unknown encodings are refused too, and gzip done right still works.
    answer = client.post(
        f"{API}/sync/push", content=b"\x1f\x8b not gzip", headers={**ayesha, "Content-Encoding": "gzip"}
    )
    assert_error(answer, 400, "bad_encoding")
    answer = client.post(f"{API}/sync/push", content=b"{}", headers={**ayesha, "Content-Encoding": "br"})
    assert_error(answer, 415, "unsupported_encoding")
    ok = gzip.compress(json.dumps({"mutations": []}).encode())
    answer = client.post(
        f"{API}/sync/push",
        content=ok,
        headers={**ayesha, "Content-Type": "application/json", "Content-Encoding": "gzip"},
    )
    assert answer.status_code == 200, answer.text


def _bomb(inflated: int) -> bytes:
    """A gzip body of ``inflated`` zero bytes, made piece by piece (never held whole here either)."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    block = bytes(1024 * 1024)
    parts = [packer.compress(block) for _ in range(inflated // len(block))]
    return b"".join([*parts, packer.flush()])


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)  # the body is refused before any database
def test_a_gzip_bomb_is_never_inflated_past_the_limit(
    client: TestClient, ctx: ServerContext, demo: admin.DemoData
) -> None:
    """Refused with 413, and the server's memory never held more than about the limit: a 256 MB bomb
    inflated whole would show up here as a 256 MB peak."""
    bomb = _bomb(256 * 1024 * 1024)
    headers = {**bearer(ctx, "ayesha"), "Content-Type": "application/json", "Content-Encoding": "gzip"}
    tracemalloc.start()
    try:
        answer = client.post(f"{API}/sync/push", content=bomb, headers=headers)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert_error(answer, 413, "too_large")
    assert peak < 4 * ctx.config.max_body_size, f"{peak / 2**20:.0f} MiB held while refusing a gzip bomb"


def test_body_limits_follow_the_configuration(ctx: ServerContext, demo: admin.DemoData) -> None:
    ctx.config.max_body_size = 4096
    with TestClient(create_app(context=ctx)) as client:
        body = {
            "mutations": [mutation("submission.submit", submit_payload(demo.task_ids[0], text="x" * 5000))]
        }
        assert_error(
            client.post(f"{API}/sync/push", json=body, headers=bearer(ctx, "ayesha")), 413, "too_large"
        )


def _headers(method: str, path: str, extra: str) -> bytes:
    head = f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n{extra}\r\n"
    return head.encode()


def test_a_60mb_sign_in_is_refused_from_its_headers(live_server: LiveServer) -> None:
    """Only the headers are sent: the answer comes at once, so the body was never waited for or read."""
    head = _headers("POST", f"{API}/auth/login", f"Content-Length: {60 * 1024 * 1024}\r\n")
    answer, _sent = raw_request(live_server.port, head, timeout=10)
    assert status_of(answer) == 413, answer[:200]
    assert json.loads(answer.partition(b"\r\n\r\n")[2])["code"] == "too_large"


def test_a_chunked_body_past_the_limit_is_refused_while_it_streams(live_server: LiveServer) -> None:
    """No Content-Length to judge by: the server counts as it reads and answers 413 once past 64 KiB,
    while the client is still sending (it never gets to send most of its 60 MB)."""
    piece = b"x" * 16 * 1024
    chunk = f"{len(piece):x}\r\n".encode() + piece + b"\r\n"
    head = _headers("POST", f"{API}/auth/login", "Transfer-Encoding: chunked\r\n")
    answer, sent = raw_request(live_server.port, head, [chunk] * (60 * 64), timeout=20)
    assert status_of(answer) == 413, answer[:200]
    # What got through before the answer is what the kernel's socket buffers hold, not the 60 MB.
    assert sent < 20 * 1024 * 1024, f"{sent / 2**20:.0f} MiB were taken in before the refusal"
    # The JSON endpoints' limit (8 MiB) works the same way for a chunked push.
    token = live_server.token(live_server.seed(_any_user))
    head = _headers(
        "POST", f"{API}/sync/push", f"Authorization: Bearer {token}\r\nTransfer-Encoding: chunked\r\n"
    )
    big = b"y" * 256 * 1024
    chunk = f"{len(big):x}\r\n".encode() + big + b"\r\n"
    answer, sent = raw_request(live_server.port, head, [chunk] * 240, timeout=30)
    assert status_of(answer) == 413, answer[:200]
    assert sent < 30 * 1024 * 1024, f"{sent / 2**20:.0f} MiB were taken in before the refusal"


def _any_user(ctx: ServerContext) -> str:
    name = "bounds-" + uuid.uuid4().hex[:8]
    admin.add_user(ctx, name, "intern")
    return name


def test_requests_within_the_limits_still_work_over_the_wire(live_server: LiveServer) -> None:
    name = live_server.seed(_any_user)
    token = live_server.token(name)
    answer = httpx.post(
        live_server.api + "/sync/push",
        content=gzip.compress(b'{"mutations": []}'),
        headers={
            "Authorization": f"Bearer {token}",
            "Content-Type": "application/json",
            "Content-Encoding": "gzip",
        },
    )
    assert answer.status_code == 200, answer.text


# ---------------------------------------------------------------- unfinished uploads expire


def test_fieldapp_server_purge_uploads_deletes_expired_unfinished_uploads(
    client: TestClient, ctx: ServerContext, demo: admin.DemoData
) -> None:
    ayesha = bearer(ctx, "ayesha")
    data = b"an abandoned upload " * 1000
    sha = hashlib.sha256(data).hexdigest()
    client.get(f"{API}/blobs/{sha}/upload", params={"size": len(data)}, headers=ayesha)
    client.patch(
        f"{API}/blobs/{sha}/upload",
        params={"offset": 0, "size": len(data)},
        content=data[:5000],
        headers=ayesha,
    )
    partial = ctx.config.blob_dir / "partial" / files.owner_key(demo.users["ayesha"]) / f"{sha}.part"
    assert partial.stat().st_size == 5000
    assert files.expire_uploads(ctx) == 0 and partial.exists()  # begun just now: not abandoned
    with ctx.engine.begin() as conn:
        conn.execute(update(t.uploads).values(updated_at=utcnow() - timedelta(days=8)))
    done = server_cli(ctx, "purge-uploads")
    assert done.returncode == 0, done.stderr
    assert "Deleted 1 unfinished upload" in done.stdout
    assert not partial.exists()
    with ctx.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(t.uploads)).scalar_one() == 0


def test_the_server_sweeps_expired_uploads_by_itself(ctx: ServerContext, demo: admin.DemoData) -> None:
    """The housekeeping task runs when the app starts (then hourly): no administrator needed."""
    with ctx.engine.begin() as conn:
        files.start_upload(ctx, conn, demo.users["ayesha"], "b" * 64, 100)
        conn.execute(update(t.uploads).values(updated_at=utcnow() - timedelta(days=30)))

    def remaining() -> int:
        with ctx.engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(t.uploads)).scalar_one())

    assert remaining() == 1
    with TestClient(create_app(context=ctx)):
        wait_for(lambda: remaining() == 0, what="the hourly sweep's first run")
