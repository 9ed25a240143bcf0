"""Putting a device together: the one entry point the wizard and the CLI use.

``Device.open(dir)`` loads (or makes) the identity, notices a copied install, and gives access to the
people on it; ``enroll_person`` applies a setup file or typed code to one person.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from fieldapp.core.private import make_private_dir, tighten
from fieldapp.core.vault import DataKey, ProfileLocked, has_vault
from fieldapp.device.enrollment import (
    ServerPin,
    SetupInfo,
    forget_pending_code,
    load_server_pin,
    pin_server,
    save_pending_code,
)
from fieldapp.device.identity import IDENTITY_FILE, DeviceIdentity, load_or_create_identity
from fieldapp.device.people import PROFILES_DIR, PeopleRegistry, Person
from fieldapp.sync.credentials import CredentialStore

log = logging.getLogger(__name__)


def device_dir_for_profile(profile_dir: Path) -> Path:
    """The device folder a profile belongs to: ``<device>/profiles/<id>`` on a shared device, or the
    profile folder itself when it was given directly (``--profile DIR`` for one person)."""
    parent = profile_dir.resolve().parent
    if parent.name == PROFILES_DIR and (parent.parent / IDENTITY_FILE).exists():
        return parent.parent
    return profile_dir


def _tighten_device(device_dir: Path) -> None:
    """Owner-only modes for the device's own files and each person's folder (an older install left
    0755/0644); what is inside a person's folder is fixed when her data is opened."""
    for entry in device_dir.iterdir():
        if entry.name != PROFILES_DIR:
            tighten(entry)
    profiles = device_dir / PROFILES_DIR
    if profiles.is_dir():
        tighten(profiles)
        for folder in profiles.iterdir():
            tighten(folder)


@dataclass
class Device:
    """One laptop: identity, pinned server, people."""

    dir: Path
    identity: DeviceIdentity
    people: PeopleRegistry
    #: True when this open found a copied install and gave it its own identity.
    identity_renewed: bool = False

    @classmethod
    def open(cls, device_dir: Path, fingerprint: str | None = None) -> Device:
        """Open (creating on first use) the device folder (0700: other OS users see nothing in it)."""
        make_private_dir(device_dir)
        _tighten_device(device_dir)
        identity, renewed = load_or_create_identity(device_dir, fingerprint)
        device = cls(device_dir, identity, PeopleRegistry(device_dir), renewed)
        if renewed:
            log.warning("this install was copied from another machine; it now has its own device identity")
            device.forget_sign_ins()
        return device

    def forget_sign_ins(self) -> None:
        """Drop every person's token and pending code (a copied laptop must not reuse the original's).

        The people and their local work stay; each must be enrolled again with a fresh setup file.
        """
        pin = self.server
        if pin is None:
            return
        for person in self.people.people():
            profile = self.people.profile_dir(person.id)
            CredentialStore(profile).delete(pin.url)
            forget_pending_code(profile, pin.url)

    @property
    def server(self) -> ServerPin | None:
        """The server this device is set up for (None until the first enrollment)."""
        return load_server_pin(self.dir)

    def enroll_person(self, person: Person, setup: SetupInfo, key: DataKey | None = None) -> ServerPin:
        """Pin the server, link her account and keep her code for first contact. Works offline.

        ``key`` is her data key (from ``PeopleRegistry.add_and_unlock`` or ``unlock``): her code is kept
        sealed with it. Without it the code cannot be kept on a PIN-locked profile (ProfileLocked).
        """
        profile = self.people.profile_dir(person.id)
        if key is None and has_vault(profile):  # refuse before anything is changed
            raise ProfileLocked("Her setup code can only be kept once her PIN has opened her data.")
        pin = pin_server(self.dir, setup.server_url, setup.server_key)
        if setup.username:
            self.people.link_account(person.id, setup.username)
        save_pending_code(profile, pin.url, setup.code, key)
        return pin
