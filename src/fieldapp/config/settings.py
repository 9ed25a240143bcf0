"""Every user setting, declared once here with its type and default (as Picard declares its options).

Settings are stored as JSON in ``<profile>/settings.json``. Secrets never go here: the device token is in
the OS keyring, and a setting whose name looks like a secret cannot be declared.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

from fieldapp.core.errors import InvalidInput
from fieldapp.core.private import write_private

__all__ = ["SETTINGS", "Setting", "Settings"]

log = logging.getLogger(__name__)
T = TypeVar("T")

_SECRET_NAME = re.compile(r"token|password|secret|key$|credential", re.IGNORECASE)


@dataclass(frozen=True)
class Setting(Generic[T]):
    """One declared setting. ``choices`` limits values; ``minimum``/``maximum`` bound numbers."""

    name: str
    type: type[T]
    default: T
    doc: str
    choices: tuple[T, ...] = ()
    minimum: float | None = None
    maximum: float | None = None

    def validate(self, value: Any) -> T:
        """``value`` converted to the setting's type, or InvalidInput with a sentence."""
        try:
            if self.type is bool and isinstance(value, str):
                if value.lower() not in ("true", "false", "1", "0", "yes", "no"):
                    raise ValueError(value)
                converted: Any = value.lower() in ("true", "1", "yes")
            elif self.type is bool and not isinstance(value, bool):
                raise ValueError(value)
            else:
                converted = self.type(value)  # type: ignore[call-arg]
        except (TypeError, ValueError):
            raise InvalidInput(f"{value!r} is not a valid {self.type.__name__} for {self.name}.") from None
        if self.choices and converted not in self.choices:
            options = ", ".join(str(c) for c in self.choices)
            raise InvalidInput(f"{self.name} must be one of: {options}.")
        if self.minimum is not None and converted < self.minimum:
            raise InvalidInput(f"{self.name} must be at least {self.minimum}.")
        if self.maximum is not None and converted > self.maximum:
            raise InvalidInput(f"{self.name} must be at most {self.maximum}.")
        return converted  # type: ignore[no-any-return]


def _declare(*settings: Setting[Any]) -> dict[str, Setting[Any]]:
    for setting in settings:
        if _SECRET_NAME.search(setting.name):
            raise ValueError(f"setting {setting.name!r} looks like a secret; secrets belong in the keyring")
    return {s.name: s for s in settings}


SETTINGS: dict[str, Setting[Any]] = _declare(
    Setting("language", str, "en", "Language of the interface.", choices=("en", "ur", "ps")),
    Setting("ui_scale", float, 1.0, "Size of text and controls.", minimum=0.75, maximum=2.5),
    Setting("server_url", str, "", "Address of the fieldapp server."),
    Setting(
        "sync_interval_minutes",
        int,
        15,
        "Minutes between background syncs while online.",
        minimum=1,
        maximum=1440,
    ),
    Setting(
        "sync_on_change_seconds",
        int,
        20,
        "Seconds after a local change before syncing it.",
        minimum=1,
        maximum=3600,
    ),
    Setting("auto_sync", bool, True, "Sync in the background without being asked."),
    Setting("download_media", bool, True, "Download lesson videos and images when online."),
    Setting("autosave_seconds", int, 5, "Seconds between autosaves of a draft.", minimum=1, maximum=300),
    Setting("high_contrast", bool, False, "Use high-contrast colours."),
    Setting(
        "log_level",
        str,
        "INFO",
        "How much to write in the log file.",
        choices=("DEBUG", "INFO", "WARNING", "ERROR"),
    ),
)


class Settings:
    """Typed access to the settings of one profile; unknown or invalid values in the file are ignored."""

    FILE_NAME = "settings.json"

    def __init__(self, profile_dir: Path) -> None:
        self.path = profile_dir / self.FILE_NAME
        self._values: dict[str, Any] = {}
        self._load()

    def _load(self) -> None:
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return
        except (OSError, ValueError) as exc:
            log.warning("Ignoring unreadable settings file %s: %s", self.path, exc)
            return
        if not isinstance(raw, dict):
            return
        for name, value in raw.items():
            setting = SETTINGS.get(name)
            if setting is None:
                continue
            try:
                self._values[name] = setting.validate(value)
            except InvalidInput:
                log.warning("Ignoring invalid value for setting %s", name)

    def get(self, name: str) -> Any:
        """The value of ``name`` (its default when unset)."""
        try:
            setting = SETTINGS[name]
        except KeyError:
            raise InvalidInput(f"There is no setting called {name}.") from None
        return self._values.get(name, setting.default)

    def __getitem__(self, name: str) -> Any:
        return self.get(name)

    def set(self, name: str, value: Any) -> None:
        """Validate, set and save one setting."""
        setting = SETTINGS.get(name)
        if setting is None:
            raise InvalidInput(f"There is no setting called {name}.")
        self._values[name] = setting.validate(value)
        self.save()

    def as_dict(self) -> dict[str, Any]:
        """Every setting with its current value."""
        return {name: self.get(name) for name in SETTINGS}

    def save(self) -> None:
        """Write the file atomically (a kill mid-save keeps the old file)."""
        # Private (0600) from the first byte, atomically (temp file, fsync, rename).
        write_private(self.path, json.dumps(self._values, indent=2, sort_keys=True).encode("utf-8"))
