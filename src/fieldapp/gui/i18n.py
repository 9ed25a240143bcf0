"""Languages: our translations, Qt's own strings, right-to-left layout, fonts and locale formatting.

Qt ships no translations for Urdu or Pashto, so the strings Qt itself shows (standard buttons, message boxes,
file dialogs, the text edit context menu) are translated in our own ``.ts`` files under Qt's own contexts
(see ``qt_strings.py``), and loaded by the same translator as ours.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime
from importlib import resources
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QDate, QDateTime, QLocale, Qt, QTime, QTranslator
from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication

__all__ = [
    "LANGUAGES",
    "RTL_LANGUAGES",
    "LanguageManager",
    "arg",
    "format_date",
    "format_datetime",
    "format_number",
    "load_bundled_fonts",
    "translations_dir",
]

#: Language code -> the language's name in itself (shown in the settings, never translated).
LANGUAGES: dict[str, str] = {"en": "English", "ur": "اردو", "ps": "پښتو"}
RTL_LANGUAGES = frozenset({"ur", "ps"})
# Locales for numbers and dates: Urdu as written in Pakistan, Pashto in Pakistan's KP.
_LOCALES = {"en": "en_GB", "ur": "ur_PK", "ps": "ps_PK"}
# The fonts that carry each script; Latin text falls back to the platform's UI font.
_FONT_FILES = ("NotoNastaliqUrdu-Regular.ttf", "NotoNaskhArabic-Regular.ttf", "NotoNaskhArabic-Bold.ttf")
_FONT_FAMILY = {"ur": "Noto Nastaliq Urdu", "ps": "Noto Naskh Arabic"}
_PLACEHOLDER = re.compile(r"%(\d+)")


def translations_dir() -> Path:
    """Folder holding the ``.ts`` sources and compiled ``.qm`` files."""
    return Path(str(resources.files("fieldapp") / "translations"))


def _fonts_dir() -> Path:
    return Path(str(resources.files("fieldapp") / "resources" / "fonts"))


def load_bundled_fonts() -> list[str]:
    """Register the bundled Urdu/Pashto fonts with Qt so text renders on a machine that has none."""
    families: list[str] = []
    for name in _FONT_FILES:
        font_id = QFontDatabase.addApplicationFont(str(_fonts_dir() / name))
        if font_id >= 0:
            families.extend(QFontDatabase.applicationFontFamilies(font_id))
    return families


def arg(text: str, *values: object) -> str:
    """Fill Qt-style placeholders (``%1``, ``%2``...) in a translated string, in one pass.

    One pass matters: a value that itself contains ``%2`` must not be substituted again.
    """

    def repl(match: re.Match[str]) -> str:
        index = int(match.group(1)) - 1
        return str(values[index]) if 0 <= index < len(values) else match.group(0)

    return _PLACEHOLDER.sub(repl, text)


class LanguageManager:
    """Installs one language at a time into the running application."""

    def __init__(self, extra_dirs: Iterable[Path] = ()) -> None:
        self._translators: list[QTranslator] = []
        self._dirs = [*extra_dirs, translations_dir()]
        self.code = "en"

    def install(self, code: str, base_point_size: float | None = None) -> None:
        """Switch the application to ``code``: translator, direction, font and locale."""
        app = QCoreApplication.instance()
        if code not in LANGUAGES:
            code = "en"
        for translator in self._translators:
            QCoreApplication.removeTranslator(translator)
        self._translators.clear()
        if code != "en":
            translator = QTranslator()
            for folder in self._dirs:
                if translator.load(f"fieldapp_{code}", str(folder)):
                    QCoreApplication.installTranslator(translator)
                    self._translators.append(translator)
                    break
        self.code = code
        QLocale.setDefault(QLocale(_LOCALES[code]))
        if isinstance(app, QGuiApplication):
            app.setLayoutDirection(
                Qt.LayoutDirection.RightToLeft if code in RTL_LANGUAGES else Qt.LayoutDirection.LeftToRight
            )
            app.setFont(self.font_for(code, base_point_size or app.font().pointSizeF()))

    def install_translator(self, translator: QTranslator) -> None:
        """Install an extra translator (used by the pseudo-translation test)."""
        QCoreApplication.installTranslator(translator)
        self._translators.append(translator)

    @staticmethod
    def font_for(code: str, point_size: float) -> QFont:
        """The UI font for a language: its script's bundled font first, the platform's font for Latin."""
        font = QFont(QGuiApplication.font())
        base = [f for f in font.families() if f not in _FONT_FAMILY.values()] or ["DejaVu Sans"]
        if code in _FONT_FAMILY:
            # Nastaliq needs a larger size to be as legible as Latin text at the same point size.
            font.setFamilies([_FONT_FAMILY[code], *base])
        else:
            font.setFamilies(base)
        font.setPointSizeF(point_size)
        return font


def _qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


def format_number(value: float) -> str:
    """A number in the current language's digits and separators."""
    if isinstance(value, int):
        return QLocale().toString(value)
    return QLocale().toString(float(value), "f", 1)


def format_date(value: date | None) -> str:
    """A date in the current locale's short format; empty when there is none."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.date()
    return QLocale().toString(_qdate(value), QLocale.FormatType.ShortFormat)


def format_datetime(value: datetime | str | None) -> str:
    """A moment (a datetime or ISO text) in local time, in the locale's short format; empty for none."""
    if not value:
        return ""
    if isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            return value
    else:
        moment = value
    value = moment
    if value.tzinfo is not None:
        value = value.astimezone()
    qdt = QDateTime(_qdate(value.date()), QTime(value.hour, value.minute, value.second))
    return QLocale().toString(qdt, QLocale.FormatType.ShortFormat)
