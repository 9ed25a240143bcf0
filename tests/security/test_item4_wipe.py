"""Item 4, "A wipe-ordered device keeps reading": its token may push and pull (to hand in what it has and
learn of the wipe) and confirm the wipe, nothing else; the confirmation revokes it. The route list comes
from /openapi.json, so a new endpoint is covered as soon as it exists."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from tests.security.support import assert_error
from tests.server.conftest import bearer, mutation, push, submit_payload
from tests.sync.support import Device, World

from fieldapp.protocol import RecordKind
from fieldapp.server import admin
from fieldapp.server.context import ServerContext
from fieldapp.server.db import tables as t

#: What a wipe-ordered token may still do (docs/security.md, "Wipe").
ALLOWED = {
    ("post", "/api/v1/sync/push"),
    ("get", "/api/v1/sync/pull"),
    ("post", "/api/v1/devices/self/wiped"),
}
#: Routes that take no token at all.
PUBLIC = {("get", "/api/v1/health"), ("post", "/api/v1/auth/login"), ("post", "/api/v1/auth/enroll")}


def _routes(client: TestClient) -> list[tuple[str, str]]:
    paths = client.get("/openapi.json").json()["paths"]
    return sorted((method, path) for path, ops in paths.items() for method in ops)


def _request(
    client: TestClient, method: str, path: str, headers: dict[str, str], args: dict[str, str]
) -> httpx.Response:
    url = path
    for name, value in args.items():
        url = url.replace("{" + name + "}", value)
    assert "{" not in url, f"no value for a path parameter of {path}: add it to the test"
    kwargs: dict[str, Any] = {"headers": headers, "params": {"size": 20, "offset": 0}}
    if method == "patch":
        kwargs["content"] = b"0123456789"
    elif method in ("post", "put"):
        kwargs["json"] = {}
    return client.request(method.upper(), url, **kwargs)


@pytest.mark.parametrize("username", ["ayesha", "admin"])
def test_a_wipe_ordered_token_may_only_push_pull_and_confirm(
    client: TestClient, ctx: ServerContext, demo: admin.DemoData, username: str
) -> None:
    lost = bearer(ctx, username, "lost-laptop")
    home = bearer(ctx, username, "home-laptop")
    data = b"her photo of the girls' school"
    sha = hashlib.sha256(data).hexdigest()
    if username == "ayesha":
        ref = {"sha256": sha, "name": "school.jpg", "size": len(data)}
        push(client, lost, mutation("submission.submit", submit_payload(demo.task_ids[0], attachments=[ref])))
    answer = client.patch(
        f"/api/v1/blobs/{sha}/upload", params={"offset": 0, "size": len(data)}, content=data, headers=lost
    )
    assert answer.json()["complete"] is True
    assert client.get(f"/api/v1/blobs/{sha}", headers=lost).content == data  # before the order: hers
    devices = {d.device_id: d.id for d in admin.list_devices(ctx, username)}
    admin.wipe_device(ctx, "lost-laptop", username)
    args = {
        "sha256": sha,
        "device_id": devices["home-laptop"],
        "module_id": demo.module_id,
        "cohort_id": demo.cohort_id,
        "task_id": demo.task_ids[2],
    }

    routes = _routes(client)
    guarded = [r for r in routes if r not in ALLOWED | PUBLIC]
    assert len(guarded) > 20 and set(routes) >= ALLOWED
    wrong = []
    for method, path in guarded:
        answer = _request(client, method, path, lost, args)
        if answer.status_code != 403 or (method != "head" and answer.json().get("code") != "wipe_pending"):
            wrong.append(f"{method.upper()} {path} -> {answer.status_code} {answer.text[:80]}")
    assert wrong == [], "a wipe-ordered token got past the gate"
    assert not any(d.revoked for d in admin.list_devices(ctx, username) if d.device_id == "home-laptop")
    # The same routes still work for her other laptop: the gate is about the device, not the person.
    assert client.get("/api/v1/me", headers=home).status_code == 200
    assert client.get(f"/api/v1/blobs/{sha}", headers=home).content == data

    # What it may do: hand in its work, learn of the wipe, then say it is done.
    assert client.post("/api/v1/sync/push", json={"mutations": []}, headers=lost).status_code == 200
    page = client.get("/api/v1/sync/pull", headers=lost).json()
    assert page["wipe"] is True and page["changes"] == []
    assert client.post("/api/v1/devices/self/wiped", headers=lost).status_code == 204
    for method, path in [*ALLOWED, ("get", "/api/v1/me"), ("get", f"/api/v1/blobs/{sha}")]:
        assert_error(_request(client, method, path, lost, args), 401, "device_revoked")
    # Confirming is only for a device that was ordered wiped.
    assert_error(client.post("/api/v1/devices/self/wiped", headers=home), 409, "invalid_state")


def _task_id(dev: Device, title: str) -> str:
    return next(task.id for task in dev.app.tasks.list() if task.title == title)


def test_a_real_device_wipes_itself_and_its_token_is_revoked(
    world: World, device: Callable[..., Device], tmp_path: Path
) -> None:
    intern = device("i1")
    intern.sync_until_complete()
    photo = tmp_path / "school.jpg"
    photo.write_bytes(b"a photo of the girls' school " * 1000)
    ref = intern.app.blobs.put_file(photo)
    intern.app.submissions.submit(_task_id(intern, "Task for i1"), "the school reopened", [ref])
    assert intern.sync().complete
    unsent = intern.app.submissions.submit(_task_id(intern, "Cohort task"), "written before the wipe")[0]
    token = intern.token
    assert token and intern.records() and intern.app.blobs.all_shas()
    session = intern.app.session
    assert session is not None
    world.server.seed(admin.wipe_device, session.device_id, world.name("i1"))

    report = intern.sync()
    assert report.wiped, report
    # Her unsent work went up first (it is hers, and the laptop is gone); then everything local went.
    assert unsent in {r["id"] for r in _server_submissions(world)}
    assert intern.records() == {} and intern.outbox() == [] and intern.app.session is None
    assert intern.app.blobs.all_shas() == set() and not any(
        p.is_file() for p in (intern.profile / "blobs").rglob("*")
    )
    assert intern.ids(RecordKind.revision) == set() and intern.token is None
    [server_view] = [
        d for d in world.server.seed(admin.list_devices, world.name("i1")) if d.device_id == session.device_id
    ]
    assert server_view.wipe_delivered and server_view.revoked
    for method, path in [("GET", "/me"), ("GET", "/sync/pull"), ("GET", f"/blobs/{ref.sha256}")]:
        answer = httpx.request(method, world.server.api + path, headers={"Authorization": f"Bearer {token}"})
        assert answer.status_code == 401 and answer.json()["code"] == "device_revoked", path


def _server_submissions(world: World) -> list[dict[str, Any]]:
    with world.server.context.engine.connect() as conn:
        return [dict(r) for r in conn.execute(select(t.submissions)).mappings()]
