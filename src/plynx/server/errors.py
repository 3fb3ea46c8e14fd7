"""Every error leaves the API as JSON naming what is wrong; never a traceback.

The body is ``{"error": {"code": ..., "message": ..., "problems": [...]}}``; ``problems``
lists ``{"where": ..., "message": ...}`` for invalid fields or workflow problems.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException

from plynx.auth import TooManyAttempts
from plynx.errors import PlynxError, ValidationFailed

log = logging.getLogger(__name__)


class ProblemDetail(BaseModel):
    """One thing wrong with a request: the field or place, and what is wrong."""

    where: str
    message: str


class ErrorDetail(BaseModel):
    code: str
    message: str
    problems: list[ProblemDetail] = []


class ErrorBody(BaseModel):
    """The body of every error response."""

    error: ErrorDetail


#: Responses to declare on routes, so the OpenAPI document describes the errors.
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorBody} for status in (400, 401, 403, 404, 409, 413, 422)
}

_CODES = {400: "invalid_input", 401: "unauthorized", 403: "forbidden", 404: "not_found",
          405: "method_not_allowed", 409: "conflict", 413: "too_large",
          422: "invalid_request", 429: "too_many_attempts", 500: "internal_error"}


def error_response(status: int, message: str, problems: list[ProblemDetail] | None = None,
                   headers: dict[str, str] | None = None) -> JSONResponse:
    """A JSON error response with the documented body."""
    body = ErrorBody(error=ErrorDetail(code=_CODES.get(status, "error"), message=message,
                                       problems=problems or []))
    return JSONResponse(body.model_dump(), status_code=status, headers=headers)


def _field(location: tuple[Any, ...] | list[Any]) -> str:
    return ".".join(str(part) for part in location)


def install_error_handlers(app: FastAPI) -> None:
    """Map PLynx errors, invalid requests and anything unexpected to JSON errors."""

    @app.exception_handler(ValidationFailed)
    async def _invalid_workflow(_request: Request, exc: ValidationFailed) -> JSONResponse:
        problems = [ProblemDetail(where=p.where, message=p.message) for p in exc.problems]
        return error_response(422, f"{exc.subject} is invalid ({len(problems)} problem(s))",
                              problems)

    @app.exception_handler(TooManyAttempts)
    async def _too_many(_request: Request, exc: TooManyAttempts) -> JSONResponse:
        return error_response(429, str(exc), headers={"Retry-After": str(exc.retry_after)})

    @app.exception_handler(PlynxError)
    async def _plynx_error(_request: Request, exc: PlynxError) -> JSONResponse:
        status = exc.status_code if exc.status_code < 500 else 400
        headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
        return error_response(status, str(exc), headers=headers)

    @app.exception_handler(RequestValidationError)
    async def _invalid_request(_request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = [ProblemDetail(where=_field(e.get("loc", ())), message=e.get("msg", ""))
                    for e in exc.errors()]
        summary = "; ".join(f"{p.where}: {p.message}" for p in problems[:5])
        return error_response(422, f"invalid request: {summary}", problems)

    @app.exception_handler(HTTPException)
    async def _http_error(_request: Request, exc: HTTPException) -> JSONResponse:
        return error_response(exc.status_code, str(exc.detail),
                              headers=dict(exc.headers) if exc.headers else None)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error in %s %s", request.method, request.url.path)
        return error_response(500, "internal error; the server log has the details")
