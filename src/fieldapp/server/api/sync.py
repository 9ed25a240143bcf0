"""``POST /sync/push`` and ``GET /sync/pull``."""

from __future__ import annotations

import logging
from typing import Annotated

from fastapi import APIRouter, Query

from fieldapp.protocol import MAX_PAGE, PullResponse, PushRequest, PushResponse
from fieldapp.server import pull as pull_mod
from fieldapp.server.api.deps import Ctx, SyncCaller
from fieldapp.server.api.errors import ApiError
from fieldapp.server.context import utcnow
from fieldapp.server.push import apply_mutations

router = APIRouter(tags=["sync"])
log = logging.getLogger("fieldapp.server.sync")


@router.post("/sync/push", response_model=PushResponse)
def push(body: PushRequest, who: SyncCaller, ctx: Ctx) -> PushResponse:
    """Apply mutations in order; one result per mutation (applied / duplicate / conflict / rejected)."""
    results = apply_mutations(ctx, who, body.mutations)
    counts: dict[str, int] = {}
    for r in results:
        counts[r.status.value] = counts.get(r.status.value, 0) + 1
    log.info("push", extra={"fields": {"user": who.user_id, "device": who.device_row_id, **counts}})
    return PushResponse(results=results, server_time=utcnow())


@router.get("/sync/pull", response_model=PullResponse)
def pull(
    who: SyncCaller,
    ctx: Ctx,
    cursor: Annotated[str, Query(max_length=100_000)] = "",
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 500,
) -> PullResponse:
    """Changes after ``cursor`` in commit order (see docs/sync-protocol.md for reset, drop_scopes, wipe)."""
    try:
        response = pull_mod.pull(ctx, who, cursor, limit)
    except pull_mod.BadCursor as exc:
        raise ApiError(400, "bad_cursor", str(exc)) from None
    if response.wipe:
        log.warning("wipe delivered", extra={"fields": {"device": who.device_row_id}})
        _mark_wipe_delivered(ctx, who.device_row_id)
    return response


def _mark_wipe_delivered(ctx: Ctx, device_row_id: str | None) -> None:
    from fieldapp.server.db import tables as t

    with ctx.engine.begin() as conn:
        conn.execute(
            t.devices.update()
            .where(t.devices.c.id == device_row_id, t.devices.c.wipe_delivered_at.is_(None))
            .values(wipe_delivered_at=utcnow())
        )
