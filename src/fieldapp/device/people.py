"""The people who share one device. Each has her own profile folder (her own SQLite file, her own blobs,
her own sign-in) and a PIN; nobody reaches another person's profile through fieldapp without that PIN.

The list lives in ``people.json`` in the device folder: names, PIN hashes, failure counters. Her PIN also
unlocks her data key (``<profile>/vault.json``, see :mod:`fieldapp.core.vault`), with which everything of
hers at rest is encrypted: :meth:`PeopleRegistry.unlock` hands back her folder *and* that key. The lockout
slows guessing through fieldapp; someone with a copy of the folder can guess offline, which is why the
guide asks for PINs of 6 digits or more and the OS's own disk encryption where the laptop supports it.
"""

from __future__ import annotations

import json
import shutil
import time
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from fieldapp.core.blobs import VIEW_DIR
from fieldapp.core.errors import InvalidInput, NotAllowed, NotFound
from fieldapp.core.private import make_private_dir
from fieldapp.core.vault import DataKey, VaultPinRefused, delete_vault, has_vault, open_vault, rewrap_vault
from fieldapp.device.files import write_json
from fieldapp.device.pins import check_pin_rules, hash_pin, normalize_pin, pin_matches
from fieldapp.device.protect import new_vault, unlock_with_pin

if TYPE_CHECKING:
    from fieldapp.core.app import FieldApp

PEOPLE_FILE = "people.json"
PROFILES_DIR = "profiles"

#: Wrong PINs allowed before any waiting.
FREE_ATTEMPTS = 3
#: First wait after the free attempts; it doubles with each further wrong PIN ...
FIRST_DELAY_SECONDS = 30
#: ... up to this.
MAX_DELAY_SECONDS = 60 * 60


class WrongPin(NotAllowed):
    """The PIN did not match."""

    def __init__(self, message: str, attempts_left: int) -> None:
        super().__init__(message)
        self.attempts_left = attempts_left


class PinLocked(NotAllowed):
    """Too many wrong PINs: wait ``retry_after`` seconds."""

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


@dataclass(frozen=True)
class Person:
    """One person on this device (no secrets here apart from the PIN *hash*)."""

    id: str
    display_name: str
    #: Kept out of the repr: it is what an offline guesser would test PINs against.
    pin_hash: str = field(repr=False)
    created_at: str
    #: Set once she is linked to a server account (by a setup file, a code or a sign-in).
    username: str | None = None
    failed_attempts: int = 0
    locked_until: float = 0.0


@dataclass(frozen=True)
class UnlockedProfile:
    """What the right PIN gives: her profile folder and her data key (the key's repr is hidden)."""

    person: Person
    profile_dir: Path
    key: DataKey = field(repr=False)

    def open_app(self) -> FieldApp:
        """Open her FieldApp with her key."""
        from fieldapp.core.app import FieldApp

        return FieldApp.open(self.profile_dir, key=self.key)


def lockout_seconds(failed_attempts: int) -> int:
    """How long to wait after ``failed_attempts`` wrong PINs in a row (0 while still free)."""
    if failed_attempts < FREE_ATTEMPTS:
        return 0
    return int(min(MAX_DELAY_SECONDS, FIRST_DELAY_SECONDS * 2 ** (failed_attempts - FREE_ATTEMPTS)))


class PeopleRegistry:
    """Add people, check PINs (with lockout) and hand out the profile folder of whoever unlocked."""

    def __init__(self, device_dir: Path, clock: Callable[[], float] = time.time) -> None:
        self.device_dir = device_dir
        self._path = device_dir / PEOPLE_FILE
        self._clock = clock

    # ------------------------------------------------------------ storage

    def _load(self) -> list[Person]:
        try:
            raw = json.loads(self._path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return []
        except (OSError, ValueError) as err:
            raise NotAllowed(f"The list of people on this device cannot be read ({self._path}).") from err
        fields = set(Person.__dataclass_fields__)
        return [Person(**{k: v for k, v in item.items() if k in fields}) for item in raw.get("people", [])]

    def _save(self, people: list[Person]) -> None:
        write_json(self._path, {"format": 1, "people": [asdict(person) for person in people]})

    def _replace(self, updated: Person) -> None:
        self._save([updated if p.id == updated.id else p for p in self._load()])

    # ------------------------------------------------------------ queries

    def people(self) -> list[Person]:
        """Everyone on this device, in the order they were added."""
        return self._load()

    def get(self, person_id: str) -> Person:
        """One person by id."""
        for person in self._load():
            if person.id == person_id:
                return person
        raise NotFound("That person is not set up on this device.")

    def profile_dir(self, person_id: str) -> Path:
        """Her profile folder (her database, files and sign-in live only there)."""
        return self.device_dir / PROFILES_DIR / person_id

    # ------------------------------------------------------------ changes

    def add(self, display_name: str, pin: str, username: str | None = None) -> Person:
        """Add a person with her PIN and make her (empty, private) profile folder and vault."""
        return self.add_and_unlock(display_name, pin, username).person

    def add_and_unlock(self, display_name: str, pin: str, username: str | None = None) -> UnlockedProfile:
        """Add a person (see :meth:`add`) and return her unlocked profile, so whoever sets her up can
        keep her setup code sealed with her key without asking for her PIN again."""
        pin = normalize_pin(pin)
        name = display_name.strip()
        if not name:
            raise InvalidInput("Please type a name for this person.")
        people = self._load()
        if any(p.display_name.casefold() == name.casefold() for p in people):
            raise InvalidInput(f"There is already someone called {name} on this device.")
        person = Person(
            id=uuid.uuid4().hex,
            display_name=name,
            pin_hash=hash_pin(pin),
            created_at=datetime.now(UTC).isoformat(timespec="seconds"),
            username=username,
        )
        folder = self.profile_dir(person.id)
        make_private_dir(self.device_dir)
        make_private_dir(folder.parent)
        key = new_vault(folder, pin)
        self._save([*people, person])
        return UnlockedProfile(person, folder, key)

    def clear_viewer_copies(self) -> None:
        """Delete every person's decrypted viewer copies (``blobs/view``) a killed session left behind.

        Run before anyone is chosen: otherwise a photo she opened stays readable on disk, unencrypted,
        while the next person uses the laptop. Needs no key: the copies are plain files.
        """
        for person in self._load():
            shutil.rmtree(self.profile_dir(person.id) / "blobs" / VIEW_DIR, ignore_errors=True)

    def link_account(self, person_id: str, username: str) -> Person:
        """Remember which server account this person is (from her setup file or sign-in)."""
        updated = replace(self.get(person_id), username=username)
        self._replace(updated)
        return updated

    def _check_pin(self, person_id: str, pin: str) -> DataKey | None:
        """Check her (normalized) PIN with the lockout; her unwrapped key when she has a vault."""
        person = self.get(person_id)
        now = self._clock()
        if person.locked_until > now:
            wait = int(person.locked_until - now) + 1
            raise PinLocked(f"Too many wrong PINs. Please wait {_duration(wait)} and try again.", wait)
        profile = self.profile_dir(person_id)
        key: DataKey | None = None
        try:
            # With a vault the PIN is checked by unwrapping her key (one Argon2 run, not two).
            if has_vault(profile):
                key = open_vault(profile, pin)
            elif not pin_matches(person.pin_hash, pin):
                raise VaultPinRefused("wrong PIN")
        except VaultPinRefused:
            pass
        else:
            if person.failed_attempts:
                self._replace(replace(person, failed_attempts=0, locked_until=0.0))
            return key
        failures = person.failed_attempts + 1
        wait = lockout_seconds(failures)
        self._replace(replace(person, failed_attempts=failures, locked_until=now + wait if wait else 0.0))
        if wait:
            raise PinLocked(f"Wrong PIN. Too many wrong PINs: please wait {_duration(wait)}.", wait)
        left = FREE_ATTEMPTS - failures
        raise WrongPin(f"Wrong PIN. {left} more {'try' if left == 1 else 'tries'} before a wait.", left)

    def unlock(self, person_id: str, pin: str) -> UnlockedProfile:
        """Check her PIN and return her profile folder and data key.

        Raises :class:`PinLocked` while she must wait (the PIN is not even checked then, so guessing does
        not go faster) and :class:`WrongPin` for a wrong PIN. The first unlock of a profile from an older
        version makes her vault and encrypts her data in place (which can take a while; callers run this
        off the GUI thread).
        """
        pin = normalize_pin(pin)
        key = self._check_pin(person_id, pin)
        folder = self.profile_dir(person_id)
        key = unlock_with_pin(folder, pin, key, self.device_dir)
        return UnlockedProfile(self.get(person_id), folder, key)

    def change_pin(self, person_id: str, old_pin: str, new_pin: str) -> None:
        """Change her PIN (needs the old one, with the same lockout): her data key is wrapped anew."""
        new_pin = normalize_pin(new_pin)
        check_pin_rules(new_pin)
        unlocked = self.unlock(person_id, old_pin)
        # The vault first: it decides which PIN opens her data, so a kill between the two steps leaves
        # the new PIN working (the hash below only matters for people without a vault).
        rewrap_vault(unlocked.profile_dir, unlocked.key, new_pin)
        self._replace(replace(self.get(person_id), pin_hash=hash_pin(new_pin)))

    def remove(self, person_id: str, pin: str) -> None:
        """Remove a person AND her local data, key included (needs her PIN). Unsynced work would be
        lost: callers warn."""
        self._check_pin(person_id, normalize_pin(pin))
        folder = self.profile_dir(person_id)
        self._forget_secrets(folder)
        self._save([p for p in self._load() if p.id != person_id])
        # The vault first: without it nothing left behind (should the folder delete fail half-way) opens.
        delete_vault(folder)
        shutil.rmtree(folder, ignore_errors=True)

    def _forget_secrets(self, folder: Path) -> None:
        """Drop her sealed sign-in secrets from the shared keyring too."""
        from fieldapp.device.enrollment import forget_pending_code, load_server_pin
        from fieldapp.sync.credentials import CredentialStore

        pin = load_server_pin(self.device_dir)
        if pin is not None:
            CredentialStore(folder).delete(pin.url)
            forget_pending_code(folder, pin.url)


def _duration(seconds: int) -> str:
    if seconds < 90:
        return f"{seconds} seconds"
    return f"{-(-seconds // 60)} minutes"
