"""Paths, typed settings and redacted logging."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from fieldapp.config.logging import redact, setup_logging
from fieldapp.config.paths import log_dir, profile_dir
from fieldapp.config.settings import SETTINGS, Setting, Settings, _declare
from fieldapp.core.errors import InvalidInput


def test_profile_dir_precedence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FIELDAPP_HOME", str(tmp_path / "env"))
    assert profile_dir(tmp_path / "flag") == tmp_path / "flag"
    assert profile_dir() == tmp_path / "env"
    assert log_dir() == tmp_path / "env" / "logs"
    monkeypatch.delenv("FIELDAPP_HOME")
    assert profile_dir().name == "fieldapp"
    assert log_dir(tmp_path / "flag") == tmp_path / "flag" / "logs"


def test_settings_are_typed_validated_and_persisted(tmp_path: Path) -> None:
    settings = Settings(tmp_path)
    assert settings["language"] == "en" and settings["sync_interval_minutes"] == 15
    settings.set("language", "ur")
    settings.set("ui_scale", "1.5")
    settings.set("auto_sync", "false")
    with pytest.raises(InvalidInput, match="must be one of"):
        settings.set("language", "fr")
    with pytest.raises(InvalidInput, match="at least"):
        settings.set("sync_interval_minutes", 0)
    with pytest.raises(InvalidInput, match="no setting"):
        settings.set("colour", "red")
    reopened = Settings(tmp_path)
    assert (reopened["language"], reopened["ui_scale"], reopened["auto_sync"]) == ("ur", 1.5, False)
    # A hand-edited file with junk keeps the good values and ignores the rest.
    (tmp_path / "settings.json").write_text(json.dumps({"language": "xx", "ui_scale": 2, "nope": 1}))
    assert Settings(tmp_path).as_dict()["ui_scale"] == 2.0 and Settings(tmp_path)["language"] == "en"
    (tmp_path / "settings.json").write_text("{not json")
    assert Settings(tmp_path)["language"] == "en"


def test_no_setting_may_hold_a_secret() -> None:
    assert not any(word in name for name in SETTINGS for word in ("token", "password", "secret"))
    with pytest.raises(ValueError, match="keyring"):
        _declare(Setting("device_token", str, "", "no"))


@pytest.mark.parametrize(
    "line",
    [
        "Authorization: Bearer abc.def-123",
        "headers={'Authorization': 'Bearer s3cr3tvalue'}",
        "login with password=hunter2 failed",
        '{"token": "s3cr3tvalue", "user": "amina"}',
        "got eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abcdefghijk",
    ],
)
def test_redaction(line: str) -> None:
    out = redact(line)
    assert "s3cr3tvalue" not in out and "hunter2" not in out and "abc.def-123" not in out
    assert "eyJzdWIiOiIxIn0" not in out and "[redacted]" in out


def test_log_file_never_gets_a_secret(tmp_path: Path) -> None:
    path = setup_logging(tmp_path / "logs")
    logger = logging.getLogger("fieldapp.test")
    logger.info("sending %s", {"Authorization": "Bearer s3cr3tvalue"})
    try:
        raise RuntimeError("password=hunter2")
    except RuntimeError:
        logger.exception("login failed")
    for handler in logging.getLogger("fieldapp").handlers:
        handler.flush()
    text = path.read_text()
    assert "login failed" in text and "sending" in text
    assert "s3cr3tvalue" not in text and "hunter2" not in text
