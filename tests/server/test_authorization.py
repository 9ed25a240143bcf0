"""The authorization matrix: every endpoint x every role x someone else's data is refused; a revoked
device gets 401. The outsiders are an intern in another cohort and a mentor with no mentees; the data
belongs to Ayesha (demo cohort). Staff (coordinator, admin) may see it."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from fastapi.testclient import TestClient
from tests.server.conftest import bearer, mutation, push, submit_payload

from fieldapp.server import admin
from fieldapp.server.context import ServerContext

ROLES = ("intern", "mentor", "coordinator", "admin")
PUBLIC = {("GET", "/api/v1/health"), ("POST", "/api/v1/auth/login"), ("POST", "/api/v1/auth/enroll")}


@dataclass
class World:
    ctx: ServerContext
    demo: admin.DemoData
    sub_id: str
    sha: str
    ayesha_device: str
    headers: dict[str, dict[str, str]] = field(default_factory=dict)


@dataclass
class Endpoint:
    method: str
    path: str
    allowed: set[str]
    params: Callable[[World], dict[str, Any]] = lambda w: {}
    body: Callable[[World], Any] = lambda w: None
    path_args: Callable[[World], dict[str, str]] = lambda w: {}
    # For endpoints everyone may call: what must not leak to an outsider.
    leak: Callable[[World], list[str]] | None = None
    # Answers that still mean "allowed" (the request itself is refused for what it says, not who sent it).
    allowed_errors: set[int] = field(default_factory=set)


def _u() -> str:
    return uuid.uuid4().hex[:10]


ENDPOINTS = [
    Endpoint("POST", "/api/v1/auth/logout", set(ROLES)),
    Endpoint("GET", "/api/v1/me", set(ROLES), leak=lambda w: [w.demo.users["ayesha"]]),
    Endpoint("POST", "/api/v1/sync/push", set(ROLES)),  # per-mutation refusal: test_push_someone_elses_data
    Endpoint("GET", "/api/v1/sync/pull", set(ROLES), leak=lambda w: [w.sub_id]),
    # Anyone may upload (into her own, separate upload) or prove she holds a file; only reading is guarded.
    Endpoint(
        "GET",
        "/api/v1/blobs/{sha256}/upload",
        set(ROLES),
        params=lambda w: {"size": 20},
        path_args=lambda w: {"sha256": w.sha},
    ),
    Endpoint(
        "PATCH",
        "/api/v1/blobs/{sha256}/upload",
        set(ROLES),
        params=lambda w: {"offset": 0, "size": 20},
        path_args=lambda w: {"sha256": w.sha},
    ),
    Endpoint(
        "POST",
        "/api/v1/blobs/{sha256}/proof",
        set(ROLES),
        path_args=lambda w: {"sha256": w.sha},
        body=lambda w: {"challenge": "0" * 64, "proof": "0" * 64},
        allowed_errors={422},  # a wrong proof: refused as wrong, not as forbidden
    ),
    Endpoint(
        "GET", "/api/v1/blobs/{sha256}", {"coordinator", "admin"}, path_args=lambda w: {"sha256": w.sha}
    ),
    Endpoint(
        "HEAD", "/api/v1/blobs/{sha256}", {"coordinator", "admin"}, path_args=lambda w: {"sha256": w.sha}
    ),
    Endpoint(
        "GET", "/api/v1/users", {"mentor", "coordinator", "admin"}, leak=lambda w: [w.demo.users["ayesha"]]
    ),
    Endpoint("POST", "/api/v1/users", {"admin"}, body=lambda w: {"username": "u" + _u(), "role": "intern"}),
    Endpoint("GET", "/api/v1/cohorts", {"mentor", "coordinator", "admin"}, leak=lambda w: [w.demo.cohort_id]),
    Endpoint("POST", "/api/v1/cohorts", {"coordinator", "admin"}, body=lambda w: {"name": "c" + _u()}),
    Endpoint(
        "POST",
        "/api/v1/cohorts/{cohort_id}/members",
        {"coordinator", "admin"},
        path_args=lambda w: {"cohort_id": w.demo.cohort_id},
        body=lambda w: {"user_id": w.demo.users["coord"]},
    ),
    Endpoint(
        "POST",
        "/api/v1/mentorships",
        {"coordinator", "admin"},
        body=lambda w: {"mentor_id": w.demo.users["mentor"], "intern_id": w.demo.users["ayesha"]},
    ),
    Endpoint(
        "GET",
        "/api/v1/cohorts/{cohort_id}/dashboard",
        {"coordinator", "admin"},
        path_args=lambda w: {"cohort_id": w.demo.cohort_id},
    ),
    Endpoint("GET", "/api/v1/modules", {"coordinator", "admin"}),
    Endpoint("POST", "/api/v1/modules", {"coordinator", "admin"}, body=lambda w: {"title": "New module"}),
    Endpoint(
        "GET",
        "/api/v1/modules/{module_id}",
        {"coordinator", "admin"},
        path_args=lambda w: {"module_id": w.demo.module_id},
    ),
    Endpoint(
        "PUT",
        "/api/v1/modules/{module_id}",
        {"coordinator", "admin"},
        path_args=lambda w: {"module_id": w.demo.module_id},
        body=lambda w: {"title": "Edited"},
    ),
    Endpoint(
        "POST",
        "/api/v1/modules/{module_id}/publish",
        {"coordinator", "admin"},
        path_args=lambda w: {"module_id": w.demo.module_id},
        body=lambda w: {"cohort_ids": []},
    ),
    Endpoint(
        "POST",
        "/api/v1/tasks",
        {"coordinator", "admin"},
        body=lambda w: {"title": "T", "intern_ids": [w.demo.users["ayesha"]]},
    ),
    Endpoint(
        "POST",
        "/api/v1/tasks/{task_id}/assign",
        {"coordinator", "admin"},
        path_args=lambda w: {"task_id": w.demo.task_ids[2]},
        body=lambda w: {"intern_ids": [w.demo.users["sana"]]},
    ),
    Endpoint("GET", "/api/v1/devices", set(ROLES), leak=lambda w: [w.ayesha_device]),
    Endpoint(
        "POST",
        "/api/v1/devices/{device_id}/revoke",
        {"admin"},
        path_args=lambda w: {"device_id": w.ayesha_device},
    ),
    Endpoint(
        "POST",
        "/api/v1/devices/{device_id}/wipe",
        {"admin"},
        path_args=lambda w: {"device_id": w.ayesha_device},
    ),
    Endpoint("POST", "/api/v1/devices/self/wiped", set(ROLES), allowed_errors={409}),
    Endpoint("POST", "/api/v1/enrollments", {"admin"}, body=lambda w: {"username": "ayesha"}),
    Endpoint("GET", "/api/v1/export/submissions.csv", {"coordinator", "admin"}),
    Endpoint("GET", "/api/v1/export/reviews.csv", {"coordinator", "admin"}),
]


def _world(client: TestClient, ctx: ServerContext) -> World:
    demo = admin.demo_seed(ctx)
    admin.add_cohort(ctx, "Elsewhere")
    admin.add_user(ctx, "outsider_intern", "intern", cohort="Elsewhere")
    admin.add_user(ctx, "outsider_mentor", "mentor")
    ayesha = bearer(ctx, "ayesha", "ayesha-phone")
    data = b"ayesha's photo"
    sha = hashlib.sha256(data).hexdigest()
    sub_id = str(uuid.uuid4())
    ref = {"sha256": sha, "name": "p.jpg", "size": len(data)}
    push(
        client,
        ayesha,
        mutation("submission.submit", submit_payload(demo.task_ids[0], 1, sub_id, attachments=[ref])),
    )
    client.patch(
        f"/api/v1/blobs/{sha}/upload", params={"offset": 0, "size": len(data)}, content=data, headers=ayesha
    )
    device = admin.list_devices(ctx, "ayesha")[0].id
    return World(ctx, demo, sub_id, sha, device)


def _user_for(role: str) -> str:
    return {
        "intern": "outsider_intern",
        "mentor": "outsider_mentor",
        "coordinator": "coord",
        "admin": "admin",
    }[role]


def _call(client: TestClient, ep: Endpoint, w: World, headers: dict[str, str]):
    path = ep.path.format(**ep.path_args(w))
    body = ep.body(w)
    kwargs: dict[str, Any] = {"params": ep.params(w), "headers": headers}
    if ep.method == "PATCH":
        kwargs["content"] = b"0123456789"
    elif body is not None or ep.method in ("POST", "PUT"):
        kwargs["json"] = body if body is not None else {"mutations": []} if "push" in ep.path else {}
    return client.request(ep.method, path, **kwargs)


def test_matrix_covers_every_endpoint(client: TestClient) -> None:
    routes = {(m, p) for p, ops in client.get("/openapi.json").json()["paths"].items() for m in ops}
    listed = {(e.method.lower(), e.path) for e in ENDPOINTS} | {(m.lower(), p) for m, p in PUBLIC}
    assert routes - listed == set(), "add new endpoints to the authorization matrix"


def test_every_endpoint_every_role(client: TestClient, ctx: ServerContext) -> None:
    w = _world(client, ctx)
    problems = []
    revoked = bearer(ctx, "coord", "revoked-device")
    admin.revoke_device(ctx, "revoked-device")
    for ep in ENDPOINTS:
        # No token, then a revoked device's token: 401 (device_revoked) everywhere.
        r = _call(client, ep, w, {})
        if r.status_code != 401:
            problems.append(f"{ep.method} {ep.path} without token -> {r.status_code}")
        r = _call(client, ep, w, revoked)
        if r.status_code != 401 or (ep.method != "HEAD" and r.json()["code"] != "device_revoked"):
            problems.append(f"{ep.method} {ep.path} revoked -> {r.status_code}")
        for role in ROLES:
            headers = bearer(ctx, _user_for(role))
            r = _call(client, ep, w, headers)
            if role in ep.allowed:
                if r.status_code >= 400 and r.status_code not in ep.allowed_errors:
                    problems.append(f"{ep.method} {ep.path} as {role} -> {r.status_code} {r.text[:100]}")
                elif (
                    ep.leak and role not in ("coordinator", "admin") and any(s in r.text for s in ep.leak(w))
                ):
                    problems.append(f"{ep.method} {ep.path} as {role} leaks someone else's data")
            elif r.status_code not in (403, 404):
                problems.append(f"{ep.method} {ep.path} as {role} -> {r.status_code} (expected 403/404)")
    assert problems == []


def test_push_someone_elses_data_is_rejected(client: TestClient, ctx: ServerContext) -> None:
    w = _world(client, ctx)
    from fieldapp.server.domain import assignment_id

    aid = assignment_id(w.demo.task_ids[0], w.demo.users["ayesha"])
    attacks = [
        mutation("assignment.status", {"assignment_id": aid, "status": "done"}),
        mutation("submission.submit", submit_payload(w.demo.task_ids[0], 2, w.sub_id)),
        mutation(
            "review.add",
            {"review_id": str(uuid.uuid4()), "submission_id": w.sub_id, "revision": 1, "decision": "approve"},
        ),
        mutation(
            "task.upsert",
            {
                "task_id": w.demo.task_ids[2],
                "title": "mine now",
                "base": [{"field": "title", "value": "Introduce yourself"}],
            },
        ),
        mutation(
            "progress.add",
            {
                "event_id": str(uuid.uuid4()),
                "module_id": w.demo.module_id,
                "module_version": 1,
                "kind": "lesson_opened",
            },
        ),
    ]
    for role in ("intern", "mentor"):
        results = push(
            client, bearer(ctx, _user_for(role)), *[{**m, "id": str(uuid.uuid4())} for m in attacks]
        )
        assert [r["status"] for r in results] == ["rejected"] * len(attacks), (role, results)
