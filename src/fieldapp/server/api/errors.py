"""Every error answer is an ``ErrorBody {code, message}`` with a proper status (docs/sync-protocol.md)."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import ValidationError
from sqlalchemy.exc import DataError, IntegrityError
from starlette.exceptions import HTTPException as StarletteHTTPException

from fieldapp.protocol import ErrorBody
from fieldapp.server.domain import DomainError

log = logging.getLogger("fieldapp.server.api")


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers


# Domain codes -> HTTP status.
_STATUS = {
    "not_found": 404,
    "not_allowed": 403,
    "already_exists": 409,
    "invalid_state": 409,
    "missing_assets": 409,
    "ambiguous": 409,
    "invalid_input": 422,
    "invalid_code": 401,
    "device_revoked": 401,
}


def from_domain(exc: DomainError) -> ApiError:
    return ApiError(_STATUS.get(exc.code, 400), exc.code, exc.message)


def error_response(
    status: int, code: str, message: str, headers: dict[str, str] | None = None
) -> JSONResponse:
    return JSONResponse(
        ErrorBody(code=code, message=message).model_dump(), status_code=status, headers=headers
    )


def _describe(status: int, text: str) -> dict[str, Any]:
    return {"model": ErrorBody, "description": text}


#: Added to every route so /openapi.json documents the error answers.
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: _describe(400, "Bad request"),
    401: _describe(401, "Missing, bad or revoked token"),
    403: _describe(403, "Not allowed"),
    404: _describe(404, "Not found or not visible to you"),
    409: _describe(409, "State conflict"),
    413: _describe(413, "Too large"),
    415: _describe(415, "Unsupported content encoding"),
    422: _describe(422, "Invalid input"),
    429: _describe(429, "Too many attempts; see Retry-After"),
    503: _describe(503, "Overloaded; see Retry-After"),
}


def install(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api_error(_request: Request, exc: ApiError) -> JSONResponse:
        return error_response(exc.status, exc.code, exc.message, exc.headers)

    @app.exception_handler(DomainError)
    async def _domain_error(_request: Request, exc: DomainError) -> JSONResponse:
        api = from_domain(exc)
        return error_response(api.status, api.code, api.message)

    @app.exception_handler(RequestValidationError)
    async def _validation(_request: Request, exc: RequestValidationError) -> JSONResponse:
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(p) for p in first.get("loc", ()) if p != "body")
        message = (
            f"{where}: {first.get('msg', 'invalid')}" if where else str(first.get("msg", "invalid input"))
        )
        return error_response(422, "invalid_input", message)

    @app.exception_handler(ValidationError)
    async def _stored_data(_request: Request, exc: ValidationError) -> JSONResponse:
        # Input is checked by FastAPI before a handler runs, so this is data read back from the database
        # that today's bounds refuse (stored by an older server): say so instead of failing with a 500.
        log.warning("stored data failed validation (%s)", exc.title)
        return error_response(
            409, "invalid_state", "Some stored data cannot be read by this server; ask the administrator."
        )

    @app.exception_handler(RecursionError)
    async def _too_deep(_request: Request, _exc: RecursionError) -> JSONResponse:
        # JSON nested thousands deep: the parser gives up; say so instead of a server error.
        return error_response(400, "invalid_input", "The request is nested too deeply.")

    @app.exception_handler(DataError)
    async def _data_error(_request: Request, _exc: DataError) -> JSONResponse:
        # e.g. a NUL character, which PostgreSQL text cannot hold
        return error_response(
            422, "invalid_input", "The request holds characters or values that cannot be stored."
        )

    @app.exception_handler(IntegrityError)
    async def _integrity(_request: Request, _exc: IntegrityError) -> JSONResponse:
        return error_response(
            409, "already_exists", "This conflicts with existing data (an id or name in use)."
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = {404: "not_found", 405: "method_not_allowed", 401: "unauthorized"}.get(
            exc.status_code, "error"
        )
        return error_response(exc.status_code, code, str(exc.detail), getattr(exc, "headers", None))
