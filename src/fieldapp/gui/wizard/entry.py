"""Which profile the desktop app opens: the first-run wizard on a new laptop, then the person switcher.

``choose_profile(device_dir, languages)`` is what ``fieldapp.gui.app.run`` calls before opening a profile;
it answers a :class:`ProfileChoice`: her folder and, on a shared laptop, the data key her PIN unlocked.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtWidgets import QDialog

from fieldapp.core.vault import DataKey
from fieldapp.device.people import PEOPLE_FILE, PeopleRegistry
from fieldapp.device.setup import device_dir_for_profile
from fieldapp.gui.i18n import LanguageManager
from fieldapp.gui.wizard.first_run import FirstRunWizard
from fieldapp.gui.wizard.switcher import PersonSwitcher

__all__ = ["ProfileChoice", "choose_profile", "is_shared_device", "needs_first_run"]

_DB_NAME = "fieldapp.db"


@dataclass(frozen=True)
class ProfileChoice:
    """The profile to open and, when it is locked by her PIN, her data key."""

    profile_dir: Path
    key: DataKey | None = field(default=None, repr=False)


def is_shared_device(folder: Path) -> bool:
    """A folder set up by the wizard (people with PINs), as opposed to a one-person profile."""
    return (folder / PEOPLE_FILE).exists()


def needs_first_run(folder: Path) -> bool:
    """Nothing here yet: neither people set up by the wizard nor a one-person profile."""
    return not is_shared_device(folder) and not (folder / _DB_NAME).exists()


def choose_profile(device_dir: Path, languages: LanguageManager) -> ProfileChoice | None:
    """Run the wizard if the laptop is new, then ask who is using it. None: she cancelled (quit).

    A folder that already holds a one-person profile (``--profile DIR`` or an older install) is used as
    it is, with no wizard and no PIN; so is a new folder whose setup was cancelled (she then signs in
    with a password on the main window's sign-in screen).
    """
    shared = device_dir_for_profile(device_dir)
    if shared != device_dir and is_shared_device(shared):
        # One person's own folder was named (``--profile``): her PIN is still asked, on the laptop's
        # switcher, since her data is locked by it.
        device_dir = shared
    if not is_shared_device(device_dir) and (device_dir / _DB_NAME).exists():
        return ProfileChoice(device_dir)
    run_wizard = needs_first_run(device_dir)
    if not run_wizard:
        PeopleRegistry(device_dir).clear_viewer_copies()
    while True:
        if run_wizard:
            FirstRunWizard(device_dir, languages).exec()
            if not PeopleRegistry(device_dir).people():
                # Setup skipped: a one-person profile, where she signs in with her password instead.
                return ProfileChoice(device_dir)
        switcher = PersonSwitcher(device_dir)
        result = switcher.exec()
        if result == PersonSwitcher.ADD_PERSON:
            run_wizard = True  # the wizard again, for the new person; then back to choosing
            continue
        if result != QDialog.DialogCode.Accepted or switcher.unlocked is None:
            return None
        return ProfileChoice(switcher.unlocked.profile_dir, switcher.unlocked.key)
