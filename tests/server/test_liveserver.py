"""The real server in a subprocess (what the sync tests use): survives SIGKILL and restart with its data."""

from __future__ import annotations

import uuid
from pathlib import Path

import httpx

from fieldapp.server import admin
from fieldapp.server.testing import LiveServer


def test_live_server_kill_and_restart(tmp_path: Path, database_url: str | None) -> None:
    with LiveServer(tmp_path / "srv", database_url) as server:
        demo = server.seed(admin.demo_seed)
        token = server.login("ayesha", "demo1234", device_id="laptop-1")
        headers = {"Authorization": f"Bearer {token}"}
        sub = str(uuid.uuid4())
        body = {
            "mutations": [
                {
                    "id": str(uuid.uuid4()),
                    "kind": "submission.submit",
                    "payload": {
                        "submission_id": sub,
                        "task_id": demo.task_ids[0],
                        "revision_id": str(uuid.uuid4()),
                        "revision": 1,
                        "text": "from the field",
                    },
                }
            ]
        }
        assert (
            httpx.post(server.api + "/sync/push", json=body, headers=headers).json()["results"][0]["status"]
            == "applied"
        )
        url = server.url
        server.kill()
        server.start()
        assert server.url == url
        # The replay after the restart is recognised; the data survived.
        assert (
            httpx.post(server.api + "/sync/push", json=body, headers=headers).json()["results"][0]["status"]
            == "duplicate"
        )
        page = httpx.get(server.api + "/sync/pull", headers=headers).json()
        assert sub in {c["id"] for c in page["changes"]}
        server.restart()
        assert httpx.get(server.api + "/health").status_code == 200
