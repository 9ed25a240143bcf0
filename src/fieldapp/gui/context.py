"""What every screen needs: the core collection, settings, the language, and change notifications."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from fieldapp.gui.i18n import LanguageManager
from fieldapp.gui.settings import GuiSettings

if TYPE_CHECKING:
    from fieldapp.core.app import FieldApp

__all__ = ["DataEvents", "GuiContext"]


class DataEvents(QObject):
    """Tells screens that local data changed (a local action or a finished sync), so they reload."""

    changed = Signal()
    # A sentence for the person about something that went wrong in the background.
    problem = Signal(str)


@dataclass
class GuiContext:
    """Shared by the main window and every screen (one per open profile)."""

    profile_dir: Path
    core: FieldApp
    settings: GuiSettings
    languages: LanguageManager
    events: DataEvents = field(default_factory=DataEvents)
    # The sync bridge (fieldapp.gui.syncbridge), when the profile is signed in.
    sync: Any = None

    def local_change(self) -> None:
        """A change that must reach the server was saved: reload views and let sync send it soon."""
        self.events.changed.emit()
        if self.sync is not None:
            self.sync.local_change()

    @property
    def log_dir(self) -> Path:
        """Where logs and crash reports go."""
        return self.profile_dir / "logs"
