"""Item 9, "Smaller": sign-in attempts are counted before the password is checked (a parallel burst gets
at most the free failures checked) and a guesser elsewhere cannot lock the real intern out for more than a
minute; quiz attempts are graded by the server; a client hanging up mid-upload is a logged disconnect, not
a server error; attachment names cannot carry folders or direction overrides."""

from __future__ import annotations

import hashlib
import json
import socket
import threading
import time
import uuid
from datetime import timedelta
from typing import Any

import httpx
from fastapi.testclient import TestClient
from sqlalchemy import select, update
from tests.security.support import assert_error, wait_for
from tests.server.conftest import bearer, mutation, pull_all, push, submit_payload

from fieldapp.server import admin
from fieldapp.server.app import create_app
from fieldapp.server.context import ServerContext, aware
from fieldapp.server.db import tables as t
from fieldapp.server.testing import LiveServer

API = "/api/v1"


# ---------------------------------------------------------------- sign-in limits


def _failures(ctx: ServerContext, key: str) -> int:
    with ctx.engine.connect() as conn:
        value = conn.execute(
            select(t.login_failures.c.failures).where(t.login_failures.c.key == key)
        ).scalar()
    return int(value or 0)


def _time_passes(ctx: ServerContext, seconds: float) -> None:
    """Move every sign-in counter's last failure back, as if ``seconds`` had passed (no sleeping)."""
    with ctx.engine.begin() as conn:
        rows = conn.execute(select(t.login_failures.c.key, t.login_failures.c.last_failure_at)).all()
        for key, last in rows:
            conn.execute(
                update(t.login_failures)
                .where(t.login_failures.c.key == key)
                .values(last_failure_at=aware(last) - timedelta(seconds=seconds))
            )


def _login(client: TestClient, password: str, device: str = "phone") -> httpx.Response:
    return client.post(
        f"{API}/auth/login", json={"username": "ayesha", "password": password, "device_id": device}
    )


def test_a_burst_of_parallel_wrong_passwords_gets_only_the_free_failures_checked(
    client: TestClient, ctx: ServerContext, demo: admin.DemoData
) -> None:
    free = ctx.config.login_free_failures
    start = threading.Barrier(24)
    statuses: list[int] = []
    lock = threading.Lock()

    def guess(number: int) -> None:
        start.wait()
        answer = _login(client, f"wrong-{number}", device=f"guesser-{number}")
        with lock:
            statuses.append(answer.status_code)

    began = time.monotonic()
    threads = [threading.Thread(target=guess, args=(n,)) for n in range(24)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    took = time.monotonic() - began
    checked = statuses.count(401)
    assert sorted(set(statuses)) == [401, 429] and len(statuses) == 24, statuses
    # The first extra wait is one second: a burst that takes longer legitimately gets one more try a second.
    allowed = free + max(0, int(took))
    assert 1 <= checked <= allowed, f"{checked} passwords checked in {took:.2f}s (limit {free})"
    assert _failures(ctx, "user:ayesha") == checked
    assert _login(client, demo.password).status_code == 429  # even the right one waits now


def test_a_guesser_elsewhere_cannot_lock_her_out_for_more_than_a_minute(
    ctx: ServerContext, demo: admin.DemoData
) -> None:
    app = create_app(context=ctx)
    guesser = TestClient(app, client=("203.0.113.7", 40000))
    her = TestClient(app, client=("198.51.100.9", 50000))
    while _failures(ctx, "user:ayesha") < 14:  # far past every free failure: the longest waits apply
        answer = _login(guesser, "123456")
        if answer.status_code == 429:
            _time_passes(ctx, 400)
        else:
            assert_error(answer, 401, "bad_credentials")
    assert_error(_login(guesser, demo.password), 429, "too_many_attempts")
    refused = _login(her, demo.password)
    assert_error(refused, 429, "too_many_attempts")
    assert 0 < int(refused.headers["Retry-After"]) <= ctx.config.login_account_max_delay == 60
    _time_passes(ctx, 60)
    assert _login(her, demo.password).status_code == 200  # her own sign-in, a minute later at most
    # The guesser's address stays slowed (up to five minutes), her success notwithstanding.
    assert_error(_login(guesser, demo.password), 429, "too_many_attempts")
    _time_passes(ctx, ctx.config.login_max_delay)
    assert _login(guesser, demo.password).status_code == 200
    assert _failures(ctx, "user:ayesha") == 0


# ---------------------------------------------------------------- quiz attempts: the server grades


def _quiz(ctx: ServerContext, module_id: str) -> dict[str, Any]:
    with ctx.engine.connect() as conn:
        data = conn.execute(
            select(t.module_versions.c.data).where(t.module_versions.c.module_id == module_id)
        ).scalar_one()
    quiz: dict[str, Any] = data["quiz"]
    return quiz


def _answers(quiz: dict[str, Any], right: bool) -> dict[str, Any]:
    answers: dict[str, Any] = {}
    for q in quiz["questions"]:
        if q["kind"] == "short":
            answers[q["id"]] = q["accepted"][0] if right else "no idea"
        else:
            answers[q["id"]] = list(q["correct"]) if right else [len(q["options"]) - 1 - q["correct"][0]]
    return answers


def _attempt(module_id: str, answers: dict[str, Any], **claims: Any) -> dict[str, Any]:
    return {
        "event_id": str(uuid.uuid4()),
        "module_id": module_id,
        "module_version": 1,
        "kind": "quiz_attempt",
        "answers": answers,
        **claims,
    }


def test_quiz_attempts_are_graded_by_the_server_not_the_device(
    client: TestClient, ctx: ServerContext, demo: admin.DemoData
) -> None:
    quiz = _quiz(ctx, demo.module_id)
    ayesha, sana = bearer(ctx, "ayesha"), bearer(ctx, "sana")
    wrong, right = _answers(quiz, right=False), _answers(quiz, right=True)
    refused = push(
        client,
        ayesha,
        mutation("progress.add", _attempt(demo.module_id, wrong, score=1e308, passed=True)),
        mutation("progress.add", _attempt(demo.module_id, wrong, score=-0.5)),
    )
    assert [r["status"] for r in refused] == ["rejected", "rejected"]
    infinite = json.dumps(
        {"mutations": [mutation("progress.add", _attempt(demo.module_id, wrong, score=float("inf")))]}
    )
    answer = client.post(
        f"{API}/sync/push", content=infinite, headers={**ayesha, "Content-Type": "application/json"}
    )
    assert answer.status_code < 500 and (
        answer.status_code != 200 or answer.json()["results"][0]["status"] == "rejected"
    )

    lie = _attempt(demo.module_id, wrong, score=1.0, passed=True)
    modest = _attempt(demo.module_id, right, score=0.0, passed=False)
    garbage = _attempt(
        demo.module_id, {"no-such-question": [999], quiz["questions"][0]["id"]: "text"}, passed=True
    )
    assert (
        push(client, ayesha, mutation("progress.add", lie), mutation("progress.add", garbage))[0]["status"]
        == "applied"
    )
    assert push(client, sana, mutation("progress.add", modest))[0]["status"] == "applied"

    with ctx.engine.connect() as conn:
        stored = {r["id"]: r for r in conn.execute(select(t.progress)).mappings()}
    assert stored[lie["event_id"]]["passed"] is False and stored[lie["event_id"]]["score"] == 0.0
    assert stored[garbage["event_id"]]["passed"] is False
    assert stored[modest["event_id"]]["passed"] is True and stored[modest["event_id"]]["score"] == 1.0
    # What devices receive: her own device and her mentor's.
    for headers in (ayesha, bearer(ctx, "mentor")):
        changes, _cursor, _page = pull_all(client, headers)
        synced = {c["id"]: c["data"] for c in changes if c["kind"] == "progress"}
        assert synced[lie["event_id"]]["passed"] is False and synced[lie["event_id"]]["score"] == 0.0
    dashboard = client.get(f"{API}/cohorts/{demo.cohort_id}/dashboard", headers=bearer(ctx, "coord")).json()
    passed = {i["username"]: i["quizzes_passed"] for i in dashboard["interns"]}
    assert passed == {"ayesha": 0, "sana": 1}


# ---------------------------------------------------------------- a hang-up is not a server error


def _hang_up_mid_body(server: LiveServer, request: bytes, sent: bytes) -> None:
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
        sock.sendall(request + sent)
    # Closed with most of the announced body never sent.


def test_a_client_hanging_up_mid_upload_is_logged_as_a_disconnect(live_server: LiveServer) -> None:
    name = "hangup-" + uuid.uuid4().hex[:6]
    live_server.seed(admin.add_user, name, "intern")
    token = live_server.token(name)
    size = 200_000
    sha = hashlib.sha256(b"\0" * size).hexdigest()
    start = live_server.log_path.stat().st_size
    path = f"{API}/blobs/{sha}/upload?offset=0&size={size}"
    head = (
        f"PATCH {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {token}\r\n"
        f"Content-Type: application/octet-stream\r\nContent-Length: {size}\r\n\r\n"
    ).encode()
    _hang_up_mid_body(live_server, head, b"\0" * 10_000)
    push_head = (
        f"POST {API}/sync/push HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {token}\r\n"
        f"Content-Type: application/json\r\nContent-Length: 50000\r\n\r\n"
    ).encode()
    _hang_up_mid_body(live_server, push_head, b'{"mutations": [')

    def new_log() -> str:
        with open(live_server.log_path, "rb") as log:
            log.seek(start)
            return log.read().decode(errors="replace")

    wait_for(lambda: new_log().count("client disconnected") >= 2, what="the disconnects in server.log")
    lines = [json.loads(line) for line in new_log().splitlines() if line.startswith("{")]
    disconnects = [entry for entry in lines if entry.get("msg") == "client disconnected"]
    assert {entry["path"] for entry in disconnects} >= {f"{API}/blobs/{sha}/upload", f"{API}/sync/push"}
    assert all(entry["status"] == 499 for entry in disconnects)
    text = new_log()
    assert "Traceback" not in text and "Exception in ASGI application" not in text
    assert not [entry for entry in lines if entry.get("status") == 500 or entry.get("level") == "error"]
    # And the server is fine: the same upload goes through from the start.
    answer = httpx.patch(
        live_server.api + f"/blobs/{sha}/upload",
        params={"offset": 0, "size": size},
        content=b"\0" * size,
        headers={"Authorization": f"Bearer {token}"},
    )
    assert answer.status_code == 200 and answer.json()["complete"] is True


# ---------------------------------------------------------------- attachment names


def test_attachment_names_with_folders_or_direction_overrides_are_refused(
    client: TestClient, ctx: ServerContext, demo: admin.DemoData
) -> None:
    ayesha = bearer(ctx, "ayesha")
    refused_names = [
        "photo\u202egpj.exe",  # shows as "photoexe.jpg"
        "\u2067report.pdf",
        "report\u200f.pdf",
        "../x.jpg",
        "a/b.jpg",
        "a\\b.jpg",
        "C:\\Users\\x.jpg",
        "x\x00.jpg",
        "line\nbreak.jpg",
        ".",
        "..",
        "",
    ]
    accepted_names = ["تصویر.jpg", "رپورټ.pdf", "well photo (2).jpeg"]
    payloads = [
        submit_payload(demo.task_ids[0], attachments=[{"sha256": "a" * 64, "name": name, "size": 1}])
        for name in refused_names + accepted_names
    ]
    results = push(client, ayesha, *(mutation("submission.submit", p) for p in payloads))
    statuses = [r["status"] for r in results]
    assert statuses == ["rejected"] * len(refused_names) + ["applied"] * len(accepted_names), list(
        zip(refused_names + accepted_names, statuses, strict=True)
    )
    coord = bearer(ctx, "coord")
    for name in ("slides\u202etxt.exe", "../../lesson.png"):
        draft = {"title": "Module", "assets": [{"name": name, "sha256": "b" * 64, "size": 1}]}
        assert_error(client.post(f"{API}/modules", json=draft, headers=coord), 422, "invalid_input")
