"""The headless CLI: JSON shapes, human output, one-line errors and exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from tests.helpers.records import World

from fieldapp.cli.main import COMMAND_MODULES, main
from fieldapp.core import doctor
from fieldapp.core.app import FieldApp

BIN = Path(sys.executable).parent


def test_tasks_json_with_no_server_anywhere(tmp_path: Path) -> None:
    """The issue's acceptance line, through the installed console script."""
    env = {**os.environ, "FIELDAPP_HOME": "", "HOME": str(tmp_path)}
    done = subprocess.run(
        [str(BIN / "fieldapp"), "--profile", str(tmp_path / "p"), "tasks", "--json"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == []


def test_python_dash_m_works(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "fieldapp", "status", "--json", "--profile", str(tmp_path / "p")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert set(json.loads(done.stdout)) >= {
        "user",
        "server",
        "last_sync",
        "pending_uploads",
        "conflicts",
        "rejected",
    }


@pytest.fixture
def seeded(tmp_path: Path) -> tuple[Path, World]:
    profile = tmp_path / "p"
    world = World()
    with FieldApp.open(profile) as app:
        world.seed(app)
    return profile, world


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_json_shapes(seeded: tuple[Path, World], capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    profile, world = seeded
    p = str(profile)
    code, out, _ = _run(capsys, "--json", "tasks", "--profile", p)
    assert code == 0
    [task] = json.loads(out)
    assert {k: task[k] for k in ("id", "title", "status", "due")} == {
        "id": world.task.id,
        "title": world.task.title,
        "status": "todo",
        "due": "2026-12-01",
    }
    code, out, _ = _run(capsys, "modules", "--json", "--profile", p)
    [module] = json.loads(out)
    assert {k: module[k] for k in ("id", "title", "version", "progress")} == {
        "id": world.module.id,
        "title": world.module.title,
        "version": 1,
        "progress": 0,
    }
    attachment = tmp_path / "well.jpg"
    attachment.write_bytes(b"jpeg bytes")
    code, out, err = _run(
        capsys,
        "--profile",
        p,
        "submit",
        world.task.id,
        "--text",
        "Done.",
        "--attach",
        str(attachment),
        "--json",
    )
    assert code == 0, err
    submitted = json.loads(out)
    assert set(submitted) == {"id", "revision"} and submitted["revision"] == 1
    with FieldApp.open(profile) as app:
        app.set_session(world.mentor, "http://127.0.0.1:9", "device-test")
    code, out, err = _run(
        capsys, "--profile", p, "review", submitted["id"], "--request-changes", "--comment", "Add a caption."
    )
    assert code == 0, err and "sent on the next sync" in out
    code, out, _ = _run(capsys, "--profile", p, "submissions", "--json")
    [submission] = json.loads(out)
    assert {k: submission[k] for k in ("id", "task_id", "author", "status", "revision", "reviews")} == {
        "id": submitted["id"],
        "task_id": world.task.id,
        "author": "amina",
        "status": "changes_requested",
        "revision": 1,
        "reviews": [
            {"decision": "request_changes", "comment": "Add a caption.", "reviewer": "bilal", "revision": 1}
        ],
    }
    code, out, _ = _run(capsys, "--profile", p, "status", "--json")
    status = json.loads(out)
    assert {
        k: status[k] for k in ("user", "server", "last_sync", "pending_uploads", "conflicts", "rejected")
    } == {
        "user": "bilal",
        "server": "http://127.0.0.1:9",
        "last_sync": None,
        "pending_uploads": 2,
        "conflicts": 0,
        "rejected": 0,
    }


def test_human_output(seeded: tuple[Path, World], capsys: pytest.CaptureFixture[str]) -> None:
    profile, world = seeded
    code, out, _ = _run(capsys, "--profile", str(profile), "tasks")
    assert code == 0 and "TITLE" in out and world.task.title in out and "todo" in out
    code, out, _ = _run(capsys, "--profile", str(profile), "status")
    assert "Signed in as" in out and "amina (intern)" in out
    code, out, _ = _run(capsys, "--profile", str(profile), "submissions")
    assert out.strip() == "No submissions on this device yet."


@pytest.mark.parametrize(
    ("argv", "code", "message"),
    [
        (
            ["submit", "no-such-task", "--text", "x"],
            1,
            "fieldapp: error: There is no task with id no-such-task",
        ),
        (["review", "nope", "--approve"], 1, "fieldapp: error: Only mentors"),
        (["submit"], 2, "the following arguments are required: TASK_ID"),
        (["review", "x", "--approve", "--request-changes"], 2, "not allowed with argument"),
        (["frobnicate"], 2, "invalid choice: 'frobnicate'"),
    ],
)
def test_errors_are_one_line_without_traceback(
    seeded: tuple[Path, World], capsys: pytest.CaptureFixture[str], argv: list[str], code: int, message: str
) -> None:
    profile, _ = seeded
    try:
        got = main(["--profile", str(profile), *argv])
    except SystemExit as exit_:
        got = int(exit_.code or 0)
    _, err = capsys.readouterr()
    assert got == code
    assert message in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def test_attach_missing_file_records_nothing(
    seeded: tuple[Path, World], capsys: pytest.CaptureFixture[str]
) -> None:
    profile, world = seeded
    code, _, err = _run(
        capsys,
        "--profile",
        str(profile),
        "submit",
        world.task.id,
        "--text",
        "x",
        "--attach",
        str(profile / "nope.jpg"),
    )
    assert code == 1 and "There is no file" in err
    with FieldApp.open(profile) as app:
        assert app.sync_store.pending_mutations() == []


def test_doctor_reports_and_exit_status(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Only the local checks: keyring, server and clock checks of other parts have their own tests.
    local = {name: doctor._CHECKS[name] for name in ("disk space", "database", "versions")}
    monkeypatch.setattr(doctor, "_CHECKS", local)
    monkeypatch.setattr(doctor, "CHECK_MODULES", [])
    profile = tmp_path / "p"
    FieldApp.open(profile).close()
    code, out, _ = _run(capsys, "--profile", str(profile), "doctor", "--json")
    checks = {c["name"]: c for c in json.loads(out)}
    assert code == 0 and checks["database"]["ok"] and checks["disk space"]["ok"]
    assert "schema" in checks["versions"]["message"]
    # A database from a newer fieldapp needs fixing: non-zero exit, plain words.
    import sqlite3

    conn = sqlite3.connect(profile / "fieldapp.db")
    conn.execute("PRAGMA user_version = 999")
    conn.close()
    code, out, _ = _run(capsys, "--profile", str(profile), "doctor")
    assert code == 1 and "[FIX] database" in out and "newer version of fieldapp" in out


def test_command_modules_of_other_parts_are_optional() -> None:
    assert {"fieldapp.cli.sync_cmds", "fieldapp.cli.pack_cmds"} <= set(COMMAND_MODULES)
