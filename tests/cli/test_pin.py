"""The CLI on a shared laptop: every command that opens her data needs her PIN (``--person``,
``--pin-stdin`` or a terminal prompt), and says so in one line when it is missing or wrong."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail
from tests.helpers.records import World

from fieldapp.cli.main import main
from fieldapp.device.people import FREE_ATTEMPTS
from fieldapp.device.setup import Device

AMINA_PIN = "135791"
SANA_PIN = "246802"
SECRET = "Amina's private notes about the girls' school"


@pytest.fixture(autouse=True)
def cheap_pins_no_keyring(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("FIELDAPP_ARGON2_PROFILE", "test")
    before = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(before)


@pytest.fixture
def laptop(tmp_path: Path) -> tuple[Device, World]:
    """Two people; Amina has a task and a submission on the laptop."""
    device = Device.open(tmp_path / "laptop", fingerprint="cli-test")
    world = World()
    amina = device.people.add_and_unlock("Amina", AMINA_PIN)
    with amina.open_app() as app:
        world.seed(app, as_user=world.intern)
        app.submissions.submit(world.task.id, SECRET)
    sana = device.people.add_and_unlock("Sana", SANA_PIN)
    with sana.open_app() as app:
        World().seed(app, as_user=world.other_intern)
    return device, world


def run(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str, stdin: str | None = None
) -> tuple[int, str, str]:
    """``main(args)`` with ``stdin`` as standard input (not a terminal); returns (status, out, err)."""
    capsys.readouterr()
    if stdin is not None:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


COMMANDS = [
    ["status"],
    ["tasks"],
    ["modules"],
    ["submissions"],
    ["submit", "TASK", "--text", "more"],
    ["review", "x", "--approve"],
    ["pack", "export-work", "OUT"],
]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_every_command_that_opens_her_data_refuses_without_a_pin(
    laptop: tuple[Device, World],
    command: list[str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    device, world = laptop
    args = [a.replace("TASK", world.task.id).replace("OUT", str(tmp_path / "w.fieldpack")) for a in command]
    code, out, err = run(
        monkeypatch, capsys, "--profile", str(device.dir), *args, "--person", "Amina", stdin=""
    )
    assert code == 1 and out == ""
    assert err.startswith("fieldapp: error: ") and err.count("\n") == 1 and "Traceback" not in err
    assert "--pin-stdin" in err and "PIN" in err
    # Naming her own profile folder directly is no way around it.
    profile = device.people.profile_dir(device.people.people()[0].id)
    code, _, err = run(monkeypatch, capsys, "--profile", str(profile), *args, stdin="")
    assert code == 1 and "PIN" in err


def test_with_her_pin_on_stdin_the_commands_work(
    laptop: tuple[Device, World], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    device, world = laptop
    base = ["--profile", str(device.dir), "--person", "amina", "--pin-stdin"]
    code, out, _ = run(monkeypatch, capsys, *base, "submissions", "--json", stdin=AMINA_PIN + "\n")
    assert code == 0
    [submission] = json.loads(out)
    assert submission["task_id"] == world.task.id
    # --person and --pin-stdin after the subcommand, as --profile may be.
    code, out, _ = run(
        monkeypatch,
        capsys,
        "status",
        "--json",
        "--profile",
        str(device.dir),
        "--pin-stdin",
        "--person",
        "Amina",
        stdin=AMINA_PIN + "\r\n",
    )
    assert code == 0 and json.loads(out)["pending_uploads"] == 1
    code, out, _ = run(monkeypatch, capsys, *base, "tasks", "--json", stdin=AMINA_PIN + "\n")
    assert code == 0 and [t["id"] for t in json.loads(out)] == [world.task.id]
    # Sana's PIN opens Sana's data only: she sees none of Amina's work.
    code, out, _ = run(
        monkeypatch,
        capsys,
        "--profile",
        str(device.dir),
        "--person",
        "Sana",
        "--pin-stdin",
        "submissions",
        "--json",
        stdin=SANA_PIN + "\n",
    )
    assert code == 0 and json.loads(out) == []


def test_wrong_pin_and_lockout_are_one_line_messages(
    laptop: tuple[Device, World], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    device, _ = laptop
    base = ["--profile", str(device.dir), "--person", "Amina", "--pin-stdin", "tasks"]
    messages = []
    for _ in range(FREE_ATTEMPTS):
        code, out, err = run(monkeypatch, capsys, *base, stdin=SANA_PIN + "\n")
        assert code == 1 and out == "" and err.count("\n") == 1 and "Traceback" not in err
        messages.append(err)
    assert "Wrong PIN" in messages[0]
    assert "wait" in messages[-1]
    # Locked: even her right PIN must wait now (guessing cannot go faster through the CLI either).
    code, _, err = run(monkeypatch, capsys, *base, stdin=AMINA_PIN + "\n")
    assert code == 1 and "wait" in err
    assert SANA_PIN not in "".join(messages) and AMINA_PIN not in err


def test_several_people_and_no_person_lists_the_names(
    laptop: tuple[Device, World], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    device, _ = laptop
    code, _, err = run(
        monkeypatch, capsys, "--profile", str(device.dir), "--pin-stdin", "tasks", stdin=AMINA_PIN + "\n"
    )
    assert code == 1 and "--person" in err and "Amina" in err and "Sana" in err
    code, _, err = run(
        monkeypatch,
        capsys,
        "--profile",
        str(device.dir),
        "--person",
        "Zainab",
        "--pin-stdin",
        "tasks",
        stdin=AMINA_PIN + "\n",
    )
    assert code == 1 and "Nobody called Zainab" in err


def test_the_only_person_is_the_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    device = Device.open(tmp_path / "laptop", fingerprint="one")
    device.people.add("Amina", AMINA_PIN)
    code, out, _ = run(
        monkeypatch, capsys, "--profile", str(device.dir), "--pin-stdin", "tasks", "--json", stdin=AMINA_PIN
    )
    assert code == 0 and json.loads(out) == []


def test_a_one_person_profile_needs_no_pin(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(monkeypatch, capsys, "--profile", str(tmp_path / "p"), "tasks", "--json", stdin="")
    assert code == 0 and json.loads(out) == []
    code, _, err = run(
        monkeypatch, capsys, "--profile", str(tmp_path / "p"), "--person", "Amina", "tasks", stdin=""
    )
    assert code == 1 and "one person" in err


def test_doctor_checks_the_laptop_without_a_pin_and_her_data_with_it(
    laptop: tuple[Device, World], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    device, _ = laptop
    _, out, err = run(monkeypatch, capsys, "--profile", str(device.dir), "doctor", "--json", stdin="")
    results = {r["name"]: r for r in json.loads(out)}
    assert "locked by her PIN" in results["database"]["message"] and results["database"]["ok"]
    assert results["people"]["message"].startswith("2 people")
    _, out, _ = run(
        monkeypatch,
        capsys,
        "--profile",
        str(device.dir),
        "doctor",
        "--json",
        "--person",
        "Amina",
        "--pin-stdin",
        stdin=AMINA_PIN + "\n",
    )
    results = {r["name"]: r for r in json.loads(out)}
    assert results["database"]["ok"] and results["database"]["message"] == "The database is sound."
    # With --person but no PIN source: refused like every other command.
    code, _, err = run(
        monkeypatch, capsys, "--profile", str(device.dir), "doctor", "--person", "Amina", stdin=""
    )
    assert code == 1 and "PIN" in err


def test_real_process_without_a_terminal_refuses_and_with_pin_stdin_works(
    laptop: tuple[Device, World], tmp_path: Path
) -> None:
    device, _ = laptop
    env = {
        **os.environ,
        "FIELDAPP_ARGON2_PROFILE": "test",
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
    }
    base = [sys.executable, "-m", "fieldapp", "--profile", str(device.dir), "--person", "Amina"]
    refused = subprocess.run(
        [*base, "submissions"], input="", capture_output=True, text=True, env=env, timeout=60, check=False
    )
    assert refused.returncode == 1 and refused.stdout == ""
    assert refused.stderr.startswith("fieldapp: error: ") and refused.stderr.count("\n") == 1
    done = subprocess.run(
        [*base, "--pin-stdin", "submissions"],
        input=AMINA_PIN + "\n",
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    # Neither the PIN nor her text leaks into the logs fieldapp keeps beside the data.
    for log in (device.dir / "logs").rglob("*"):
        if log.is_file():
            text = log.read_text(encoding="utf-8", errors="replace")
            assert AMINA_PIN not in text and SECRET not in text
