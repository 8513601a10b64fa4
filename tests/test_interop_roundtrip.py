"""Our events out to GDELT and ICEWS files and back in as external events: the same events return,
on both backends; importing twice adds nothing; dyad series read them as they read ours."""

import zipfile
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select

from diplomap.analysis.dyads import dyad_series
from diplomap.errors import ConfigError
from diplomap.interop import EventFilter, export_events, external_counts, import_events
from diplomap.interop.gdelt import GDELT_FIELDS, gdelt_row, parse_gdelt
from diplomap.interop.icews import icews_row, parse_icews
from diplomap.nlp.events.cameo import all_codes, cameo
from diplomap.store.schema import documents, events, external_events
from tests.interop_store import ASSERTED_DATED, add_events


@pytest.fixture
def coded(store):
    add_events(store)
    return store


def _ours(store):
    query = (
        select(
            events.c.id,
            events.c.source_code,
            events.c.target_code,
            events.c.cameo,
            events.c.cameo_root,
            events.c.quad_class,
            events.c.goldstein,
            events.c.date_start,
            documents.c.uri,
            documents.c.id.label("document_id"),
        )
        .join(documents, documents.c.id == events.c.document_id)
        .where(events.c.modality == "asserted", events.c.date_start.is_not(None))
        .order_by(events.c.id)
    )
    with store.engine.connect() as connection:
        return [dict(r._mapping) for r in connection.execute(query)]


def _theirs(store, origin):
    query = select(external_events).where(external_events.c.origin == origin).order_by(external_events.c.id)
    with store.engine.connect() as connection:
        return {int(r.external_id): dict(r._mapping) for r in connection.execute(query)}


def _same_events(ours, theirs, *, link):
    assert sorted(theirs) == [e["id"] for e in ours]
    for event in ours:
        back = theirs[event["id"]]
        assert (back["source_code"], back["target_code"]) == (event["source_code"], event["target_code"])
        assert (back["cameo"], back["cameo_root"], back["quad_class"]) == (
            event["cameo"],
            event["cameo_root"],
            event["quad_class"],
        )
        assert back["goldstein"] == pytest.approx(event["goldstein"])
        assert back["date"] == event["date_start"]
        if link == "url":
            assert back["url"] == event["uri"]
        else:
            assert back["story"] == event["document_id"]


def test_interop_gdelt_round_trip_plain_and_zipped(coded, tmp_path):
    path = tmp_path / "20140510000000.export.CSV"
    report = export_events(coded, format="gdelt", out=path)
    assert (report.written, report.skipped) == (len(ASSERTED_DATED), 1)  # the undated event
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(ASSERTED_DATED)  # no header row, as GDELT's files
    assert all(len(line.split("\t")) == len(GDELT_FIELDS) == 61 for line in lines)

    imported = import_events(coded, [path], format="gdelt")
    assert (imported.new, imported.skipped, imported.errors) == (len(ASSERTED_DATED), 0, [])
    _same_events(_ours(coded), _theirs(coded, "gdelt"), link="url")

    zipped = tmp_path / "20140510000000.export.CSV.zip"
    with zipfile.ZipFile(zipped, "w") as archive:
        archive.write(path, path.name)
    from_zip = import_events(coded, [zipped], format="gdelt", origin="gdelt-zip")
    assert from_zip.new == len(ASSERTED_DATED)
    _same_events(_ours(coded), _theirs(coded, "gdelt-zip"), link="url")
    assert external_counts(coded) == {"gdelt": 5, "gdelt-zip": 5}


def test_interop_icews_round_trip(coded, tmp_path):
    path = tmp_path / "events.2014.tab"
    export_events(coded, format="icews", out=path)
    header = path.read_text(encoding="utf-8").splitlines()[0].split("\t")
    assert header[:4] == ["Event ID", "Event Date", "Source Name", "Source Sectors"] and len(header) == 20
    imported = import_events(coded, [path], format="icews")
    assert (imported.new, imported.errors) == (len(ASSERTED_DATED), [])
    _same_events(_ours(coded), _theirs(coded, "icews"), link="story")


def test_interop_reimport_is_idempotent_and_keeps_what_is_stored(coded, tmp_path):
    path = tmp_path / "events.export.CSV"
    export_events(coded, format="gdelt", out=path)
    first = import_events(coded, [path], format="gdelt", batch_size=2)
    again = import_events(coded, [path, path], format="gdelt", batch_size=2)
    assert (first.new, again.new, again.unchanged) == (5, 0, 10)
    assert external_counts(coded) == {"gdelt": 5}
    assert coded.counts()["events"] == 7  # our own events untouched


def test_interop_dyad_overlay_reads_the_same_statistics(coded, tmp_path):
    path = tmp_path / "events.export.CSV"
    export_events(coded, format="gdelt", out=path)
    import_events(coded, [path], format="gdelt")

    def shape(series):
        return [(p.period, p.events, p.by_quad, p.by_root, round(p.goldstein_sum, 6)) for p in series]

    for a, b in (("PRK", "RUS"), ("PRK", "CHN"), ("PRK", "IGOUNO"), ("PRK", "KOR")):
        assert shape(dyad_series(coded, a, b, origin="gdelt")) == shape(dyad_series(coded, a, b))
    overlay = dyad_series(coded, "PRK", "RUS", origin="gdelt", by="year")
    assert (overlay[0].documents, overlay[0].publishers) == (2, 1)  # two URLs on one host
    assert dyad_series(coded, "PRK", "RUS", origin="gdelt", modalities=("negated",)) == []
    with pytest.raises(ConfigError, match=r"no external events from origin .icews.*ours, gdelt"):
        dyad_series(coded, "PRK", "RUS", origin="icews")


def test_interop_export_filters_by_dates_actor_and_modality(coded, tmp_path):
    path = tmp_path / "x.tsv"
    june = export_events(
        coded, format="gdelt", out=path, selection=EventFilter(date(2014, 6, 1), date(2014, 6, 30))
    )
    assert june.written == 1  # the negated June meeting is left out of GDELT
    assert path.read_text().split("\t")[0] == "3"
    negated = export_events(
        coded, format="gdelt", out=path, selection=EventFilter(modalities=("negated",), actor="prk")
    )
    assert negated.written == 1
    korea = export_events(coded, format="icews", out=path, selection=EventFilter(actor="KOR"))
    assert korea.written == 1


@pytest.mark.parametrize("chunk", [1, 2, 1000])
def test_interop_export_actor_chunks_read_every_event_once(coded, chunk):
    from diplomap.interop.ours import event_rows

    def numbers(selection):  # the SPECS each event comes from, in export order
        found = [row["id"] for row in event_rows(coded, selection, chunk=chunk)]
        return [every.index(i) + 1 for i in found]

    every = [row["id"] for row in event_rows(coded)]
    assert len(every) == 7
    assert numbers(EventFilter(actor="RUS")) == [1, 2, 6, 7]
    assert numbers(EventFilter(actor="PRK", end=date(2014, 6, 30))) == [1, 2, 3, 6]
    assert numbers(EventFilter(date(2014, 5, 15), date(2014, 6, 30), "RUS")) == [2, 6]
    assert numbers(EventFilter(actor="RUS", modalities=("asserted",))) == [1, 2, 7]
    assert numbers(EventFilter(actor="KOR")) == [5] and numbers(EventFilter(actor="USA")) == []


_codes = st.sampled_from([None, "PRK", "RUSGOV", "PRKGOVDIP", "IGOUNO", "CHNMILCHR", "EUR", "USAELI"])
_export_rows = st.fixed_dictionaries(
    {
        "id": st.integers(1, 2**62),
        "date_start": st.dates(date(1979, 1, 1), date(2030, 12, 31)),
        "source_code": _codes,
        "target_code": _codes,
        "cameo": st.sampled_from([c.code for c in all_codes()]),
        "goldstein": st.none() | st.floats(-10, 10).map(lambda g: round(g, 1)),
        "sentence_index": st.integers(0, 50),
        "document_id": st.text("0123456789abcdef", min_size=32, max_size=32),
        "document_uri": st.just("https://news.example.org/a.html"),
        "document_publisher": st.none() | st.just("Harbour Wire"),
        "document_ingested_at": st.none(),
    }
)


@given(_export_rows)
def test_interop_gdelt_and_icews_rows_read_back_as_written(row):
    entry = cameo(row["cameo"])
    row = {**row, "cameo_root": entry.root, "quad_class": entry.quad_class, "sentence_start": 0}
    row.update(sentence_text="", source_start=None, source_end=None, target_start=None, target_end=None)
    gdelt = list(parse_gdelt([("f:1", "\t".join(gdelt_row(row)))]))
    icews = list(parse_icews([("f:1", "\t".join(icews_row(row)))]))
    for back in (gdelt[0], icews[0]):
        assert (back.external_id, back.date, back.cameo, back.quad_class) == (
            str(row["id"]),
            row["date_start"],
            row["cameo"],
            entry.quad_class,
        )
        assert back.goldstein == pytest.approx(
            row["goldstein"] if row["goldstein"] is not None else entry.goldstein
        )
    assert (gdelt[0].source_code, gdelt[0].target_code) == (row["source_code"], row["target_code"])
    for code, back in (
        (row["source_code"], icews[0].source_code),
        (row["target_code"], icews[0].target_code),
    ):
        if code is None or code == "EUR":  # regions have no ICEWS country or organisation name
            continue
        assert back == code
