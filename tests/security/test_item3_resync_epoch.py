"""Item 3, "After resync-all, every cursor resets forever": the cursor's epoch is read back, so after
``fieldapp-server resync-all`` a device is told to start over once and then pulls normally again."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from typing import Any

from fastapi.testclient import TestClient
from tests.security.support import server_cli
from tests.server.conftest import bearer, pull_all
from tests.sync.support import Device, World

from fieldapp.server import admin
from fieldapp.server.context import ServerContext


def _page(client: TestClient, headers: dict[str, str], cursor: str) -> dict[str, Any]:
    response = client.get("/api/v1/sync/pull", params={"cursor": cursor}, headers=headers)
    assert response.status_code == 200, response.text
    page: dict[str, Any] = response.json()
    return page


def _cursor_json(cursor: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    return data


def _with(cursor: str, **changes: Any) -> str:
    data = {**_cursor_json(cursor), **changes}
    data = {k: v for k, v in data.items() if v is not None}
    raw = json.dumps(data, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def test_after_resync_all_one_reset_then_normal_incremental_pulls(
    client: TestClient, ctx: ServerContext, demo: admin.DemoData
) -> None:
    ayesha = bearer(ctx, "ayesha")
    first, cursor, last = pull_all(client, ayesha)
    assert first and not last["reset"]
    everything = {(c["kind"], c["id"]) for c in first}

    for round_number in (1, 2):  # a second restore later must work the same way
        admin.force_full_resync(ctx)
        told = _page(client, ayesha, cursor)
        assert told["reset"] is True and told["changes"] == []
        again, cursor, last = pull_all(client, ayesha, told["cursor"])
        assert not last["reset"] and {(c["kind"], c["id"]) for c in again} >= everything
        assert _cursor_json(cursor).get("e") == round_number

        # From here on: normal incremental pages, not a reset each time.
        quiet = _page(client, ayesha, cursor)
        assert quiet["reset"] is False and quiet["changes"] == [] and quiet["more"] is False
        task = admin.add_task(ctx, f"Visit the clinic {round_number}", intern="ayesha")
        fresh, cursor, last = pull_all(client, ayesha, quiet["cursor"])
        assert not last["reset"]
        assert {c["kind"] for c in fresh} == {"task", "assignment"} and task in {c["id"] for c in fresh}
        everything |= {(c["kind"], c["id"]) for c in fresh}


def test_a_cursor_from_another_epoch_is_reset_not_trusted(
    client: TestClient, ctx: ServerContext, demo: admin.DemoData
) -> None:
    ayesha = bearer(ctx, "ayesha")
    _changes, cursor, _last = pull_all(client, ayesha)
    admin.force_full_resync(ctx)
    _changes, current, _last = pull_all(client, ayesha, _page(client, ayesha, cursor)["cursor"])
    assert _page(client, ayesha, current)["reset"] is False
    for epoch in (0, None, 2, 2**40):  # older, missing, and not yet issued epochs
        assert _page(client, ayesha, _with(current, e=epoch))["reset"] is True, epoch


def test_a_device_syncs_normally_after_fieldapp_server_resync_all(
    world: World, device: Callable[..., Device]
) -> None:
    intern = device("i1")
    intern.sync_until_complete()
    before = intern.records()
    done = server_cli(world.server.context, "resync-all")
    assert done.returncode == 0, done.stderr

    report = intern.sync()
    assert report.complete, report
    assert report.pulled >= len(before)  # everything came down again, once
    assert intern.records() == before
    report = intern.sync()
    assert report.complete and report.pulled == 0, report  # and then an ordinary quiet sync
