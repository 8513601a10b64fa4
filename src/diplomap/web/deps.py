"""What routes (API and pages) get from the app: the store and settings its lifespan opened."""

from __future__ import annotations

from typing import Annotated, Any

import httpx
from fastapi import Depends, Request

from diplomap.settings import Settings
from diplomap.store.repository import Store

__all__ = [
    "SettingsDep",
    "StoreDep",
    "Transport",
    "TransportDep",
    "get_settings",
    "get_store",
    "get_transport",
]


def _state(request: Request, name: str) -> Any:
    try:
        return getattr(request.state, name)
    except AttributeError:
        raise RuntimeError(
            "the app's lifespan has not run: serve it with `diplomap serve` (uvicorn), "
            "or use `with TestClient(app) as client:` in tests"
        ) from None


def get_store(request: Request) -> Store:
    store: Store = _state(request, "store")
    return store


def get_settings(request: Request) -> Settings:
    settings: Settings = _state(request, "settings")
    return settings


Transport = httpx.BaseTransport | None  # for fetching URLs; None: the network (tests inject a mock)


def get_transport(request: Request) -> Transport:
    transport: Transport = _state(request, "transport")
    return transport


StoreDep = Annotated[Store, Depends(get_store)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
TransportDep = Annotated[Transport, Depends(get_transport)]
