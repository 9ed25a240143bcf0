"""What every service shares: the store, the file store, and who is signed in."""

from __future__ import annotations

import json

from fieldapp.core.blobs import BlobStore
from fieldapp.core.errors import NotAllowed, NotFound, NotSignedIn
from fieldapp.core.records import TABLES
from fieldapp.core.session import Session, load_session
from fieldapp.core.store import Store
from fieldapp.protocol import RecordKind, Role, UserRecord

__all__ = ["Context"]


class Context:
    """Handed to each service; holds no business rules itself."""

    def __init__(self, store: Store, blobs: BlobStore) -> None:
        self.store = store
        self.blobs = blobs

    def session(self) -> Session | None:
        """The current session (read fresh: another process may have signed in or out)."""
        with self.store.reading() as conn:
            return load_session(conn)

    def user(self) -> UserRecord | None:
        """The signed-in person, or None."""
        session = self.session()
        return session.user if session else None

    def require_user(self, *roles: Role) -> UserRecord:
        """The signed-in person; refuse when nobody is signed in or her role is not in ``roles``."""
        user = self.user()
        if user is None:
            raise NotSignedIn("Nobody is signed in on this profile. Sign in first (fieldapp login).")
        if roles and user.role not in roles:
            allowed = " or ".join(f"{r.value}s" for r in roles)
            raise NotAllowed(f"Only {allowed} can do this; you are signed in as a {user.role.value}.")
        return user

    def stored_user(self, user_id: str) -> UserRecord | None:
        """A user record held on this device (the signed-in person's own record included)."""
        row = self.store.query_one(f"SELECT data FROM {TABLES[RecordKind.user]} WHERE id = ?", (user_id,))
        if row is not None:
            return UserRecord.model_validate(json.loads(row["data"]))
        me = self.user()
        return me if me is not None and me.id == user_id else None

    def display_name(self, user_id: str) -> str:
        """A name to show for ``user_id`` (the id itself when the user is not on this device)."""
        user = self.stored_user(user_id)
        return user.display_name or user.username if user else user_id

    def username(self, user_id: str) -> str:
        """The username of ``user_id`` (the id itself when the user is not on this device)."""
        user = self.stored_user(user_id)
        return user.username if user else user_id

    def require_row(self, kind: RecordKind, record_id: str, what: str) -> str:
        """The JSON of a stored record, or NotFound with a sentence naming ``what``."""
        row = self.store.query_one(f"SELECT data FROM {TABLES[kind]} WHERE id = ?", (record_id,))
        if row is None:
            raise NotFound(f"There is no {what} with id {record_id} on this device.")
        return str(row["data"])
