"""Per-profile desktop settings (language, UI scale, window geometry), in ``gui.ini`` in the profile.

Only presentation choices live here; the server address and credentials belong to the core session.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

from fieldapp.gui.i18n import LANGUAGES

__all__ = ["SCALES", "GuiSettings"]

#: UI scale choices offered in the settings (1.0 is the platform's normal size).
SCALES = (0.9, 1.0, 1.15, 1.3, 1.5, 1.75, 2.0)


@dataclass
class GuiSettings:
    """Settings of one profile's desktop app."""

    path: Path
    language: str = "en"
    ui_scale: float = 1.0
    geometry: QByteArray | None = None

    @classmethod
    def load(cls, profile_dir: Path) -> GuiSettings:
        """Read ``gui.ini`` (missing or bad values fall back to defaults)."""
        path = profile_dir / "gui.ini"
        qs = QSettings(str(path), QSettings.Format.IniFormat)
        language = str(qs.value("language", "en"))
        try:
            scale = float(qs.value("ui_scale", 1.0))  # type: ignore[arg-type]
        except (TypeError, ValueError):
            scale = 1.0
        geometry = qs.value("geometry")
        return cls(
            path=path,
            language=language if language in LANGUAGES else "en",
            ui_scale=min(max(scale, SCALES[0]), SCALES[-1]),
            geometry=geometry if isinstance(geometry, QByteArray) else None,
        )

    def save(self) -> None:
        """Write ``gui.ini``."""
        qs = QSettings(str(self.path), QSettings.Format.IniFormat)
        qs.setValue("language", self.language)
        qs.setValue("ui_scale", self.ui_scale)
        if self.geometry is not None:
            qs.setValue("geometry", self.geometry)
        qs.sync()
