"""Coordinator and mentor endpoints: module drafts -> publish, tasks, dashboard, exports; overload answers."""

from __future__ import annotations

import gzip
import hashlib
import uuid

from fastapi.testclient import TestClient
from tests.server.conftest import bearer, mutation, pull_all, push, submit_payload

from fieldapp.server import admin
from fieldapp.server.app import create_app
from fieldapp.server.context import ServerContext


def test_module_draft_edit_publish_reaches_interns(client: TestClient, ctx: ServerContext, demo) -> None:
    coord = bearer(ctx, "coord")
    ayesha = bearer(ctx, "ayesha")
    _, cursor, _ = pull_all(client, ayesha)
    image = b"\x89PNG fake image"
    sha = hashlib.sha256(image).hexdigest()
    draft = {
        "title": "Field safety",
        "lessons": [
            {"id": "l1", "title": "Intro", "body_md": "# Intro\n![x](assets/x.png)", "assets": ["x.png"]}
        ],
        "assets": [{"name": "x.png", "sha256": sha, "size": len(image), "mime": "image/png"}],
    }
    created = client.post("/api/v1/modules", json=draft, headers=coord)
    assert created.status_code == 201
    module_id = created.json()["id"]
    # Publishing before the asset is uploaded is refused; after uploading it works.
    refused = client.post(
        f"/api/v1/modules/{module_id}/publish", json={"cohort_ids": [demo.cohort_id]}, headers=coord
    )
    assert refused.status_code == 409 and refused.json()["code"] == "missing_assets"
    up = client.patch(
        f"/api/v1/blobs/{sha}/upload", params={"offset": 0, "size": len(image)}, content=image, headers=coord
    )
    assert up.json()["complete"] is True
    ok = client.post(
        f"/api/v1/modules/{module_id}/publish", json={"cohort_ids": [demo.cohort_id]}, headers=coord
    )
    assert ok.json() == {"module_id": module_id, "version": 1}
    # Editing the draft changes nothing for devices until the next publish.
    edited = client.put(
        f"/api/v1/modules/{module_id}", json={**draft, "title": "Field safety v2"}, headers=coord
    )
    assert edited.json()["draft"]["title"] == "Field safety v2"
    changes, cursor, _ = pull_all(client, ayesha, cursor)
    module = next(c for c in changes if c["kind"] == "module" and c["id"] == module_id)
    assert module["data"]["version"] == 1 and module["data"]["title"] == "Field safety"
    assert client.get(f"/api/v1/blobs/{sha}", headers=ayesha).content == image
    client.post(f"/api/v1/modules/{module_id}/publish", json={"cohort_ids": []}, headers=coord)
    changes, _, _ = pull_all(client, ayesha, cursor)
    module = next(c for c in changes if c["kind"] == "module" and c["id"] == module_id)
    assert module["data"]["version"] == 2 and module["data"]["title"] == "Field safety v2"
    listed = client.get("/api/v1/modules", headers=coord).json()
    assert {m["id"]: m["latest_version"] for m in listed}[module_id] == 2


def test_tasks_dashboard_and_exports(client: TestClient, ctx: ServerContext, demo) -> None:
    coord, mentor, ayesha = bearer(ctx, "coord"), bearer(ctx, "mentor"), bearer(ctx, "ayesha")
    made = client.post(
        "/api/v1/tasks", json={"title": "Cohort survey", "cohort_id": demo.cohort_id}, headers=coord
    )
    assert made.status_code == 201
    mine = client.post(
        "/api/v1/tasks", json={"title": "For Sana", "intern_ids": [demo.users["sana"]]}, headers=mentor
    )
    assert mine.status_code == 201
    assign = client.post(
        f"/api/v1/tasks/{mine.json()['id']}/assign",
        json={"intern_ids": [demo.users["ayesha"]]},
        headers=mentor,
    )
    assert len(assign.json()["assignment_ids"]) == 1
    changes, _, _ = pull_all(client, ayesha)
    assert {made.json()["id"], mine.json()["id"]} <= {c["id"] for c in changes if c["kind"] == "task"}
    # Ayesha submits and completes a lesson; the dashboard shows it.
    push(client, ayesha, mutation("submission.submit", submit_payload(demo.task_ids[0])))
    with ctx.engine.connect() as conn:
        from fieldapp.server.records import module_record_data

        lesson = module_record_data(conn, demo.module_id)["lessons"][0]["id"]  # type: ignore[index]
    push(
        client,
        ayesha,
        mutation(
            "progress.add",
            {
                "event_id": str(uuid.uuid4()),
                "module_id": demo.module_id,
                "module_version": 1,
                "kind": "lesson_completed",
                "lesson_id": lesson,
            },
        ),
    )
    board = client.get(f"/api/v1/cohorts/{demo.cohort_id}/dashboard", headers=coord).json()
    assert board["submissions_by_status"] == {"submitted": 1}
    row = {i["username"]: i for i in board["interns"]}
    assert row["ayesha"]["lessons_completed"] == 1 and row["ayesha"]["lessons_total"] == 2
    assert row["ayesha"]["completion"] == 0.5 and row["sana"]["completion"] == 0.0
    mentor_board = client.get(f"/api/v1/cohorts/{demo.cohort_id}/dashboard", headers=mentor)
    assert {i["username"] for i in mentor_board.json()["interns"]} == {"ayesha", "sana"}
    csv_text = client.get("/api/v1/export/submissions.csv", headers=coord)
    assert csv_text.headers["content-type"].startswith("text/csv")
    assert csv_text.text.splitlines()[0].startswith("submission_id,revision,author,task_id")
    assert ",ayesha," in csv_text.text
    assert client.get("/api/v1/export/reviews.csv", headers=coord).text.startswith("review_id,")


def test_csv_cells_cannot_become_formulas(ctx: ServerContext, demo) -> None:
    admin.add_task(ctx, '=HYPERLINK("http://evil")', intern="ayesha", task_id="t-formula")
    client = TestClient(create_app(context=ctx))
    push(client, bearer(ctx, "ayesha"), mutation("submission.submit", submit_payload("t-formula")))
    assert "'=HYPERLINK" in admin.submissions_csv(ctx)


def test_overload_answers_503_with_retry_after(ctx: ServerContext, demo) -> None:
    ctx.config.max_concurrency = 0
    response = TestClient(create_app(context=ctx)).get("/api/v1/health")
    assert response.status_code == 503 and response.headers["Retry-After"]
    assert response.json()["code"] == "overloaded"


def test_gzip_bomb_is_refused(ctx: ServerContext, demo) -> None:
    ctx.config.max_body_size = 1024 * 1024
    client = TestClient(create_app(context=ctx))
    bomb = gzip.compress(b"[" + b" " * (8 * 1024 * 1024) + b"]")
    response = client.post(
        "/api/v1/sync/push",
        content=bomb,
        headers={**bearer(ctx, "ayesha"), "Content-Encoding": "gzip", "Content-Type": "application/json"},
    )
    assert response.status_code == 413 and response.json()["code"] == "too_large"
