"""Blobs: resumable chunked upload (offset query + PATCH), SHA-256 verified before publishing, dedupe,
and downloads that honour ``Range``. A user may read a blob referenced by a record in her scopes."""

from __future__ import annotations

import re
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request, Response
from fastapi.responses import StreamingResponse
from sqlalchemy import select

from fieldapp.protocol import BlobUploadState
from fieldapp.server.api.deps import Caller, Ctx
from fieldapp.server.api.errors import ApiError
from fieldapp.server.blobstore import ChecksumMismatch, OffsetMismatch
from fieldapp.server.context import ServerContext, utcnow
from fieldapp.server.db import tables as t
from fieldapp.server.scopes import ALL, Principal, user_scopes

router = APIRouter(tags=["blobs"])
Sha = Annotated[str, Path(pattern=r"^[0-9a-f]{64}$", description="SHA-256, lowercase hex")]
Size = Annotated[int, Query(ge=0, description="the blob's total size in bytes")]


def _may_access(ctx: ServerContext, who: Principal, sha: str) -> bool:
    if who.is_staff:
        return True
    with ctx.engine.connect() as conn:
        scopes = user_scopes(conn, who)
        refs = set(conn.execute(select(t.blob_refs.c.scope).where(t.blob_refs.c.sha256 == sha)).scalars())
    return ALL in scopes or bool(refs & scopes)


def _check_access(ctx: ServerContext, who: Principal, sha: str) -> None:
    if not _may_access(ctx, who, sha):
        # 404, not 403: do not confirm that someone else's file exists.
        raise ApiError(404, "not_found", "No such file, or it is not yours to see.")


def _check_size(ctx: ServerContext, size: int) -> None:
    if size > ctx.config.max_blob_size:
        limit_mb = ctx.config.max_blob_size // (1024 * 1024)
        raise ApiError(413, "too_large", f"Files may be at most {limit_mb} MB.")


def _state(ctx: ServerContext, sha: str, size: int) -> BlobUploadState:
    if ctx.blobs.has(sha):
        return BlobUploadState(
            sha256=sha, size=ctx.blobs.size(sha), offset=ctx.blobs.size(sha), complete=True
        )
    return BlobUploadState(sha256=sha, size=size, offset=ctx.blobs.partial_size(sha), complete=False)


@router.get("/blobs/{sha256}/upload", response_model=BlobUploadState)
def upload_state(sha256: Sha, size: Size, who: Caller, ctx: Ctx) -> BlobUploadState:
    """Where to resume an upload (``complete: true`` at once if the server already has the blob)."""
    _check_size(ctx, size)
    _check_access(ctx, who, sha256)
    return _state(ctx, sha256, size)


@router.patch(
    "/blobs/{sha256}/upload",
    response_model=BlobUploadState,
    openapi_extra={
        "requestBody": {
            "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}
        }
    },
)
async def upload_chunk(
    sha256: Sha,
    request: Request,
    who: Caller,
    ctx: Ctx,
    offset: Annotated[int, Query(ge=0)],
    size: Size,
) -> BlobUploadState:
    """Append the body at ``offset``; when it reaches ``size`` the blob is verified and published."""
    from starlette.concurrency import run_in_threadpool

    _check_size(ctx, size)
    await run_in_threadpool(_check_access, ctx, who, sha256)
    if ctx.blobs.has(sha256):
        return _state(ctx, sha256, size)
    length = request.headers.get("content-length")
    if length and int(length) > ctx.config.max_chunk_size:
        raise ApiError(413, "too_large", "This chunk is too large; send smaller chunks.")
    body = bytearray()
    async for piece in request.stream():
        body += piece
        if len(body) > ctx.config.max_chunk_size:
            raise ApiError(413, "too_large", "This chunk is too large; send smaller chunks.")
    if offset + len(body) > size:
        raise ApiError(422, "invalid_input", "The chunk goes past the announced size.")
    try:
        held = await run_in_threadpool(ctx.blobs.append, sha256, offset, bytes(body))
    except OffsetMismatch as exc:
        raise ApiError(
            409, "offset_mismatch", f"Resume from offset {exc.held}.", {"Upload-Offset": str(exc.held)}
        ) from None
    if held == size:
        try:
            await run_in_threadpool(ctx.blobs.publish, sha256)
        except ChecksumMismatch:
            raise ApiError(
                422,
                "checksum_mismatch",
                "The file arrived damaged (checksum mismatch); upload it again from the start.",
            ) from None
        await run_in_threadpool(_record_blob, ctx, sha256, size)
    return _state(ctx, sha256, size)


def _record_blob(ctx: ServerContext, sha: str, size: int) -> None:
    with ctx.engine.begin() as conn:
        if not conn.execute(select(t.blobs.c.sha256).where(t.blobs.c.sha256 == sha)).first():
            conn.execute(t.blobs.insert().values(sha256=sha, size=size, created_at=utcnow()))


_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


def _download(sha256: str, request: Request, who: Principal, ctx: ServerContext, head: bool) -> Response:
    _check_access(ctx, who, sha256)
    if not ctx.blobs.has(sha256):
        raise ApiError(404, "not_found", "The server does not have this file yet.")
    total = ctx.blobs.size(sha256)
    start, end, status = 0, total - 1, 200
    header = request.headers.get("range")
    if header:
        match = _RANGE.match(header.strip())
        if not match or (not match.group(1) and not match.group(2)):
            raise ApiError(
                416, "bad_range", "Unsupported Range header.", {"Content-Range": f"bytes */{total}"}
            )
        if match.group(1):
            start = int(match.group(1))
            end = min(int(match.group(2)), total - 1) if match.group(2) else total - 1
        else:  # suffix range: the last N bytes
            start = max(0, total - int(match.group(2)))
        if start >= total or start > end:
            raise ApiError(
                416, "bad_range", "The range is outside the file.", {"Content-Range": f"bytes */{total}"}
            )
        status = 206
    headers = {
        "Accept-Ranges": "bytes",
        "Content-Length": str(end - start + 1 if total else 0),
        "ETag": f'"{sha256}"',
        "Cache-Control": "private, max-age=31536000, immutable",
    }
    if status == 206:
        headers["Content-Range"] = f"bytes {start}-{end}/{total}"
    if head or total == 0:
        return Response(status_code=status, headers=headers, media_type="application/octet-stream")
    return StreamingResponse(
        ctx.blobs.read_range(sha256, start, end),
        status_code=status,
        headers=headers,
        media_type="application/octet-stream",
    )


_DOWNLOAD_DOC: dict[int | str, dict[str, Any]] = {
    200: {"content": {"application/octet-stream": {}}, "description": "The whole file"},
    206: {"content": {"application/octet-stream": {}}, "description": "The requested range"},
    416: {"description": "Range not satisfiable"},
}


@router.get("/blobs/{sha256}", response_class=Response, responses=_DOWNLOAD_DOC)
def download(sha256: Sha, request: Request, who: Caller, ctx: Ctx) -> Response:
    """The file's bytes; honours ``Range: bytes=N-`` (206) so a download resumes."""
    return _download(sha256, request, who, ctx, head=False)


@router.head("/blobs/{sha256}", response_class=Response, responses=_DOWNLOAD_DOC)
def download_head(sha256: Sha, request: Request, who: Caller, ctx: Ctx) -> Response:
    """Size and availability without the bytes."""
    return _download(sha256, request, who, ctx, head=True)
