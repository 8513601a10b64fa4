"""The web application: the JSON API under ``/api`` and the dashboard's pages under ``/``.

:func:`create_app` only builds the app; nothing runs until a server (``diplomap
serve``: uvicorn) starts it. Its lifespan opens the store once and closes it on
shutdown; routes get it through :mod:`diplomap.web.deps`.
"""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
from fastapi import FastAPI

from diplomap import __version__
from diplomap.settings import Settings
from diplomap.store.repository import Store
from diplomap.web import api, pages
from diplomap.web.problems import install_handlers

__all__ = ["create_app"]

_DESCRIPTION = """\
Political events coded from news and analysis (CAMEO, PLOVER, quad classes,
Goldstein scores), each with the sentence that proves it; relations between
actors built from them. Read-only unless the server has a token
(`DIPLOMAP_TOKEN`): then `POST /api/documents` with `Authorization: Bearer TOKEN`
ingests a document. Errors are `Problem` objects: `detail` says what is wrong and
how to fix it, `parameter` names the parameter at fault.
"""


_frozen = False


def _freeze_long_lived() -> None:
    """Moves the objects alive at start-up (the libraries' modules, the app) out of the cyclic collector's
    way, once per process: a page that reads tens of thousands of rows otherwise triggers full collections
    that walk them all, which added a third to its time. Objects that die later are still freed."""
    global _frozen
    if not _frozen:
        _frozen = True
        gc.collect()
        gc.freeze()


def create_app(settings: Settings, *, transport: httpx.BaseTransport | None = None) -> FastAPI:
    """The app on the store of ``settings``. ``transport`` replaces the network for fetching URLs."""

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[dict[str, Any]]:
        store = Store.open(settings.db)
        _freeze_long_lived()
        try:
            yield {"store": store, "settings": settings, "transport": transport}
        finally:
            store.close()

    app = FastAPI(
        title="diplomap",
        version=__version__,
        description=_DESCRIPTION,
        lifespan=lifespan,
        openapi_url="/api/openapi.json",
        docs_url="/api/docs",
        redoc_url=None,
    )
    install_handlers(app)
    app.include_router(api.router, prefix="/api")
    app.include_router(pages.router)
    return app
