"""Sign-in, enrollment, failed-login backoff, devices, roster import, and the admin CLI."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from tests.server.conftest import bearer

from fieldapp.server import admin, cli
from fieldapp.server.context import ServerContext

LOGIN = "/api/v1/auth/login"


def _login(client: TestClient, username: str, password: str, device: str = "dev-1"):
    return client.post(LOGIN, json={"username": username, "password": password, "device_id": device})


def test_login_token_is_stored_hashed(client: TestClient, ctx: ServerContext, demo) -> None:
    response = _login(client, "ayesha", "demo1234")
    assert response.status_code == 200
    body = response.json()
    assert body["user"]["username"] == "ayesha" and body["server_key"] == ctx.server_key_hex
    me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {body['token']}"})
    assert me.json()["id"] == demo.users["ayesha"]
    from sqlalchemy import select

    from fieldapp.server.db import tables as t

    with ctx.engine.connect() as conn:
        stored = list(conn.execute(select(t.devices.c.token_hash)).scalars())
    assert body["token"] not in stored
    health = client.get("/api/v1/health").json()
    assert health["status"] == "ok" and health["server_key"] == ctx.server_key_hex


def test_logout_invalidates_token(client: TestClient, ctx: ServerContext, demo) -> None:
    token = _login(client, "sana", "demo1234").json()["token"]
    headers = {"Authorization": f"Bearer {token}"}
    assert client.post("/api/v1/auth/logout", headers=headers).status_code == 204
    assert client.get("/api/v1/me", headers=headers).status_code == 401
    assert _login(client, "sana", "demo1234").status_code == 200  # may sign in again


def test_repeated_failed_logins_are_slowed(client: TestClient, ctx: ServerContext, demo) -> None:
    for _ in range(ctx.config.login_free_failures):
        assert _login(client, "ayesha", "wrong-password").status_code == 401
    r = _login(client, "ayesha", "wrong-password")
    assert r.status_code in (401, 429)
    blocked = _login(client, "ayesha", "demo1234")
    assert blocked.status_code == 429 and int(blocked.headers["Retry-After"]) >= 1
    assert blocked.json()["code"] == "too_many_attempts"


def test_enrollment_code_is_one_time_and_expires(
    client: TestClient, ctx: ServerContext, demo, tmp_path: Path
) -> None:
    out = tmp_path / "sana.fieldenroll"
    assert (
        cli.main(
            [
                "--data-dir",
                str(ctx.config.data_dir),
                *(["--database", ctx.config.database_url] if ctx.config.database_url else []),
                "enroll",
                "sana",
                "--out",
                str(out),
            ]
        )
        == 0
    )
    setup = json.loads(out.read_text())
    assert setup["username"] == "sana" and setup["server_key"] == ctx.server_key_hex and setup["code"]
    assert out.stat().st_mode & 0o077 == 0
    r = client.post("/api/v1/auth/enroll", json={"code": setup["code"].lower(), "device_id": "tablet"})
    assert r.status_code == 200 and r.json()["user"]["username"] == "sana"
    again = client.post("/api/v1/auth/enroll", json={"code": setup["code"], "device_id": "other"})
    assert again.status_code == 401 and again.json()["code"] == "invalid_code"
    expired = admin.create_enrollment(ctx, "ayesha", days=-1)
    r = client.post("/api/v1/auth/enroll", json={"code": expired.code, "device_id": "x"})
    assert r.status_code == 401


def test_device_list_revoke_wipe_over_http(client: TestClient, ctx: ServerContext, demo) -> None:
    ayesha = bearer(ctx, "ayesha", "phone")
    bearer(ctx, "sana", "sana-phone")
    own = client.get("/api/v1/devices", headers=ayesha).json()
    assert [d["device_id"] for d in own] == ["phone"]
    every = client.get("/api/v1/devices", headers=bearer(ctx, "admin")).json()
    sana_dev = next(d for d in every if d["username"] == "sana")
    # Ayesha cannot touch Sana's device; the admin can.
    assert client.post(f"/api/v1/devices/{sana_dev['id']}/revoke", headers=ayesha).status_code == 404
    assert (
        client.post(f"/api/v1/devices/{sana_dev['id']}/wipe", headers=bearer(ctx, "admin")).status_code == 204
    )
    assert admin.list_devices(ctx, "sana")[0].wipe_requested


ROSTER_OK = """username,display_name,role,cohort,mentor,password
m1,Mentor One,mentor,Bajaur 2026,,longpassword1
i1,Intern One,intern,Bajaur 2026,m1,
i2,Intern Two,intern,Bajaur 2026,m1,anotherpass
"""

ROSTER_BAD = """username,display_name,role,cohort,mentor,password
ok1,Fine,intern,Bajaur 2026,,goodpassword
ayesha,Dup,intern,Bajaur 2026,,goodpassword
x2,Bad role,chief,Bajaur 2026,,goodpassword
x3,No cohort,intern,Nowhere,,goodpassword
x4,Short pw,intern,,,short
x5,Bad mentor,intern,,ghost,
"""


def test_roster_import_all_or_nothing(ctx: ServerContext, demo, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(ROSTER_BAD)
    with pytest.raises(admin.RosterError) as err:
        admin.import_roster(ctx, bad)
    assert [line for line, _ in err.value.errors] == [3, 4, 5, 6, 7]
    with pytest.raises(admin.AdminError):
        admin.user_id(ctx, "ok1")  # nothing imported
    good = tmp_path / "good.csv"
    good.write_text(ROSTER_OK)
    result = admin.import_roster(ctx, good)
    assert result.created == ["m1", "i1", "i2"] and list(result.codes) == ["i1"]
    with ctx.engine.connect() as conn:
        from fieldapp.server.records import user_record

        i1 = user_record(conn, admin.user_id(ctx, "i1"))
    assert i1.mentor_ids == [admin.user_id(ctx, "m1")] and i1.cohort_ids == [demo.cohort_id]


def _cli(ctx: ServerContext, *args: str) -> int:
    base = ["--data-dir", str(ctx.config.data_dir)]
    if ctx.config.database_url:
        base += ["--database", ctx.config.database_url]
    return cli.main([*args[:1], *base, *args[1:]] if args and args[0] in ("demo-seed",) else [*base, *args])


def test_cli_admin_commands(ctx: ServerContext, tmp_path: Path, capsys, monkeypatch) -> None:
    assert _cli(ctx, "demo-seed") == 0
    assert _cli(ctx, "cohort", "add", "Charsadda 2026") == 0
    monkeypatch.setattr("sys.stdin", io.StringIO("s3cret-password\n"))
    assert (
        _cli(ctx, "user", "add", "gul", "--role", "intern", "--cohort", "Charsadda 2026", "--password-stdin")
        == 0
    )
    assert _cli(ctx, "mentor", "assign", "mentor", "gul") == 0
    assert _cli(ctx, "task", "add", "Survey", "--cohort", "Charsadda 2026", "--due", "2026-12-31") == 0
    assert (
        _cli(
            ctx, "module", "publish", str(admin.DEMO_CONTENT / "digital-safety"), "--cohort", "Charsadda 2026"
        )
        == 0
    )
    bad_roster = tmp_path / "r.csv"
    bad_roster.write_text(ROSTER_BAD)
    capsys.readouterr()
    assert _cli(ctx, "roster", "import", str(bad_roster)) == 1
    err = capsys.readouterr().err
    assert "line 3:" in err and "line 7:" in err and "Nothing imported" in err and "Traceback" not in err
    assert _cli(ctx, "user", "add", "gul", "--role", "intern") == 1
    assert "already exists" in capsys.readouterr().err
    admin.issue_token(ctx, "gul", "gul-laptop")
    assert _cli(ctx, "device", "list") == 0
    assert "gul-laptop" in capsys.readouterr().out
    assert _cli(ctx, "device", "revoke", "gul-laptop") == 0
    out = tmp_path / "subs.csv"
    assert _cli(ctx, "export", "submissions", "--out", str(out)) == 0
    header = next(csv.reader(out.open()))
    assert header[:7] == [
        "submission_id",
        "revision",
        "author",
        "task_id",
        "task_title",
        "status",
        "submitted_at",
    ]
    assert "received_at" in header
    assert _cli(ctx, "export", "reviews", "--out", str(tmp_path / "rev.csv")) == 0
    assert _cli(ctx, "module", "publish", str(tmp_path), "--cohort", "Charsadda 2026") == 1
    assert "module.toml is missing" in capsys.readouterr().err
