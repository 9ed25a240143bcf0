"""Item 6, "Five ways to a 500": each input from the issue is a 4xx with an error body, or one rejected
change in a push, never a server error; and a change the server cannot process, whatever the status code,
is marked rejected on the device without blocking the changes behind it, while a server (or proxy) that
fails every push makes the device reject nothing.
"""

from __future__ import annotations

import base64
import gzip
import json
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, update
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from tests.security.support import ThreadServer, assert_error
from tests.server.conftest import bearer, mutation, push, submit_payload
from tests.sync.support import FAST_RETRY

from fieldapp.core.app import FieldApp
from fieldapp.protocol import MutationKind
from fieldapp.server import admin
from fieldapp.server import push as push_module
from fieldapp.server.app import create_app
from fieldapp.server.context import ServerContext, aware
from fieldapp.server.db import tables as t
from fieldapp.sync.service import login, sync_profile

OVERFLOWING_TIMES = ["9999-12-31T23:59:59-12:00", "0001-01-01T00:00:00+14:00"]


def _cursor(data: Any) -> str:
    raw = data if isinstance(data, bytes) else json.dumps(data).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _lesson_ids(ctx: ServerContext, module_id: str) -> list[str]:
    with ctx.engine.connect() as conn:
        data = conn.execute(
            select(t.module_versions.c.data).where(t.module_versions.c.module_id == module_id)
        ).scalar_one()
    return [lesson["id"] for lesson in data["lessons"]]


def _progress(module_id: str, lesson_id: str, **changes: Any) -> dict[str, Any]:
    return {
        "event_id": str(uuid.uuid4()),
        "module_id": module_id,
        "module_version": 1,
        "kind": "lesson_opened",
        "lesson_id": lesson_id,
        **changes,
    }


# ---------------------------------------------------------------- the five cases


def test_times_that_overflow_in_utc_are_one_rejected_change_each(
    client: TestClient, ctx: ServerContext, demo: admin.DemoData
) -> None:
    ayesha = bearer(ctx, "ayesha")
    lesson = _lesson_ids(ctx, demo.module_id)[0]
    bad = []
    for when in OVERFLOWING_TIMES:
        bad += [
            mutation("submission.submit", {**submit_payload(demo.task_ids[0]), "submitted_at": when}),
            mutation("progress.add", _progress(demo.module_id, lesson, device_time=when)),
            {**mutation("progress.add", _progress(demo.module_id, lesson)), "created_at": when},
        ]
    # A wrong but representable clock is information, not a reason to refuse her work.
    wrong_clock = {**submit_payload(demo.task_ids[1]), "submitted_at": "1999-01-01T00:00:00+05:00"}
    far_future = _progress(demo.module_id, lesson, device_time="2099-12-31T23:59:59-12:00")
    results = push(
        client, ayesha, *bad, mutation("submission.submit", wrong_clock), mutation("progress.add", far_future)
    )
    assert [r["status"] for r in results] == ["rejected"] * len(bad) + ["applied", "applied"], results
    assert all(r["code"] == "invalid_payload" for r in results[: len(bad)])

    mentor = bearer(ctx, "mentor")
    review = {
        "review_id": str(uuid.uuid4()),
        "submission_id": wrong_clock["submission_id"],
        "revision": 1,
        "decision": "comment",
        "created_at": OVERFLOWING_TIMES[0],
    }
    assert push(client, mentor, mutation("review.add", review))[0]["status"] == "rejected"
    with ctx.engine.connect() as conn:
        stored = conn.execute(
            select(t.revisions.c.submitted_at).where(t.revisions.c.id == wrong_clock["revision_id"])
        ).scalar_one()
    assert aware(stored) == datetime(1998, 12, 31, 19, 0, tzinfo=UTC)  # kept as sent (in UTC), for display


def test_an_impossible_module_version_or_lesson_is_one_rejected_change(
    client: TestClient, ctx: ServerContext, demo: admin.DemoData
) -> None:
    ayesha = bearer(ctx, "ayesha")
    lesson = _lesson_ids(ctx, demo.module_id)[0]
    versions: list[Any] = [2**70, 2**63, 2**31, 0, -1, 1.5, "x", None, 99]
    bad = [mutation("progress.add", _progress(demo.module_id, lesson, module_version=v)) for v in versions]
    results = push(client, ayesha, *bad, mutation("progress.add", _progress(demo.module_id, lesson)))
    assert [r["status"] for r in results] == ["rejected"] * len(versions) + ["applied"], results
    assert {r["code"] for r in results[:-1]} == {"invalid_payload", "not_found"}  # 99: never published
    # A lesson event must name a lesson of that version of the module.
    other = admin.publish_module(
        ctx, {"title": "Other", "lessons": [{"id": "x1", "title": "X", "body_md": ""}]}, []
    )[0]
    strays = [
        _progress(demo.module_id, "no-such-lesson"),
        _progress(demo.module_id, _lesson_ids(ctx, other)[0]),
        {**_progress(demo.module_id, lesson), "lesson_id": None, "kind": "lesson_completed"},
        {**_progress(demo.module_id, lesson), "kind": "quiz_attempt", "module_id": other, "answers": {}},
    ]
    results = push(client, ayesha, *(mutation("progress.add", p) for p in strays))
    assert [r["status"] for r in results] == ["rejected"] * len(strays), results
    with ctx.engine.connect() as conn:
        stored = set(conn.execute(select(t.progress.c.id)).scalars())
    assert not {p["event_id"] for p in strays} & stored


GARBAGE_CURSORS = [
    _cursor({"v": 1, "seq": 2**70, "scopes": []}),
    _cursor(b"[" * 20_000),
    _cursor(b'{"v": 1, "seq": ' + b"[" * 5000 + b"]" * 5000 + b', "scopes": []}'),
    _cursor({"v": 1, "seq": -1, "scopes": []}),
    _cursor({"v": 1, "seq": "5", "scopes": []}),
    _cursor({"v": 1, "seq": 1e308, "scopes": []}),
    _cursor({"v": 1, "seq": 5, "scopes": [["nested"]]}),
    _cursor({"v": 1, "seq": 5, "scopes": ["x" * 5000]}),
    _cursor({"v": 1, "seq": 5, "scopes": [], "bf": {"scopes": [], "after": 2**64}}),
    _cursor({"v": 1, "seq": 5, "scopes": [], "e": -3}),
    _cursor({"v": 2, "seq": 5, "scopes": []}),
    _cursor({"v": 1, "seq": 5, "scopes": [], "extra": 1}),
    _cursor(b"\xff\xfe\x00"),
    _cursor(b"null"),
    "not base64 at all!",
    "ünïcödé",
    "\x00",
    "A",
]


def test_a_garbage_cursor_is_a_400_with_an_error_body(
    client: TestClient, ctx: ServerContext, demo: admin.DemoData
) -> None:
    ayesha = bearer(ctx, "ayesha")
    for cursor in GARBAGE_CURSORS:
        answer = client.get("/api/v1/sync/pull", params={"cursor": cursor}, headers=ayesha)
        assert_error(answer, 400, "bad_cursor")
    # The cursor this server made is still good.
    assert client.get("/api/v1/sync/pull", params={"cursor": ""}, headers=ayesha).status_code == 200


def test_a_draft_whose_asset_hash_is_not_lowercase_hex_is_refused(
    client: TestClient, ctx: ServerContext, demo: admin.DemoData
) -> None:
    coord = bearer(ctx, "coord")
    for sha in ("A" * 64, "a" * 63, "../" * 21 + "a", "g" * 64, 12):
        draft = {"title": "Water safety", "assets": [{"name": "well.jpg", "sha256": sha, "size": 10}]}
        assert_error(client.post("/api/v1/modules", json=draft, headers=coord), 422, "invalid_input")
        answer = client.put(f"/api/v1/modules/{demo.module_id}", json=draft, headers=coord)
        assert_error(answer, 422, "invalid_input")


def test_a_draft_stored_before_the_bounds_existed_gives_no_server_error(
    client: TestClient, ctx: ServerContext, demo: admin.DemoData
) -> None:
    """Legacy data: a draft saved by an older server with an upper-case asset hash."""
    coord = bearer(ctx, "coord")
    legacy = {
        "id": demo.module_id,
        "title": "Old draft",
        "assets": [{"name": "x.png", "sha256": "A" * 64, "size": 3}],
    }
    with ctx.engine.begin() as conn:
        conn.execute(update(t.modules).where(t.modules.c.id == demo.module_id).values(draft=legacy))
    base = f"/api/v1/modules/{demo.module_id}"
    assert client.get("/api/v1/modules", headers=coord).status_code == 200
    assert_error(client.get(base, headers=coord), 409)
    publish = client.post(f"{base}/publish", json={"cohort_ids": []}, headers=coord)
    assert_error(publish, 409)
    # The coordinator can still replace it with a good draft.
    fixed = client.put(base, json={"title": "Fixed draft"}, headers=coord)
    assert fixed.status_code == 200, fixed.text
    assert client.get(base, headers=coord).json()["draft"]["title"] == "Fixed draft"


# ---------------------------------------------------------------- a handler that fails


def test_a_handler_that_fails_rejects_that_change_only_and_keeps_none_of_its_work(
    client: TestClient, ctx: ServerContext, demo: admin.DemoData, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Fault injection: the real submit handler does its work, then a bug strikes before it returns."""
    real = push_module.HANDLERS[MutationKind.submit]

    def crashes_after_writing(*args: Any) -> Any:
        real(*args)
        raise KeyError("a bug")

    ayesha = bearer(ctx, "ayesha")
    ok_before = mutation(
        "assignment.status", {"assignment_id": _assignment(ctx, demo), "status": "in_progress"}
    )
    doomed = submit_payload(demo.task_ids[0])
    ok_after = submit_payload(demo.task_ids[1])
    with monkeypatch.context() as patch:
        patch.setitem(push_module.HANDLERS, MutationKind.submit, crashes_after_writing)
        results = push(client, ayesha, ok_before, mutation("submission.submit", doomed))
    assert [r["status"] for r in results] == ["applied", "rejected"]
    assert results[1]["code"] == "server_error" and results[1]["reason"]
    assert push(client, ayesha, mutation("submission.submit", ok_after))[0]["status"] == "applied"
    with ctx.engine.connect() as conn:
        submissions = set(conn.execute(select(t.submissions.c.id)).scalars())
        changed = set(conn.execute(select(t.changes.c.record_id)).scalars())
    assert doomed["submission_id"] not in submissions and doomed["submission_id"] not in changed
    assert ok_after["submission_id"] in submissions


def _assignment(ctx: ServerContext, demo: admin.DemoData) -> str:
    with ctx.engine.connect() as conn:
        return str(
            conn.execute(
                select(t.assignments.c.id).where(t.assignments.c.assignee_id == demo.users["ayesha"])
            )
            .scalars()
            .first()
        )


# ---------------------------------------------------------------- what the device does about it


class FailingPushes:
    """An ASGI layer in front of the real app: answers ``status`` (with no error body, as a crashing app or
    a proxy would) to any push carrying one of ``poison``'s mutation ids, or to every push while
    ``poison`` is None. Everything else reaches the real server."""

    def __init__(self, app: ASGIApp, status: int) -> None:
        self.app = app
        self.status = status
        self.poison: set[str] | None = set()
        self.failed = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] != "/api/v1/sync/push":
            await self.app(scope, receive, send)
            return
        messages: list[Message] = []
        body = b""
        while True:
            message = await receive()
            messages.append(message)
            if message["type"] != "http.request":
                break
            body += message.get("body", b"")
            if not message.get("more_body", False):
                break
        if dict(scope["headers"]).get(b"content-encoding") == b"gzip":
            body = gzip.decompress(body)
        if self.poison is None or any(p.encode() in body for p in self.poison):
            self.failed += 1
            await send(
                {
                    "type": "http.response.start",
                    "status": self.status,
                    "headers": [(b"content-type", b"text/plain")],
                }
            )
            await send({"type": "http.response.body", "body": b"Internal Server Error"})
            return
        pending = iter(messages)

        async def replay() -> Message:
            try:
                return next(pending)
            except StopIteration:
                return await receive()

        await self.app(scope, replay, send)


@pytest.fixture
def failing(
    ctx: ServerContext, demo: admin.DemoData, request: pytest.FixtureRequest
) -> Iterator[tuple[FailingPushes, str]]:
    status = getattr(request, "param", 500)
    layer = FailingPushes(create_app(context=ctx), status)
    with ThreadServer(layer) as server:
        yield layer, server.url


def _ayesha_with_three_changes(tmp_path: Path, url: str, demo: admin.DemoData) -> tuple[FieldApp, list[str]]:
    app = FieldApp.open(tmp_path / "ayesha")
    login(app, url, "ayesha", demo.password, retry=FAST_RETRY)
    assert sync_profile(app, retry=FAST_RETRY).complete
    lessons = [lesson.id for lesson in app.training.get(demo.module_id).lessons]
    app.training.open_lesson(demo.module_id, lessons[0])
    app.submissions.submit(demo.task_ids[0], "the water points of my village")
    app.training.complete_lesson(demo.module_id, lessons[0])
    ids = [m.id for m in app.sync_store.pending_mutations()]
    assert len(ids) == 3
    return app, ids


def _applied(ctx: ServerContext) -> set[str]:
    with ctx.engine.connect() as conn:
        return set(
            conn.execute(
                select(t.applied_mutations.c.id).where(t.applied_mutations.c.status == "applied")
            ).scalars()
        )


@pytest.mark.parametrize("failing", [500, 400], indirect=True)
def test_one_change_the_server_cannot_take_is_rejected_and_the_rest_go_up(
    failing: tuple[FailingPushes, str], ctx: ServerContext, demo: admin.DemoData, tmp_path: Path
) -> None:
    layer, url = failing
    app, (first, doomed, last) = _ayesha_with_three_changes(tmp_path, url, demo)
    try:
        layer.poison = {doomed}
        report = sync_profile(app, retry=FAST_RETRY)
        assert (report.pushed, report.rejected) == (2, 1), report
        assert report.complete, report  # the queue is not blocked: everything else went
        [refused] = app.sync_store.rejected()
        assert refused.id == doomed and refused.reason
        assert refused.code == "server_error"  # no error body to say more
        assert app.sync_store.pending_count() == 0
        assert {first, last} <= _applied(ctx) and doomed not in _applied(ctx)
    finally:
        app.close()


@pytest.mark.parametrize("failing", [500, 502], indirect=True)
def test_a_server_that_fails_every_push_makes_the_device_reject_nothing(
    failing: tuple[FailingPushes, str], ctx: ServerContext, demo: admin.DemoData, tmp_path: Path
) -> None:
    layer, url = failing
    app, ids = _ayesha_with_three_changes(tmp_path, url, demo)
    try:
        layer.poison = None
        report = sync_profile(app, retry=FAST_RETRY)
        assert not report.complete and report.errors
        assert report.rejected == 0 and app.sync_store.rejected() == []
        assert [m.id for m in app.sync_store.pending_mutations()] == ids
        assert layer.failed > 0 and not set(ids) & _applied(ctx)
        # The server comes back: everything goes up, nothing was lost or refused.
        layer.poison = set()
        report = sync_profile(app, retry=FAST_RETRY)
        assert report.complete and report.pushed == 3 and report.rejected == 0
        assert set(ids) <= _applied(ctx)
    finally:
        app.close()
