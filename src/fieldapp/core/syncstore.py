"""The sync engine's only door into the local store (see docs/architecture.md, "SyncStore").

Every method that writes runs in one SQLite transaction, so a kill between two calls loses nothing and a
kill inside one leaves the store as it was before the call.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import ValidationError

from fieldapp.core.blobs import BlobStore
from fieldapp.core.clock import now_iso
from fieldapp.core.drafts import load_draft, write_draft
from fieldapp.core.errors import InvalidInput, NotFound
from fieldapp.core.outbox import mutation_from_row, reapply_pending, record_mutation, undo_locally
from fieldapp.core.records import TABLES, delete_record, set_fields, upsert_record
from fieldapp.core.store import Store
from fieldapp.protocol import (
    MAX_BATCH,
    AssetRef,
    AssignmentStatusPayload,
    AttachmentRef,
    ModuleRecord,
    Mutation,
    MutationKind,
    MutationResult,
    MutationStatus,
    PullResponse,
    RecordKind,
    RevisionRecord,
    SubmitPayload,
    TaskUpsertPayload,
)

__all__ = [
    "Conflict",
    "Direction",
    "RejectedMutation",
    "SkippedRecord",
    "SyncState",
    "SyncStore",
    "note_skipped",
]

log = logging.getLogger(__name__)

Direction = Literal["up", "down"]


@dataclass(frozen=True)
class SyncState:
    """What the person sees about sync: the last success, the last attempt and what went wrong."""

    cursor: str
    last_sync_ok_at: str | None
    last_attempt_at: str | None
    last_error: str | None


@dataclass(frozen=True)
class Conflict:
    """A change of mine the server did not apply because someone changed the same field first."""

    id: int
    mutation_id: str
    kind: MutationKind
    entity_id: str
    field: str
    server_value: Any
    client_value: Any
    server_author: str | None
    server_changed_at: str | None
    client_author: str | None
    client_changed_at: str | None
    resolved: bool
    resolution: str | None


@dataclass(frozen=True)
class SkippedRecord:
    """A record that came in (``source``: pull, pack, stored) but breaks the protocol's bounds."""

    kind: str
    id: str
    reason: str
    source: str
    first_seen: str


def note_skipped(
    conn: sqlite3.Connection, kind: str, record_id: str, exc: ValidationError, source: str
) -> int:
    """Remember a record that could not be read; 1 the first time it is seen, 0 after (report once)."""
    problems = exc.errors()
    where = ".".join(str(p) for p in problems[0]["loc"]) if problems else ""
    reason = f"{where}: {problems[0]['msg'] if problems else 'invalid'}"[:300]
    log.warning("skipped a %s record that breaks the protocol's bounds (%s)", kind, reason)
    cursor = conn.execute(
        "INSERT OR IGNORE INTO skipped_records (kind, id, reason, source, first_seen) VALUES (?, ?, ?, ?, ?)",
        (kind, record_id[:64], reason, source, now_iso()),
    )
    return int(cursor.rowcount or 0)


@dataclass(frozen=True)
class RejectedMutation:
    """A change the server refused; kept and shown until the person dismisses it, never resent."""

    id: str
    kind: MutationKind
    payload: dict[str, Any]
    created_at: str
    code: str | None
    reason: str | None


def _entity_id(kind: MutationKind, payload: dict[str, Any]) -> str:
    key = {
        MutationKind.assignment_status: "assignment_id",
        MutationKind.task_upsert: "task_id",
        MutationKind.submit: "submission_id",
        MutationKind.review: "submission_id",
        MutationKind.progress: "event_id",
    }[kind]
    return str(payload.get(key, ""))


_SERVER_VALUE_TARGET = {
    MutationKind.assignment_status: RecordKind.assignment,
    MutationKind.task_upsert: RecordKind.task,
}


class SyncStore:
    """Outbox, cursor, pulled pages, conflicts, rejections and file transfers, for ``fieldapp.sync``."""

    def __init__(self, store: Store, blobs: BlobStore) -> None:
        self._store = store
        self._blobs = blobs

    # ------------------------------------------------------------------ push

    def pending_mutations(self, limit: int = MAX_BATCH) -> list[Mutation]:
        """The oldest ``limit`` mutations still to send, in outbox order (rejected ones excluded)."""
        rows = self._store.query(
            "SELECT * FROM outbox WHERE state = 'pending' ORDER BY position LIMIT ?", (limit,)
        )
        return [mutation_from_row(row) for row in rows]

    def pending_count(self) -> int:
        """How many mutations wait to go up."""
        row = self._store.query_one("SELECT count(*) FROM outbox WHERE state = 'pending'")
        return int(row[0]) if row else 0

    def record_results(self, results: list[MutationResult]) -> None:
        """Apply the server's answers to a push, all in one transaction.

        applied / duplicate: removed from the outbox. conflict: each field goes to the conflicts table with
        both values, the local copy takes the server's value, and the mutation is removed. rejected: kept,
        marked with the code and reason, its local effect taken back; never sent again.
        """
        with self._store.transaction() as conn:
            for result in results:
                row = conn.execute("SELECT * FROM outbox WHERE id = ?", (result.id,)).fetchone()
                if row is None:
                    continue  # Already handled (a replayed push answer).
                kind = MutationKind(row["kind"])
                payload = json.loads(row["payload"])
                if result.status in (MutationStatus.applied, MutationStatus.duplicate):
                    conn.execute("DELETE FROM outbox WHERE id = ?", (result.id,))
                elif result.status is MutationStatus.conflict:
                    self._record_conflicts(conn, row, kind, payload, result)
                    conn.execute("DELETE FROM outbox WHERE id = ?", (result.id,))
                else:
                    conn.execute(
                        "UPDATE outbox SET state = 'rejected', code = ?, reason = ? WHERE id = ?",
                        (result.code, result.reason or "The server refused this change.", result.id),
                    )
                    self._take_back(conn, kind, payload, row["user_id"])
            reapply_pending(conn)

    def _record_conflicts(
        self,
        conn: sqlite3.Connection,
        row: sqlite3.Row,
        kind: MutationKind,
        payload: dict[str, Any],
        result: MutationResult,
    ) -> None:
        entity = _entity_id(kind, payload)
        for detail in result.conflicts:
            conn.execute(
                "INSERT INTO conflicts (mutation_id, kind, entity_id, field, server_value, client_value,"
                " server_author, server_changed_at, client_author, client_changed_at, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    result.id,
                    kind.value,
                    entity,
                    detail.field,
                    json.dumps(detail.server_value),
                    json.dumps(detail.client_value),
                    detail.server_author,
                    detail.server_changed_at.isoformat() if detail.server_changed_at else None,
                    row["user_id"],
                    row["created_at"],
                    now_iso(),
                ),
            )
            target = _SERVER_VALUE_TARGET.get(kind)
            if target is not None:
                set_fields(conn, target, entity, **{detail.field: detail.server_value})

    def _take_back(
        self, conn: sqlite3.Connection, kind: MutationKind, payload: dict[str, Any], user: str
    ) -> None:
        undo_locally(conn, kind, payload)
        if kind is not MutationKind.submit:
            return
        submit = SubmitPayload.model_validate(payload)
        # The person's words come back as a draft, unless she has already started a newer one.
        if load_draft(conn, submit.task_id, user) is None:
            write_draft(conn, submit.task_id, user, submit.submission_id, submit.text, submit.attachments)
        still_needed = self._pending_attachment_shas(conn)
        for attachment in submit.attachments:
            if attachment.sha256 not in still_needed:
                conn.execute(
                    "DELETE FROM blob_uploads WHERE sha256 = ? AND uploaded_at IS NULL", (attachment.sha256,)
                )

    @staticmethod
    def _pending_attachment_shas(conn: sqlite3.Connection) -> set[str]:
        shas: set[str] = set()
        for row in conn.execute(
            "SELECT payload FROM outbox WHERE state = 'pending' AND kind = ?", (MutationKind.submit.value,)
        ):
            shas.update(a["sha256"] for a in json.loads(row["payload"]).get("attachments", []))
        return shas

    # ------------------------------------------------------------------ pull

    def cursor(self) -> str:
        """The opaque pull cursor ("" before the first pull)."""
        row = self._store.query_one("SELECT cursor FROM sync_state WHERE id = 1")
        return str(row["cursor"]) if row else ""

    def apply_pull_page(self, page: PullResponse) -> int:
        """Store one pulled page in one transaction; return how many records were newly skipped.

        Records are upserted or deleted, every local record in ``drop_scopes`` is deleted, the new cursor
        is stored, and then the still-pending local mutations are applied again, so a page never hides a
        change the person made and has not sent yet. A record that breaks the protocol's bounds is not
        stored: it is noted once in ``skipped_records`` (see :meth:`skipped`) and the rest of the page goes
        on, so one bad record can never stop a sync. A page with ``wipe`` wipes the device; a page with
        ``reset`` drops the synced records and the cursor (pull again from "").
        """
        if page.wipe:
            self.wipe_local_data()
            return 0
        if page.reset:
            self.reset_synced()
            return 0
        skipped = 0
        with self._store.transaction() as conn:
            session_user = self._session_user_id(conn)
            for change in page.changes:
                if change.deleted or change.data is None:
                    delete_record(conn, change.kind, change.id)
                    continue
                try:
                    upsert_record(
                        conn, change.kind, {**change.data, "id": change.id}, change.scope, change.seq
                    )
                except ValidationError as exc:
                    # Left out: a copy stored earlier, if any, stays (she keeps what she could read).
                    skipped += note_skipped(conn, change.kind.value, change.id, exc, "pull")
                    continue
                if change.kind is RecordKind.user and change.id == session_user:
                    conn.execute("UPDATE session SET user_json = ? WHERE id = 1", (json.dumps(change.data),))
            if page.drop_scopes:
                marks = ", ".join("?" for _ in page.drop_scopes)
                for table in TABLES.values():
                    conn.execute(f"DELETE FROM {table} WHERE scope IN ({marks})", page.drop_scopes)
            conn.execute("UPDATE sync_state SET cursor = ? WHERE id = 1", (page.cursor,))
            reapply_pending(conn)
        return skipped

    def skipped(self) -> list[SkippedRecord]:
        """Records that came in but could not be read (oldest first): for doctor and the sync details."""
        return [
            SkippedRecord(r["kind"], r["id"], r["reason"], r["source"], r["first_seen"])
            for r in self._store.query("SELECT * FROM skipped_records ORDER BY first_seen, kind, id")
        ]

    @staticmethod
    def _session_user_id(conn: sqlite3.Connection) -> str | None:
        row = conn.execute("SELECT user_json FROM session WHERE id = 1").fetchone()
        return None if row is None else str(json.loads(row["user_json"]).get("id"))

    def reset_synced(self) -> None:
        """Drop every record that came from the server and the cursor; keep the outbox, drafts and the
        person's own unsent work (re-applied from the outbox)."""
        with self._store.transaction() as conn:
            for table in TABLES.values():
                conn.execute(f"DELETE FROM {table} WHERE seq IS NOT NULL")
            conn.execute("UPDATE sync_state SET cursor = '' WHERE id = 1")
            reapply_pending(conn)

    def wipe_local_data(self) -> None:
        """Delete everything this profile holds (the admin's wipe order for a lost device)."""
        with self._store.transaction() as conn:
            for table in (
                *TABLES.values(),
                "drafts",
                "outbox",
                "conflicts",
                "transfers",
                "blob_uploads",
                "session",
                "meta",
                "skipped_records",
            ):
                conn.execute(f"DELETE FROM {table}")
            conn.execute(
                "UPDATE sync_state SET cursor = '', last_sync_ok_at = NULL, last_attempt_at = NULL,"
                " last_error = NULL WHERE id = 1"
            )
        # Deleted rows linger in free pages and the WAL; rewrite the file so they are really gone.
        self._store.execute("VACUUM")
        self._store.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        self._blobs.wipe()
        for copy in self._store.backups.glob("*.db*"):
            copy.unlink(missing_ok=True)

    # ------------------------------------------------------------------ files

    def blobs_to_upload(self) -> list[AttachmentRef]:
        """The person's own attachments the server has not confirmed yet, oldest first."""
        rows = self._store.query(
            "SELECT sha256, name, size, mime FROM blob_uploads WHERE uploaded_at IS NULL ORDER BY created_at"
        )
        return [
            AttachmentRef(sha256=r["sha256"], name=r["name"], size=r["size"], mime=r["mime"]) for r in rows
        ]

    def mark_uploaded(self, sha: str) -> None:
        """The server holds the complete, verified file ``sha``."""
        with self._store.transaction() as conn:
            conn.execute("UPDATE blob_uploads SET uploaded_at = ? WHERE sha256 = ?", (now_iso(), sha))
            conn.execute("DELETE FROM transfers WHERE sha256 = ? AND direction = 'up'", (sha,))

    def blobs_to_download(self) -> list[AttachmentRef | AssetRef]:
        """Files referenced by stored records (attachments, module assets) that are not on this device."""
        wanted: dict[str, AttachmentRef | AssetRef] = {}
        for row in self._store.query("SELECT data FROM revisions"):
            for attachment in RevisionRecord.model_validate_json(row["data"]).attachments:
                wanted.setdefault(attachment.sha256, attachment)
        for row in self._store.query("SELECT data FROM modules"):
            for asset in ModuleRecord.model_validate_json(row["data"]).assets:
                wanted.setdefault(asset.sha256, asset)
        return [ref for sha, ref in wanted.items() if not self._blobs.has(sha)]

    def referenced_blobs(self) -> set[str]:
        """Every file some record, draft or pending upload refers to (what blob gc must keep)."""
        shas = {ref.sha256 for ref in self.blobs_to_download()}
        for row in self._store.query("SELECT data FROM revisions"):
            shas.update(a.sha256 for a in RevisionRecord.model_validate_json(row["data"]).attachments)
        for row in self._store.query("SELECT data FROM modules"):
            shas.update(a.sha256 for a in ModuleRecord.model_validate_json(row["data"]).assets)
        for row in self._store.query("SELECT attachments FROM drafts"):
            shas.update(a["sha256"] for a in json.loads(row["attachments"]))
        for row in self._store.query(
            "SELECT payload FROM outbox WHERE kind = ?", (MutationKind.submit.value,)
        ):
            shas.update(a["sha256"] for a in json.loads(row["payload"]).get("attachments", []))
        shas.update(r["sha256"] for r in self._store.query("SELECT sha256 FROM blob_uploads"))
        return shas

    def transfer_offset(self, sha: str, direction: Direction) -> int:
        """Bytes of ``sha`` already transferred in ``direction`` (0 when none)."""
        row = self._store.query_one(
            'SELECT "offset" FROM transfers WHERE sha256 = ? AND direction = ?', (sha, direction)
        )
        return int(row[0]) if row else 0

    def set_transfer_offset(self, sha: str, direction: Direction, offset: int) -> None:
        """Remember how far a transfer got, to resume from there."""
        with self._store.transaction() as conn:
            conn.execute(
                'INSERT OR REPLACE INTO transfers (sha256, direction, "offset", updated_at)'
                " VALUES (?, ?, ?, ?)",
                (sha, direction, offset, now_iso()),
            )

    # ------------------------------------------------------------------ state

    def set_last_sync(self, ok: bool, error: str | None = None) -> None:
        """Record the outcome of a sync attempt (``error`` is shown to the person: a sentence)."""
        with self._store.transaction() as conn:
            if ok:
                conn.execute(
                    "UPDATE sync_state SET last_attempt_at = ?1, last_sync_ok_at = ?1, last_error = NULL"
                    " WHERE id = 1",
                    (now_iso(),),
                )
            else:
                conn.execute(
                    "UPDATE sync_state SET last_attempt_at = ?, last_error = ? WHERE id = 1",
                    (now_iso(), error or "Sync failed."),
                )

    def state(self) -> SyncState:
        """Cursor, last successful sync, last attempt and last error."""
        row = self._store.query_one("SELECT * FROM sync_state WHERE id = 1")
        if row is None:
            return SyncState("", None, None, None)
        return SyncState(row["cursor"], row["last_sync_ok_at"], row["last_attempt_at"], row["last_error"])

    # ------------------------------------------------------------------ conflicts & rejections

    def conflicts(self, include_resolved: bool = False) -> list[Conflict]:
        """Conflicts to show the person (unresolved ones unless ``include_resolved``)."""
        where = "" if include_resolved else "WHERE resolved = 0"
        return [
            Conflict(
                id=r["id"],
                mutation_id=r["mutation_id"],
                kind=MutationKind(r["kind"]),
                entity_id=r["entity_id"],
                field=r["field"],
                server_value=json.loads(r["server_value"] or "null"),
                client_value=json.loads(r["client_value"] or "null"),
                server_author=r["server_author"],
                server_changed_at=r["server_changed_at"],
                client_author=r["client_author"],
                client_changed_at=r["client_changed_at"],
                resolved=bool(r["resolved"]),
                resolution=r["resolution"],
            )
            for r in self._store.query(f"SELECT * FROM conflicts {where} ORDER BY id")
        ]

    def resolve_conflict(self, conflict_id: int, keep: str) -> Mutation | None:
        """Settle a conflict. Keeping "mine" queues a new change whose base is the server's value."""
        if keep not in ("server", "mine"):
            raise InvalidInput('Choose to keep either "server" or "mine".')
        match = [c for c in self.conflicts() if c.id == conflict_id]
        if not match:
            raise NotFound(f"There is no open conflict number {conflict_id}.")
        conflict = match[0]
        with self._store.transaction() as conn:
            conn.execute(
                "UPDATE conflicts SET resolved = 1, resolution = ? WHERE id = ?", (keep, conflict_id)
            )
            if keep == "server":
                return None
            user = conflict.client_author or ""
            if conflict.kind is MutationKind.assignment_status:
                return record_mutation(
                    conn,
                    conflict.kind,
                    AssignmentStatusPayload(
                        assignment_id=conflict.entity_id,
                        status=conflict.client_value,
                        base_status=conflict.server_value,
                    ),
                    user,
                )
            if conflict.kind is MutationKind.task_upsert:
                return record_mutation(
                    conn,
                    conflict.kind,
                    TaskUpsertPayload.model_validate(
                        {
                            "task_id": conflict.entity_id,
                            conflict.field: conflict.client_value,
                            "base": [{"field": conflict.field, "value": conflict.server_value}],
                        }
                    ),
                    user,
                )
            raise InvalidInput(
                f"A {conflict.kind.value} change cannot be re-sent; keep the server's version."
            )

    def rejected(self) -> list[RejectedMutation]:
        """Changes the server refused, with its reason, oldest first."""
        return [
            RejectedMutation(
                id=r["id"],
                kind=MutationKind(r["kind"]),
                payload=json.loads(r["payload"]),
                created_at=r["created_at"],
                code=r["code"],
                reason=r["reason"],
            )
            for r in self._store.query("SELECT * FROM outbox WHERE state = 'rejected' ORDER BY position")
        ]

    def dismiss_rejected(self, mutation_id: str) -> None:
        """The person has seen a rejection: forget it."""
        with self._store.transaction() as conn:
            gone = conn.execute(
                "DELETE FROM outbox WHERE id = ? AND state = 'rejected'", (mutation_id,)
            ).rowcount
        if not gone:
            raise NotFound(f"There is no refused change with id {mutation_id}.")
