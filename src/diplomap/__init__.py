"""diplomap: who is courting, pressuring or abandoning whom, read from news and analysis.

Library entry points; the ``diplomap`` command wraps these. Ingest with
``diplomap.ingest.ingest(...)``.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from diplomap.errors import DiplomapError
from diplomap.settings import Settings, load_settings

try:
    __version__ = version("diplomap")
except PackageNotFoundError:  # running from a source tree without install
    __version__ = "0.0.0"

__all__ = [
    "DiplomapError",
    "IngestReport",
    "Settings",
    "Store",
    "__version__",
    "load_settings",
]


def __getattr__(name: str) -> object:
    # heavy parts (spaCy, SQLAlchemy) load on first use, so `diplomap --help` stays fast
    if name == "IngestReport":
        from diplomap.ingest.run import IngestReport

        return IngestReport
    if name == "Store":
        from diplomap.store.repository import Store

        return Store
    raise AttributeError(f"module 'diplomap' has no attribute {name!r}")
