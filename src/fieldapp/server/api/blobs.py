"""Blobs: resumable chunked upload (offset query + PATCH), SHA-256 verified before publishing, proof of
holding instead of re-sending bytes the server has, and downloads that honour ``Range``.

Who may do what is :mod:`fieldapp.server.files`: knowing a hash reaches nothing.
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request, Response
from fastapi.responses import StreamingResponse
from starlette.concurrency import run_in_threadpool
from starlette.requests import ClientDisconnect

from fieldapp.protocol import BlobProof, BlobUploadState
from fieldapp.server import files
from fieldapp.server.api.deps import Caller, Ctx
from fieldapp.server.api.errors import ApiError
from fieldapp.server.blobstore import ChecksumMismatch, OffsetMismatch
from fieldapp.server.context import ServerContext
from fieldapp.server.scopes import Principal

router = APIRouter(tags=["blobs"])
Sha = Annotated[str, Path(pattern=r"^[0-9a-f]{64}$", description="SHA-256, lowercase hex")]
Size = Annotated[int, Query(ge=0, le=2**40, description="the blob's total size in bytes")]
Offset = Annotated[int, Query(ge=0, le=2**40)]


def _not_found() -> ApiError:
    # 404, not 403: do not confirm that someone else's file exists.
    return ApiError(404, "not_found", "No such file, or it is not yours to see.")


def _check_size(ctx: ServerContext, size: int) -> None:
    if size > ctx.config.max_blob_size:
        limit_mb = ctx.config.max_blob_size // (1024 * 1024)
        raise ApiError(413, "too_large", f"Files may be at most {limit_mb} MB.")


def _quota_error(ctx: ServerContext) -> ApiError:
    limit_mb = ctx.config.user_quota // (1024 * 1024)
    return ApiError(
        413,
        "quota_exceeded",
        f"You have reached your storage limit on the server ({limit_mb} MB). "
        "Ask your coordinator to raise it.",
    )


def _state(ctx: ServerContext, who: Principal, sha: str, size: int) -> BlobUploadState:
    """Where this person's upload of ``sha`` stands, registering it as hers when it is new."""
    owner = files.owner_key(who.user_id)
    with ctx.engine.begin() as conn:
        if files.holds(conn, sha, who.user_id) and ctx.blobs.has(sha):
            stored = ctx.blobs.size(sha)
            return BlobUploadState(sha256=sha, size=stored, offset=stored, complete=True)
        try:
            files.start_upload(ctx, conn, who.user_id, sha, size)
        except files.QuotaExceeded:
            raise _quota_error(ctx) from None
    held = ctx.blobs.partial_size(sha, owner)
    if ctx.blobs.has(sha) and ctx.blobs.size(sha) == size:
        # The bytes are here already (someone else's upload): prove you have them instead of resending.
        return BlobUploadState(
            sha256=sha,
            size=size,
            offset=held,
            complete=False,
            challenge=files.challenge(ctx, who.user_id, sha),
        )
    return BlobUploadState(sha256=sha, size=size, offset=held, complete=False)


@router.get("/blobs/{sha256}/upload", response_model=BlobUploadState)
def upload_state(sha256: Sha, size: Size, who: Caller, ctx: Ctx) -> BlobUploadState:
    """Where to resume an upload. ``complete`` only once the server holds the file for you; when it has
    the bytes from someone else, a ``challenge`` to answer with ``POST .../proof`` instead of resending."""
    _check_size(ctx, size)
    return _state(ctx, who, sha256, size)


@router.post("/blobs/{sha256}/proof", response_model=BlobUploadState)
def prove(sha256: Sha, body: BlobProof, who: Caller, ctx: Ctx) -> BlobUploadState:
    """Show you hold a file the server already has: HMAC-SHA256 of its bytes keyed with the challenge."""
    if not ctx.blobs.has(sha256) or not files.proof_matches(
        ctx, who.user_id, sha256, body.challenge, body.proof
    ):
        raise ApiError(422, "bad_proof", "That proof does not match; send the file's bytes instead.")
    with ctx.engine.begin() as conn:
        files.bind(conn, sha256, who.user_id, "proof")
        files.finish_upload(conn, who.user_id, sha256, ctx.blobs.size(sha256))
    ctx.blobs.discard(sha256, files.owner_key(who.user_id))
    size = ctx.blobs.size(sha256)
    return BlobUploadState(sha256=sha256, size=size, offset=size, complete=True)


async def _read_chunk(request: Request, limit: int) -> bytes | None:
    """The request body, at most ``limit`` bytes (413 beyond); None when the client hung up."""
    length = request.headers.get("content-length")
    if length and length.isdigit() and int(length) > limit:
        raise ApiError(413, "too_large", "This chunk is too large; send smaller chunks.")
    body = bytearray()
    try:
        async for piece in request.stream():
            body += piece
            if len(body) > limit:
                raise ApiError(413, "too_large", "This chunk is too large; send smaller chunks.")
    except ClientDisconnect:
        return None
    return bytes(body)


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
    sha256: Sha, request: Request, who: Caller, ctx: Ctx, offset: Offset, size: Size
) -> Response | BlobUploadState:
    """Append the body at ``offset`` of your upload; when it reaches ``size`` the bytes are verified
    against the SHA-256 and you hold the file."""
    _check_size(ctx, size)
    state = await run_in_threadpool(_state, ctx, who, sha256, size)
    if state.complete:
        return state
    body = await _read_chunk(request, ctx.config.max_chunk_size)
    if body is None:
        # The device hung up mid-chunk (a dropped 2G link): nothing to answer, nothing went wrong here.
        return Response(status_code=499)
    if offset + len(body) > size:
        raise ApiError(422, "invalid_input", "The chunk goes past the announced size.")
    owner = files.owner_key(who.user_id)
    try:
        held = await run_in_threadpool(ctx.blobs.append, sha256, owner, offset, body)
    except OffsetMismatch as exc:
        raise ApiError(
            409, "offset_mismatch", f"Resume from offset {exc.held}.", {"Upload-Offset": str(exc.held)}
        ) from None
    if held < size:
        return BlobUploadState(
            sha256=sha256, size=size, offset=held, complete=False, challenge=state.challenge
        )
    try:
        await run_in_threadpool(ctx.blobs.publish, sha256, owner)
    except ChecksumMismatch:
        raise ApiError(
            422,
            "checksum_mismatch",
            "The file arrived damaged (checksum mismatch); upload it again from the start.",
        ) from None
    await run_in_threadpool(_finish, ctx, who.user_id, sha256, size)
    return BlobUploadState(sha256=sha256, size=size, offset=size, complete=True)


def _finish(ctx: ServerContext, user_id: str, sha: str, size: int) -> None:
    with ctx.engine.begin() as conn:
        files.finish_upload(conn, user_id, sha, size)


_RANGE = re.compile(r"^bytes=(\d{0,19})-(\d{0,19})$")


def _may_read(ctx: ServerContext, who: Principal, sha: str) -> bool:
    with ctx.engine.connect() as conn:
        return files.may_read(conn, who, sha)


def _download(sha256: str, request: Request, who: Principal, ctx: ServerContext, head: bool) -> Response:
    if not _may_read(ctx, who, sha256):
        raise _not_found()
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
