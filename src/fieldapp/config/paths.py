"""Where a profile's data and logs live: ``--profile DIR``, else ``FIELDAPP_HOME``, else the platform's
user data folder (platformdirs)."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

__all__ = ["APP_NAME", "ENV_HOME", "log_dir", "profile_dir"]

APP_NAME = "fieldapp"
ENV_HOME = "FIELDAPP_HOME"


def profile_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The profile folder: the one given, else ``$FIELDAPP_HOME``, else the user data dir."""
    if explicit:
        return Path(explicit).expanduser().resolve()
    env = os.environ.get(ENV_HOME)
    if env:
        return Path(env).expanduser().resolve()
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def log_dir(explicit_profile: str | os.PathLike[str] | None = None) -> Path:
    """Logs go inside an explicitly chosen profile (``--profile`` / ``FIELDAPP_HOME``), so one folder holds
    everything; otherwise in the platform's user log dir."""
    if explicit_profile or os.environ.get(ENV_HOME):
        return profile_dir(explicit_profile) / "logs"
    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))
