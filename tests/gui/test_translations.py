"""Translations are complete, keep their placeholders, are compiled, and cover Qt's own strings."""

from __future__ import annotations

import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QTranslator
from PySide6.QtWidgets import QDialogButtonBox

from fieldapp.gui.i18n import LanguageManager, arg, format_number, translations_dir

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
import update_translations  # noqa: E402

LANGUAGES = ("ur", "ps")
_PLACEHOLDERS = re.compile(r"%\d+|%n|\{[A-Za-z_][A-Za-z0-9_]*\}")


def _messages(ts: Path) -> list[tuple[str, str, str | None, str | None]]:
    """(context, source, translation, type) of every message."""
    out = []
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            out.append(
                (
                    name,
                    message.findtext("source") or "",
                    translation.text if translation is not None else None,
                    translation.get("type") if translation is not None else "missing",
                )
            )
    return out


def problems_in(ts: Path) -> list[str]:
    """Missing or unfinished translations and changed placeholders in one .ts file."""
    problems = []
    for context, source, translation, kind in _messages(ts):
        if not translation or kind is not None:
            problems.append(f"{context}: {source!r} has no finished translation")
        elif sorted(_PLACEHOLDERS.findall(source)) != sorted(_PLACEHOLDERS.findall(translation)):
            problems.append(f"{context}: {source!r} -> {translation!r} changes the placeholders")
    return problems


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_string_is_translated_with_its_placeholders(language: str) -> None:
    assert problems_in(update_translations.ts_path(language)) == []


def test_the_check_fails_on_a_missing_string_or_a_changed_placeholder(tmp_path: Path) -> None:
    ts = tmp_path / "bad.ts"
    ts.write_text(
        '<?xml version="1.0" encoding="utf-8"?><TS version="2.1" language="ur"><context><name>X</name>'
        "<message><source>Due: %1</source><translation>آخری تاریخ</translation></message>"
        "<message><source>Hello {name}</source><translation>سلام {naam}</translation></message>"
        '<message><source>Sync now</source><translation type="unfinished"></translation></message>'
        "</context></TS>",
        encoding="utf-8",
    )
    problems = problems_in(ts)
    assert len(problems) == 3


@pytest.mark.parametrize("language", LANGUAGES)
def test_ts_files_hold_every_string_in_the_code(language: str, tmp_path: Path) -> None:
    fresh = tmp_path / f"fresh_{language}.ts"
    update_translations.lupdate(fresh, language)
    in_code = {(c, s) for c, s, _t, _k in _messages(fresh)}
    in_ts = {(c, s) for c, s, _t, _k in _messages(update_translations.ts_path(language))}
    missing = sorted(in_code - in_ts)
    assert missing == [], "run scripts/update_translations.py and translate: " + repr(missing[:5])


@pytest.mark.parametrize("language", LANGUAGES)
def test_compiled_qm_matches_the_ts(language: str, styled_app: Any) -> None:
    translator = QTranslator()
    assert translator.load(f"fieldapp_{language}", str(translations_dir()))
    for context, source, translation, _kind in _messages(update_translations.ts_path(language)):
        assert translator.translate(context, source) == translation, (context, source)


@pytest.mark.parametrize(("language", "ok_text"), [("ur", "ٹھیک ہے"), ("ps", "سمه ده")])
def test_qt_standard_buttons_are_translated(language: str, ok_text: str, styled_app: Any, qtbot: Any) -> None:
    manager = LanguageManager()
    manager.install(language)
    try:
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        qtbot.addWidget(box)
        assert box.button(QDialogButtonBox.StandardButton.Ok).text() == ok_text
        assert box.button(QDialogButtonBox.StandardButton.Cancel).text() != "Cancel"
        assert QCoreApplication.translate("QLineEdit", "&Paste") != "&Paste"
    finally:
        manager.install("en")


def test_numbers_follow_the_language(styled_app: Any) -> None:
    manager = LanguageManager()
    try:
        manager.install("ps")
        assert format_number(12) == "۱۲"
        manager.install("en")
        assert format_number(1234) == "1,234"
    finally:
        manager.install("en")


def test_arg_fills_placeholders_once() -> None:
    assert arg("%1 of %2", "%2", 5) == "%2 of 5"
