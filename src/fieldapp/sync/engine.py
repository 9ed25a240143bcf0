"""One full sync: push, upload files, pull, download files. No Qt; the GUI runs it on a worker thread.

The order is the sync contract's: the outbox goes up first (in order, in batches, each batch's answers
committed before the next is sent), then the files those records refer to, then the server's changes come
down page by page (each page committed with its cursor in one transaction), then the files the pulled
records refer to. Every step is a checkpoint: a sync killed anywhere resumes from the last commit, and the
server's idempotency (mutation UUIDs, blob offsets) makes re-sending harmless.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import httpx

from fieldapp.core.clock import now
from fieldapp.core.errors import FieldAppError
from fieldapp.protocol import (
    MAX_BATCH,
    MAX_PAGE,
    AssetRef,
    AttachmentRef,
    Mutation,
    MutationResult,
    MutationStatus,
    PullResponse,
    PushRequest,
    PushResponse,
)
from fieldapp.sync.blobs import BlobTransfer
from fieldapp.sync.errors import (
    DeviceRevoked,
    FileProblem,
    Offline,
    RequestRejected,
    ServerError,
    SyncError,
    SyncStopped,
    Unauthorized,
)
from fieldapp.sync.report import Phase, ProgressCallback, SyncProgress, SyncReport, clock_warning
from fieldapp.sync.transport import Transport

if TYPE_CHECKING:
    from datetime import datetime

    from fieldapp.core.blobs import BlobStore
    from fieldapp.core.syncstore import SyncStore

__all__ = ["PUSH_BATCH_BYTES", "SyncEngine"]

log = logging.getLogger(__name__)

#: Keep one push request around this size: on a 2G link a smaller request is more likely to get through.
PUSH_BATCH_BYTES = 256 * 1024
#: ``move(sha, size, on_bytes)`` -> bytes moved: an upload or a download of one file.
FileMover = Callable[[str, int, Callable[[int], None]], int]
#: Answers to a push that say "busy" or "cannot reach the server", never "this change is bad".
_NOT_THE_BATCH = frozenset({429, 502, 503, 504})


def _refusal_reason(exc: RequestRejected | ServerError) -> str:
    if isinstance(exc, RequestRejected):
        return str(exc)
    where = f" (HTTP {exc.status})" if exc.status else ""
    return (
        f"The server could not process this change{where}. It is kept on this device; "
        "tell your coordinator."
    )


def _maybe_the_batch(exc: RequestRejected | ServerError) -> bool:
    """Whether a failed push may be caused by one of its mutations (then the batch is split to find it)."""
    return exc.status not in _NOT_THE_BATCH


class SyncEngine:
    """Runs syncs of one profile against its server.

    Stopping is the transport's business (its ``stop`` event and :meth:`Transport.abort`): every step
    checks it. ``on_wipe`` runs after an administrator's wipe order has deleted the local data (the caller
    removes the stored token there). ``progress`` receives :class:`SyncProgress` snapshots from the syncing
    thread.
    """

    def __init__(
        self,
        transport: Transport,
        store: SyncStore,
        blobs: BlobStore,
        *,
        progress: ProgressCallback | None = None,
        on_wipe: Callable[[], None] | None = None,
        page_size: int = MAX_PAGE,
    ) -> None:
        self.transport = transport
        self.store = store
        self.blobs = blobs
        self.files = BlobTransfer(transport, store, blobs)
        self.progress = progress
        self.on_wipe = on_wipe
        self.page_size = page_size

    # ------------------------------------------------------------ the whole sync

    def run(self) -> SyncReport:
        """One full sync. Never raises for network, server or auth trouble: the report carries it."""
        report = SyncReport()
        started = time.monotonic()
        try:
            self._push(report)
            self._upload_files(report)
            self._pull(report)
            if not report.wiped:
                self._download_files(report)
        except SyncStopped:
            report.stopped = True
        except DeviceRevoked as exc:
            report.revoked = True
            report.errors.append(str(exc))
        except Unauthorized as exc:
            report.unauthorized = True
            report.errors.append(str(exc))
        except Offline as exc:
            report.offline = True
            report.errors.append(str(exc))
        except (SyncError, FieldAppError) as exc:
            report.errors.append(str(exc))
        report.duration_s = time.monotonic() - started
        self._finish(report)
        return report

    def _finish(self, report: SyncReport) -> None:
        stats = self.transport.stats
        report.wire_bytes_sent = stats.bytes_sent
        report.wire_bytes_received = stats.bytes_received
        report.round_trips = stats.round_trips
        if report.wiped:
            return  # nothing of this profile is left to record anything in
        report.pending_mutations = self.store.pending_count()
        report.pending_uploads = len(self.store.blobs_to_upload())
        report.pending_downloads = len(self.store.blobs_to_download())
        if report.stopped:
            return
        if report.complete:
            self.store.set_last_sync(True)
        else:
            self.store.set_last_sync(False, report.errors[0] if report.errors else "Sync did not finish.")

    def _emit(self, progress: SyncProgress) -> None:
        if self.progress is not None:
            self.progress(progress)

    def _observe_clock(self, report: SyncReport, server_time: datetime) -> None:
        # Only ever reported; nothing the engine does depends on the device clock being right.
        skew = (server_time - now()).total_seconds()
        report.clock_skew_s = skew
        report.clock_warning = clock_warning(skew)

    # ------------------------------------------------------------ push

    def _push(self, report: SyncReport) -> None:
        total = self.store.pending_count()
        self._emit(SyncProgress(Phase.push, 0, total))
        answered: set[str] = set()
        limit = MAX_BATCH
        while True:
            self.transport.raise_if_stopped()
            batch = self._next_batch(limit)
            if not batch:
                return
            if all(m.id in answered for m in batch):
                # The store kept mutations the server already answered: stop instead of looping forever.
                raise ServerError("The server's answers did not clear the outbox; sync will try again later.")
            try:
                response = self.transport.call(
                    "POST", "/sync/push", PushResponse, body=PushRequest(mutations=list(batch))
                )
            except (RequestRejected, ServerError) as exc:
                if not _maybe_the_batch(exc):
                    raise
                if len(batch) > 1:
                    limit = max(1, len(batch) // 2)  # find the one mutation the server cannot take
                    continue
                if not self._push_works():
                    raise  # the server (or something in front of it) is failing, not this change
                # One change the server cannot take, while it takes others: record that and go on,
                # so it never blocks the queue behind it. She sees it, with the reason.
                self.store.record_results(
                    [
                        MutationResult(
                            id=batch[0].id,
                            status=MutationStatus.rejected,
                            code=getattr(exc, "code", None) or "server_error",
                            reason=_refusal_reason(exc),
                        )
                    ]
                )
                report.rejected += 1
                answered.add(batch[0].id)
                continue
            self._check_answers(batch, response)
            self._observe_clock(report, response.server_time)
            self.store.record_results(response.results)
            answered.update(m.id for m in batch)
            for result in response.results:
                if result.status in (MutationStatus.applied, MutationStatus.duplicate):
                    report.pushed += 1
                elif result.status is MutationStatus.conflict:
                    report.conflicts += 1
                else:
                    report.rejected += 1
            limit = MAX_BATCH
            done = report.pushed + report.conflicts + report.rejected
            self._emit(SyncProgress(Phase.push, done, max(total, done)))

    def _confirm_wipe(self) -> None:
        """Tell the server the data is gone, so it revokes this device's token for good. Best effort: the
        data is deleted either way, and the token is forgotten on this side too."""
        try:
            self.transport.send("POST", "/devices/self/wiped")
        except (SyncError, httpx.HTTPError) as exc:
            log.info("could not confirm the wipe to the server (%s)", type(exc).__name__)

    def _push_works(self) -> bool:
        """Whether the server takes a push at all right now (an empty one): tells a change the server
        cannot process apart from a server, proxy or captive portal that fails everything."""
        try:
            self.transport.call("POST", "/sync/push", PushResponse, body=PushRequest(mutations=[]))
        except SyncError:
            return False
        return True

    def _next_batch(self, limit: int) -> list[Mutation]:
        batch = self.store.pending_mutations(limit)
        size = 0
        for index, mutation in enumerate(batch):
            size += len(mutation.model_dump_json())
            if size > PUSH_BATCH_BYTES and index > 0:
                return batch[:index]
        return batch

    @staticmethod
    def _check_answers(batch: list[Mutation], response: PushResponse) -> None:
        if [r.id for r in response.results] != [m.id for m in batch]:
            raise ServerError("The server's answer to a push did not match what was sent; will retry later.")

    # ------------------------------------------------------------ files

    def _upload_files(self, report: SyncReport) -> None:
        report.files_uploaded, report.bytes_uploaded = self._move_files(
            report, Phase.upload, self.store.blobs_to_upload(), self.files.upload
        )

    def _download_files(self, report: SyncReport) -> None:
        report.files_downloaded, report.bytes_downloaded = self._move_files(
            report, Phase.download, self.store.blobs_to_download(), self.files.download
        )

    def _move_files(
        self, report: SyncReport, phase: Phase, refs: Sequence[AttachmentRef | AssetRef], move: FileMover
    ) -> tuple[int, int]:
        """Move each distinct file with ``move``; return (files, bytes) moved.

        A problem with one file (refused, missing, damaged) is reported and the others still go; losing
        the connection ends the sync here.
        """
        by_sha = {ref.sha256: ref for ref in refs}
        total = sum(ref.size for ref in by_sha.values())
        files = moved = 0

        def count(n: int) -> None:
            nonlocal moved
            moved += n
            self._emit(SyncProgress(phase, files, len(by_sha), moved, total))

        for sha, ref in by_sha.items():
            self.transport.raise_if_stopped()
            try:
                move(sha, ref.size, count)
            except (RequestRejected, FileProblem, FieldAppError) as exc:
                report.errors.append(f"{ref.name}: {exc}")
                continue
            files += 1
        return files, moved

    # ------------------------------------------------------------ pull

    def _pull(self, report: SyncReport) -> None:
        resets = 0
        while True:
            self.transport.raise_if_stopped()
            page = self.transport.call(
                "GET",
                "/sync/pull",
                PullResponse,
                params={"cursor": self.store.cursor(), "limit": self.page_size},
            )
            self._observe_clock(report, page.server_time)
            if page.wipe:
                self.store.apply_pull_page(page)
                report.wiped = True
                self._confirm_wipe()
                if self.on_wipe is not None:
                    self.on_wipe()
                return
            if page.reset:
                resets += 1
                if resets > 2:
                    raise ServerError("The server keeps asking for a full re-sync; will retry later.")
                self.store.apply_pull_page(page)
                continue
            report.skipped_records += self.store.apply_pull_page(page)
            report.pulled += len(page.changes)
            self._emit(SyncProgress(Phase.pull, report.pulled, None))
            if not page.more:
                report.pulled_to_end = True
                return
