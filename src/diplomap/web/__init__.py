"""The web application: a JSON API (``/api``, with its OpenAPI schema) over the store and analyses.

``diplomap serve`` runs it with uvicorn; :func:`create_app` builds it for any ASGI server or test.
"""

from __future__ import annotations

from diplomap.web.app import create_app

__all__ = ["create_app"]
