"""Events in and out: GDELT, ICEWS and PLOVER exports of our events, CSV and Parquet of our own
columns, and imports of GDELT and ICEWS event files as external events to overlay ours.

``export_events(store, format="gdelt", out="events.tsv")`` and
``import_events(store, ["20150218.export.CSV.zip"], format="gdelt")``; the ``diplomap export`` and
``diplomap import`` commands wrap them. The field tables are in docs/interop.md and
``data_dictionary(format)``.
"""

from __future__ import annotations

from diplomap.interop.export import EXPORT_FORMATS, ExportReport, data_dictionary, export_events
from diplomap.interop.external import (
    IMPORT_FORMATS,
    ExternalEvent,
    ImportReport,
    external_counts,
    import_events,
)
from diplomap.interop.ours import EventFilter

__all__ = [
    "EXPORT_FORMATS",
    "IMPORT_FORMATS",
    "EventFilter",
    "ExportReport",
    "ExternalEvent",
    "ImportReport",
    "data_dictionary",
    "export_events",
    "external_counts",
    "import_events",
]
