"""A small client for the coordinator endpoints (modules, publishing, tasks, cohorts, dashboard).

No Qt: the GUI calls it on a worker thread. It signs in with the profile's stored device token, like the
sync engine, and answers plain dictionaries (the server's response shapes, see ``/openapi.json``).
"""

from __future__ import annotations

import json
from datetime import date
from typing import TYPE_CHECKING, Any

from fieldapp.sync.backoff import RetryPolicy
from fieldapp.sync.blobs import BlobTransfer
from fieldapp.sync.credentials import CredentialStore
from fieldapp.sync.errors import NotSignedIn
from fieldapp.sync.transport import Transport

if TYPE_CHECKING:
    from pathlib import Path

    from fieldapp.core.app import FieldApp

__all__ = ["AdminClient"]


class AdminClient:
    """Coordinator actions against the profile's server. Use as a context manager (one connection)."""

    def __init__(self, app: FieldApp, retry: RetryPolicy | None = None) -> None:
        session = app.session
        if session is None:
            raise NotSignedIn("Nobody is signed in on this profile. Sign in first.")
        token = CredentialStore.for_app(app).load(session.server_url)
        if not token:
            raise NotSignedIn("This device has no stored sign-in for its server. Please sign in again.")
        self._app = app
        # Interactive: a person is waiting, so give up after a short retry instead of the sync's long backoff.
        self._transport = Transport(
            session.server_url, token, retry=retry or RetryPolicy(attempts=2, base_s=0.5)
        )

    def __enter__(self) -> AdminClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection."""
        self._transport.close()

    def _json(self, method: str, path: str, body: Any = None) -> Any:
        raw = json.dumps(body).encode() if body is not None else None
        response = self._transport.request(method, path, body=raw)
        return response.json() if response.content else None

    # ------------------------------------------------------------ people

    def cohorts(self) -> list[dict[str, Any]]:
        """Cohorts the caller may see: ``[{id, name}]``."""
        return list(self._json("GET", "/cohorts"))

    def users(self) -> list[dict[str, Any]]:
        """Users the caller may see (``UserRecord`` shapes)."""
        return list(self._json("GET", "/users"))

    def dashboard(self, cohort_id: str) -> dict[str, Any]:
        """Submissions by status and training completion per intern for one cohort."""
        return dict(self._json("GET", f"/cohorts/{cohort_id}/dashboard"))

    # ------------------------------------------------------------ modules

    def modules(self) -> list[dict[str, Any]]:
        """Every module: ``[{id, title, latest_version, cohort_ids, updated_at}]``."""
        return list(self._json("GET", "/modules"))

    def module(self, module_id: str) -> dict[str, Any]:
        """One module with its draft: ``{id, draft, latest_version, cohort_ids, updated_at}``."""
        return dict(self._json("GET", f"/modules/{module_id}"))

    def save_module(self, draft: dict[str, Any]) -> dict[str, Any]:
        """Create (no ``id``, or an unknown one) or replace a module's draft; returns the module."""
        module_id = draft.get("id")
        if module_id:
            known = {m["id"] for m in self.modules()}
            if module_id in known:
                return dict(self._json("PUT", f"/modules/{module_id}", draft))
        return dict(self._json("POST", "/modules", draft))

    def upload_asset(self, path: Path, name: str | None = None, mime: str | None = None) -> dict[str, Any]:
        """Put a file in the local store and upload it (resumable); returns an ``AssetRef`` shape."""
        ref = self._app.blobs.put_file(path, name=name, mime=mime)
        BlobTransfer(self._transport, self._app.sync_store, self._app.blobs).upload(ref.sha256, ref.size)
        return {"name": ref.name, "sha256": ref.sha256, "size": ref.size, "mime": ref.mime}

    def publish(self, module_id: str, cohort_ids: list[str]) -> dict[str, Any]:
        """Freeze the draft as a new version visible to ``cohort_ids``: ``{module_id, version}``."""
        return dict(self._json("POST", f"/modules/{module_id}/publish", {"cohort_ids": cohort_ids}))

    # ------------------------------------------------------------ tasks

    def create_task(
        self,
        title: str,
        description: str = "",
        due: date | None = None,
        intern_ids: list[str] | None = None,
        cohort_id: str | None = None,
    ) -> dict[str, Any]:
        """Create a task for some interns or a whole cohort; returns the task record."""
        body = {
            "title": title,
            "description": description,
            "due": due.isoformat() if due else None,
            "intern_ids": list(intern_ids or []),
            "cohort_id": cohort_id,
        }
        return dict(self._json("POST", "/tasks", body))
