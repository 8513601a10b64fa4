"""How errors reach a web client: one JSON body, :class:`Problem`, for every status.

- a bad parameter (FastAPI's own validation, or a library error raised while
  reading one: a bad actor code, date, cursor...) -> 422 naming the parameter;
- :class:`~diplomap.errors.NotFoundError` -> 404;
- other :class:`~diplomap.errors.ConfigError` and :class:`~diplomap.errors.InputError`
  (user input the library refused) -> 422;
- HTTP errors of the framework (unknown route 404, 405, 401/403 of the write
  endpoints) keep their status and headers;
- anything else is a bug or a broken server (store unreachable, model missing):
  logged with its traceback, and 500 (or the error's own status) with a short message.

Pages (paths outside ``/api``) get the same errors as an HTML page with the same status.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from diplomap.errors import ConfigError, DiplomapError, InputError, NotFoundError

__all__ = ["PROBLEMS", "Problem", "bad_parameter", "install_handlers", "parameter", "problem_response"]

log = logging.getLogger("diplomap.web")


class Problem(BaseModel):
    """What went wrong, in one line that says how to fix it."""

    status: int = Field(description="The HTTP status, repeated.")
    detail: str = Field(description="What is wrong and how to fix it; names the parameter at fault.")
    parameter: str | None = Field(
        default=None, description="The query, path or body parameter at fault, when one is."
    )


def _problem(description: str) -> dict[str, Any]:
    return {"model": Problem, "description": description}


# OpenAPI ``responses`` for the error statuses, shared by the routes
PROBLEMS: dict[int | str, dict[str, Any]] = {
    404: _problem("No such document or event."),
    422: _problem("A parameter is not valid; `parameter` names it."),
}


def problem_response(
    status: int, detail: str, parameter: str | None = None, headers: Mapping[str, str] | None = None
) -> JSONResponse:
    body = Problem(status=status, detail=detail, parameter=parameter)
    return JSONResponse(body.model_dump(), status_code=status, headers=dict(headers or {}))


def _respond(
    request: Request,
    status: int,
    detail: str,
    parameter: str | None = None,
    headers: Mapping[str, str] | None = None,
) -> Response:
    """A Problem for the API; the same error as a page for the dashboard (paths outside ``/api``)."""
    if request.url.path.startswith("/api"):
        return problem_response(status, detail, parameter, headers)
    from diplomap.web.pages import render_page  # pages import this module

    page = render_page("error.html.j2", status=status, detail=detail)
    page.headers.update(dict(headers or {}))
    return page


def bad_parameter(name: str, message: str, *, where: str = "query") -> RequestValidationError:
    """The error for a bad parameter ``name`` (in the query, path or body): a 422 that names it."""
    return RequestValidationError([{"type": "value_error", "loc": (where, name), "msg": message}])


@contextmanager
def parameter(name: str, *, where: str = "query") -> Iterator[None]:
    """Library errors raised while reading parameter ``name`` become a 422 naming it."""
    try:
        yield
    except (ConfigError, InputError) as exc:
        raise bad_parameter(name, str(exc), where=where) from exc


def _name(location: Any) -> str:
    """The parameter an error location points at: ('query', 'limit') -> limit; ('body',) -> body."""
    parts = [str(p) for p in location or () if isinstance(p, str)]
    if len(parts) > 1 and parts[0] in ("query", "path", "header", "cookie", "body"):
        parts = parts[1:]
    return parts[-1] if parts else "request"


async def _invalid(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    errors = list(exc.errors())
    names = [_name(error.get("loc")) for error in errors]
    detail = "; ".join(
        f"{name}: {error.get('msg', 'not valid')}" for name, error in zip(names, errors, strict=True)
    )
    return _respond(request, 422, detail or "the request is not valid", names[0] if names else None)


_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def _allowed(request: Request) -> str | None:
    """The methods the OpenAPI schema gives the path: Starlette's 405 names only those of the first
    route on it (GET of /api/documents, not its POST)."""
    methods: set[str] = set()
    for template, item in request.app.openapi().get("paths", {}).items():
        pattern = re.sub(r"\\\{[^}]*\\\}", "[^/]+", re.escape(template))
        if re.fullmatch(pattern, request.url.path):
            methods |= {method.upper() for method in item if method in _METHODS}
    return ", ".join(sorted(methods)) or None


async def _http(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    headers = dict(exc.headers or {})
    allowed = _allowed(request) if exc.status_code == 405 else None
    if allowed:
        headers["Allow"] = allowed
    return _respond(request, exc.status_code, str(exc.detail), headers=headers)


async def _refused(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, DiplomapError)
    if isinstance(exc, NotFoundError):
        return _respond(request, 404, str(exc))
    if isinstance(exc, ConfigError | InputError):
        return _respond(request, 422, str(exc))
    log.error("%s %s failed: %s", request.method, request.url.path, exc, exc_info=exc)
    return _respond(request, exc.status if exc.status >= 500 else 500, str(exc))


async def _unexpected(request: Request, exc: Exception) -> Response:
    # Starlette logs and re-raises it after this response is sent; only a bug gets here
    return _respond(request, 500, "internal error; the server's log has the details")


def install_handlers(app: FastAPI) -> None:
    """Render every error as a :class:`Problem`."""
    app.add_exception_handler(RequestValidationError, _invalid)
    app.add_exception_handler(StarletteHTTPException, _http)
    app.add_exception_handler(DiplomapError, _refused)
    app.add_exception_handler(Exception, _unexpected)
