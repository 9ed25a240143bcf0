"""Push and pull against the real app (SQLite and PostgreSQL)."""

from __future__ import annotations

import gzip
import json
import uuid

from fastapi.testclient import TestClient
from tests.server.conftest import bearer, mutation, pull_all, push, submit_payload

from fieldapp.server import admin
from fieldapp.server.context import ServerContext


def _ids(changes: list[dict], kind: str) -> set[str]:
    return {c["id"] for c in changes if c["kind"] == kind and not c["deleted"]}


def _assignment(ctx: ServerContext, task_id: str, username: str) -> str:
    from fieldapp.server.domain import assignment_id

    return assignment_id(task_id, admin.user_id(ctx, username))


def test_same_push_replayed_three_times_is_applied_once(client: TestClient, ctx: ServerContext, demo) -> None:
    ayesha = bearer(ctx, "ayesha")
    m = mutation("submission.submit", submit_payload(demo.task_ids[0]))
    first = push(client, ayesha, m)
    again = [push(client, ayesha, m)[0] for _ in range(2)]
    assert first[0]["status"] == "applied"
    assert [r["status"] for r in again] == ["duplicate", "duplicate"]
    mentor = bearer(ctx, "mentor")
    changes, _, _ = pull_all(client, mentor)
    revisions = [c for c in changes if c["kind"] == "revision"]
    assert len(revisions) == 1
    csv_rows = admin.submissions_csv(ctx).strip().splitlines()
    assert len(csv_rows) == 2  # header + one revision


def test_submission_state_machine(client: TestClient, ctx: ServerContext, demo) -> None:
    ayesha, mentor, sana = bearer(ctx, "ayesha"), bearer(ctx, "mentor"), bearer(ctx, "sana")
    sub_id = str(uuid.uuid4())
    task = demo.task_ids[0]
    assert (
        push(client, ayesha, mutation("submission.submit", submit_payload(task, 1, sub_id)))[0]["status"]
        == "applied"
    )
    # Resubmitting before changes were requested is refused with a reason.
    early = push(client, ayesha, mutation("submission.submit", submit_payload(task, 2, sub_id)))[0]
    assert early["status"] == "rejected" and early["code"] == "invalid_state" and early["reason"]
    # Sana may neither review nor resubmit Ayesha's work.
    review = {
        "review_id": str(uuid.uuid4()),
        "submission_id": sub_id,
        "revision": 1,
        "decision": "request_changes",
        "comment": "more photos",
    }
    assert push(client, sana, mutation("review.add", review))[0]["status"] == "rejected"
    stolen = push(client, sana, mutation("submission.submit", submit_payload(task, 2, sub_id)))[0]
    assert stolen["status"] == "rejected"
    # The mentor requests changes; then revision 2 is accepted and can be approved.
    assert push(client, mentor, mutation("review.add", review))[0]["status"] == "applied"
    assert (
        push(client, ayesha, mutation("submission.submit", submit_payload(task, 2, sub_id)))[0]["status"]
        == "applied"
    )
    stale = {**review, "review_id": str(uuid.uuid4()), "decision": "approve"}
    assert (
        push(client, mentor, mutation("review.add", stale))[0]["code"] == "invalid_state"
    )  # revision 1 is old
    approve = {**stale, "review_id": str(uuid.uuid4()), "revision": 2}
    assert push(client, mentor, mutation("review.add", approve))[0]["status"] == "applied"
    comment = {**approve, "review_id": str(uuid.uuid4()), "decision": "comment", "comment": "well done"}
    assert push(client, mentor, mutation("review.add", comment))[0]["status"] == "applied"
    changes, _, _ = pull_all(client, ayesha)
    sub = next(c for c in changes if c["kind"] == "submission" and c["id"] == sub_id)
    assert sub["data"]["status"] == "approved" and sub["data"]["revision"] == 2
    assert len(_ids(changes, "review")) == 3
    rows = admin.submissions_csv(ctx).splitlines()
    assert rows[0].startswith("submission_id,revision,author,task_id")
    assert any(",1,ayesha," in r and "changes_requested" in r for r in rows)
    assert any(",2,ayesha," in r and "approved" in r for r in rows)


def test_rejected_mutation_does_not_block_the_rest(client: TestClient, ctx: ServerContext, demo) -> None:
    ayesha = bearer(ctx, "ayesha")
    bad = mutation("assignment.status", {"assignment_id": "nope", "status": "done"})
    malformed = mutation("submission.submit", {"task_id": demo.task_ids[0]})
    good = mutation(
        "assignment.status",
        {
            "assignment_id": _assignment(ctx, demo.task_ids[0], "ayesha"),
            "status": "in_progress",
            "base_status": "todo",
        },
    )
    results = push(client, ayesha, bad, malformed, good)
    assert [r["status"] for r in results] == ["rejected", "rejected", "applied"]
    assert results[1]["code"] == "invalid_payload"


def test_assignment_status_conflict(client: TestClient, ctx: ServerContext, demo) -> None:
    ayesha = bearer(ctx, "ayesha")
    aid = _assignment(ctx, demo.task_ids[0], "ayesha")
    assert (
        push(
            client,
            ayesha,
            mutation("assignment.status", {"assignment_id": aid, "status": "done", "base_status": "todo"}),
        )[0]["status"]
        == "applied"
    )
    stale = push(
        client,
        ayesha,
        mutation("assignment.status", {"assignment_id": aid, "status": "in_progress", "base_status": "todo"}),
    )[0]
    assert stale["status"] == "conflict"
    assert stale["conflicts"][0] == {
        **stale["conflicts"][0],
        "field": "status",
        "server_value": "done",
        "client_value": "in_progress",
    }


def test_task_upsert_per_field_conflict(client: TestClient, ctx: ServerContext, demo) -> None:
    coord, mentor = bearer(ctx, "coord"), bearer(ctx, "mentor")
    task_id = str(uuid.uuid4())
    ayesha_id = demo.users["ayesha"]
    create = {"task_id": task_id, "title": "Draft", "description": "d", "intern_ids": [ayesha_id]}
    assert push(client, mentor, mutation("task.upsert", create))[0]["status"] == "applied"
    # Coordinator changes the title; the mentor, who still saw "Draft", changes title and description.
    coord_edit = {"task_id": task_id, "title": "Final", "base": [{"field": "title", "value": "Draft"}]}
    assert push(client, coord, mutation("task.upsert", coord_edit))[0]["status"] == "applied"
    edit = {
        "task_id": task_id,
        "title": "Mine",
        "description": "new",
        "base": [{"field": "title", "value": "Draft"}, {"field": "description", "value": "d"}],
    }
    result = push(client, mentor, mutation("task.upsert", edit))[0]
    assert result["status"] == "conflict"
    assert [(c["field"], c["server_value"], c["client_value"]) for c in result["conflicts"]] == [
        ("title", "Final", "Mine")
    ]
    changes, _, _ = pull_all(client, bearer(ctx, "ayesha"))
    task = next(c for c in changes if c["kind"] == "task" and c["id"] == task_id)
    assert task["data"]["title"] == "Final" and task["data"]["description"] == "new"
    # Interns cannot create tasks; mentors cannot target someone else's intern.
    assert (
        push(
            client, bearer(ctx, "ayesha"), mutation("task.upsert", {**create, "task_id": str(uuid.uuid4())})
        )[0]["status"]
        == "rejected"
    )
    admin.add_user(ctx, "zoya", "intern")
    other = {**create, "task_id": str(uuid.uuid4()), "intern_ids": [admin.user_id(ctx, "zoya")]}
    assert push(client, mentor, mutation("task.upsert", other))[0]["code"] == "not_allowed"


def test_pull_is_filtered_to_scope(client: TestClient, ctx: ServerContext, demo) -> None:
    ayesha, sana, mentor, coord = (bearer(ctx, u) for u in ("ayesha", "sana", "mentor", "coord"))
    sub_a = str(uuid.uuid4())
    push(client, ayesha, mutation("submission.submit", submit_payload(demo.task_ids[0], 1, sub_a)))
    personal = demo.task_ids[2]  # ayesha's own task
    sana_view, _, _ = pull_all(client, sana)
    assert sub_a not in _ids(sana_view, "submission")
    assert personal not in _ids(sana_view, "task")
    assert demo.module_id in _ids(sana_view, "module")
    assert {demo.users["sana"], demo.users["mentor"]} <= _ids(sana_view, "user")
    assert demo.users["ayesha"] not in _ids(sana_view, "user")
    mentor_view, _, _ = pull_all(client, mentor)
    assert sub_a in _ids(mentor_view, "submission") and personal in _ids(mentor_view, "task")
    coord_view, _, _ = pull_all(client, coord)
    assert sub_a in _ids(coord_view, "submission")
    seqs = [c["seq"] for c in coord_view]
    assert seqs == sorted(seqs)


def test_incremental_pull_and_paging(client: TestClient, ctx: ServerContext, demo) -> None:
    ayesha = bearer(ctx, "ayesha")
    first, cursor, _ = pull_all(client, ayesha, limit=2)
    assert len(first) == len({(c["kind"], c["id"], c["scope"]) for c in first})
    nothing, cursor, _ = pull_all(client, ayesha, cursor)
    assert nothing == []
    sub = str(uuid.uuid4())
    push(client, ayesha, mutation("submission.submit", submit_payload(demo.task_ids[0], 1, sub)))
    later, _, _ = pull_all(client, ayesha, cursor)
    assert {c["kind"] for c in later} == {"submission", "revision"}


def test_scope_growth_backfills_older_records(client: TestClient, ctx: ServerContext, demo) -> None:
    admin.add_cohort(ctx, "Mohmand 2026")
    admin.add_user(ctx, "hina", "intern", cohort="Mohmand 2026")
    admin.add_user(ctx, "mentor2", "mentor")
    hina = bearer(ctx, "hina")
    mentor2 = bearer(ctx, "mentor2")
    _, hina_cursor, _ = pull_all(client, hina)
    _, m2_cursor, _ = pull_all(client, mentor2)
    # Work that exists before the scopes grow:
    sub = str(uuid.uuid4())
    push(
        client, bearer(ctx, "ayesha"), mutation("submission.submit", submit_payload(demo.task_ids[0], 1, sub))
    )
    # The module is published to Hina's cohort; mentor2 starts mentoring Ayesha.
    admin.publish_module(ctx, admin.DEMO_CONTENT / "digital-safety", ["Mohmand 2026"])
    admin.assign_mentor(ctx, "mentor2", "ayesha")
    hina_new, _, _ = pull_all(client, hina, hina_cursor, limit=1)
    assert demo.module_id in _ids(hina_new, "module")
    m2_new, _, _ = pull_all(client, mentor2, m2_cursor, limit=3)
    assert sub in _ids(m2_new, "submission")
    assert demo.task_ids[2] in _ids(m2_new, "task")  # ayesha's personal task, created long before


def test_scope_shrink_drops_scopes(client: TestClient, ctx: ServerContext, demo) -> None:
    mentor = bearer(ctx, "mentor")
    _, cursor, _ = pull_all(client, mentor)
    admin.unassign_mentor(ctx, "mentor", "sana")
    _, _, page = pull_all(client, mentor, cursor)
    assert f"intern:{demo.users['sana']}" in page["drop_scopes"]
    assert f"intern:{demo.users['ayesha']}" not in page["drop_scopes"]


def test_tombstone_and_horizon_reset(client: TestClient, ctx: ServerContext, demo) -> None:
    ayesha = bearer(ctx, "ayesha")
    _, cursor, _ = pull_all(client, ayesha)
    admin.delete_task(ctx, demo.task_ids[2])
    deleted, new_cursor, _ = pull_all(client, ayesha, cursor)
    assert {(c["kind"], c["deleted"]) for c in deleted} >= {("task", True), ("assignment", True)}
    admin.purge_tombstones(ctx)
    # A device that already had the tombstones carries on; an older cursor must start over.
    _, _, fine = pull_all(client, ayesha, new_cursor)
    assert fine["reset"] is False
    _, _, old = pull_all(client, ayesha, cursor)
    assert old["reset"] is True
    fresh, fresh_cursor, _ = pull_all(client, ayesha, "")
    assert demo.task_ids[2] not in _ids(fresh, "task")
    # After a restore from backup, every cursor from before gets a full re-sync.
    admin.force_full_resync(ctx)
    _, _, restored = pull_all(client, ayesha, fresh_cursor)
    assert restored["reset"] is True


def test_wipe_is_delivered_on_next_pull(client: TestClient, ctx: ServerContext, demo) -> None:
    headers = bearer(ctx, "sana", "sana-laptop")
    admin.wipe_device(ctx, "sana-laptop")
    _, _, page = pull_all(client, headers)
    assert page["wipe"] is True and page["changes"] == []
    assert admin.list_devices(ctx, "sana")[0].wipe_delivered


def test_revoked_device_gets_401(client: TestClient, ctx: ServerContext, demo) -> None:
    headers = bearer(ctx, "ayesha", "lost-laptop")
    assert client.get("/api/v1/me", headers=headers).status_code == 200
    admin.revoke_device(ctx, "lost-laptop")
    response = client.get("/api/v1/sync/pull", headers=headers)
    assert response.status_code == 401 and response.json()["code"] == "device_revoked"
    relogin = client.post(
        "/api/v1/auth/login", json={"username": "ayesha", "password": "demo1234", "device_id": "lost-laptop"}
    )
    assert relogin.status_code == 401 and relogin.json()["code"] == "device_revoked"


def test_gzip_both_ways(client: TestClient, ctx: ServerContext, demo) -> None:
    headers = bearer(ctx, "ayesha")
    body = json.dumps(
        {"mutations": [mutation("submission.submit", submit_payload(demo.task_ids[0], text="x" * 5000))]}
    )
    response = client.post(
        "/api/v1/sync/push",
        content=gzip.compress(body.encode()),
        headers={**headers, "Content-Encoding": "gzip", "Content-Type": "application/json"},
    )
    assert response.status_code == 200 and response.json()["results"][0]["status"] == "applied"
    pulled = client.get("/api/v1/sync/pull", headers={**headers, "Accept-Encoding": "gzip"})
    assert pulled.headers.get("content-encoding") == "gzip"
    corrupt = client.post(
        "/api/v1/sync/push",
        content=b"not gzip",
        headers={**headers, "Content-Encoding": "gzip", "Content-Type": "application/json"},
    )
    assert corrupt.status_code == 400 and corrupt.json()["code"] == "bad_encoding"


def test_bad_cursor_is_a_clear_400(client: TestClient, ctx: ServerContext, demo) -> None:
    response = client.get("/api/v1/sync/pull", params={"cursor": "garbage!!"}, headers=bearer(ctx, "ayesha"))
    assert response.status_code == 400 and response.json()["code"] == "bad_cursor"
