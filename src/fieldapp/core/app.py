"""``FieldApp``: the collection object both front ends (GUI and CLI) use; see docs/architecture.md."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from fieldapp.core.blobs import BlobStore
from fieldapp.core.context import Context
from fieldapp.core.errors import StoreError
from fieldapp.core.outbox import reapply_pending
from fieldapp.core.private import tighten_profile
from fieldapp.core.reviews import ReviewService
from fieldapp.core.session import Session, clear_session, device_id, save_session
from fieldapp.core.store import DB_NAME, RecoveryReport, Store
from fieldapp.core.store.connection import is_plain_sqlite
from fieldapp.core.submissions import SubmissionService
from fieldapp.core.syncstore import SyncStore
from fieldapp.core.tasks import TaskService
from fieldapp.core.training import TrainingService
from fieldapp.core.vault import DataKey, ProfileLocked, has_vault, vault_info
from fieldapp.protocol import UserRecord

__all__ = ["FieldApp", "StatusView"]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class StatusView:
    """What ``fieldapp status`` and the GUI's status bar show."""

    profile: str
    user: str | None
    role: str | None
    server: str | None
    last_sync: str | None
    last_attempt: str | None
    last_error: str | None
    #: Changes waiting to go up.
    pending_uploads: int
    #: Attached files waiting to go up.
    pending_files: int
    conflicts: int
    rejected: int


class FieldApp:
    """Everything stored for one profile, behind services that hold the business rules.

    A profile locked by a PIN (it has a ``vault.json``) is opened with her data key, which the person
    switcher or the CLI gets from :meth:`fieldapp.device.people.PeopleRegistry.unlock`; ``data_key`` then
    travels on to whatever else opens her data (the sync worker, pack jobs, the credential store).
    """

    def __init__(self, profile_dir: Path, store: Store, key: DataKey | None = None) -> None:
        self.profile_dir = profile_dir
        self.store = store
        self._key = key
        self.blobs = BlobStore(profile_dir / "blobs", key)
        self._ctx = Context(store, self.blobs)
        self.tasks = TaskService(self._ctx)
        self.training = TrainingService(self._ctx)
        self.submissions = SubmissionService(self._ctx)
        self.reviews = ReviewService(self._ctx, self.submissions)
        self.sync_store = SyncStore(store, self.blobs)

    @classmethod
    def open(cls, profile_dir: Path, key: DataKey | None = None) -> FieldApp:
        """Open (create, check, recover, migrate) the profile in ``profile_dir``.

        ``key`` is her data key when the profile is locked by a PIN; without it such a profile raises
        :class:`~fieldapp.core.vault.ProfileLocked`. Raises ``StoreError`` subclasses with a sentence for
        the person. After a recovery, ``recovery`` says what happened and the salvaged unsent changes are
        visible again.
        """
        profile_dir = Path(profile_dir)
        if key is None and has_vault(profile_dir):
            raise ProfileLocked(
                "This person's fieldapp data is locked. Open it with her PIN "
                "(choose her name when fieldapp starts, or use --person NAME with her PIN)."
            )
        locked_before = (
            key is not None and has_vault(profile_dir) and bool(vault_info(profile_dir).get("protected"))
        )
        if locked_before and is_plain_sqlite(profile_dir / DB_NAME):
            # Her data was locked already: an unlocked database in its place was put there by someone else
            # (to plant records, or to catch what she types). Never adopt it.
            raise StoreError(
                "Her data file was replaced by one that is not locked with her PIN, so it was not "
                "opened. Contact your coordinator."
            )
        store = Store.open(profile_dir, key)
        try:
            # Older installs left 0755/0644 folders and files: make them owner-only on every open.
            tighten_profile(profile_dir)
            app = cls(profile_dir, store, key)
            if store.recovery is not None:
                with store.transaction() as conn:
                    reapply_pending(conn)
        except BaseException:
            store.close()
            raise
        return app

    @property
    def data_key(self) -> DataKey | None:
        """Her data key when the profile is locked by a PIN (None for a plain profile). Hand it on to
        whatever else opens this profile; never log it (its repr is hidden)."""
        return self._key

    @property
    def encrypted(self) -> bool:
        """Whether her data on disk is encrypted (a PIN-locked profile)."""
        return self._key is not None

    @property
    def recovery(self) -> RecoveryReport | None:
        """Set when the database was damaged and recovered on open."""
        return self.store.recovery

    # ------------------------------------------------------------------ session

    @property
    def session(self) -> Session | None:
        """Who is signed in on this profile (None when nobody is)."""
        return self._ctx.session()

    @property
    def user(self) -> UserRecord | None:
        """The signed-in person's record."""
        return self._ctx.user()

    def people(self, role: str | None = None) -> list[UserRecord]:
        """User records on this device (her mentees, cohort members...), optionally of one role, by name.

        Added for the GUI's mentee progress and task assignment screens.
        """
        rows = self.store.query("SELECT data FROM users ORDER BY username")
        users = [UserRecord.model_validate_json(r["data"]) for r in rows]
        return [u for u in users if role is None or u.role.value == role]

    def cohorts(self) -> list[tuple[str, str]]:
        """(id, name) of the cohorts on this device, by name (added for the GUI's task assignment)."""
        return [(r["id"], r["name"]) for r in self.store.query("SELECT id, name FROM cohorts ORDER BY name")]

    @property
    def device_id(self) -> str:
        """This profile's device id (made on first use, then kept)."""
        with self.store.reading() as conn:
            row = conn.execute("SELECT value FROM meta WHERE key = 'device_id'").fetchone()
        if row is not None:
            return str(row["value"])
        with self.store.transaction() as conn:
            return device_id(conn)

    def set_session(self, user: UserRecord, server_url: str, device_id: str) -> Session:
        """Remember who signed in. The token is the sync engine's business (keyring), never stored here."""
        with self.store.transaction() as conn:
            return save_session(conn, user, server_url, device_id)

    def clear_session(self) -> None:
        """Sign out on this device; local data and unsent work stay."""
        with self.store.transaction() as conn:
            clear_session(conn)

    # ------------------------------------------------------------------ overview

    def status(self) -> StatusView:
        """Profile, user, server, last sync and the counts the person must know about."""
        session = self.session
        state = self.sync_store.state()
        return StatusView(
            profile=str(self.profile_dir),
            user=session.user.username if session else None,
            role=session.user.role.value if session else None,
            server=session.server_url if session else None,
            last_sync=state.last_sync_ok_at,
            last_attempt=state.last_attempt_at,
            last_error=state.last_error,
            pending_uploads=self.sync_store.pending_count(),
            pending_files=len(self.sync_store.blobs_to_upload()),
            conflicts=len(self.sync_store.conflicts()),
            rejected=len(self.sync_store.rejected()),
        )

    def gc_blobs(self) -> int:
        """Delete stored files nothing refers to any more; return how many."""
        return self.blobs.gc(self.sync_store.referenced_blobs())

    def close(self) -> None:
        """Save the last good copy, remove decrypted viewer copies and close the database."""
        try:
            self.blobs.discard_views()
        finally:
            self.store.close()

    def __enter__(self) -> FieldApp:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()
