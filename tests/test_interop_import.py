"""Importing GDELT and ICEWS files written here from the published field lists: bad rows are reported
with file and line, skipped, and the import goes on; the schema upgrade keeps stored data."""

import json
import zipfile

import pytest
import sqlalchemy
from sqlalchemy import select

from diplomap.errors import BadDateError, ConfigError, MalformedRecordError
from diplomap.interop import external_counts, import_events
from diplomap.interop._codes import normal_cameo
from diplomap.interop.gdelt import GDELT_FIELDS
from diplomap.interop.icews import HEADER
from diplomap.store.repository import Store
from diplomap.store.schema import external_events
from tests.interop_store import add_events

NAMES = [name for name, _ in GDELT_FIELDS]


def gdelt_line(**values):
    """A GDELT 2.0 event row: the published fields, those given filled, the rest empty."""
    return "\t".join(str(values.get(name, "")) for name in NAMES)


GOOD = {
    "GlobalEventID": 410412347,
    "Day": 20150218,
    "MonthYear": 201502,
    "Year": 2015,
    "FractionDate": 2015.1315,
    "Actor1Code": "RUS",
    "Actor1Name": "RUSSIA",
    "Actor1CountryCode": "RUS",
    "Actor2Code": "PRKGOV",
    "Actor2Name": "NORTH KOREA",
    "Actor2CountryCode": "PRK",
    "Actor2Type1Code": "GOV",
    "IsRootEvent": 1,
    "EventCode": "042",
    "EventBaseCode": "042",
    "EventRootCode": "04",
    "QuadClass": 1,
    "GoldsteinScale": 1.9,
    "NumMentions": 4,
    "NumSources": 1,
    "NumArticles": 4,
    "AvgTone": -2.5,
    "Actor1Geo_Type": 0,
    "Actor2Geo_Type": 0,
    "ActionGeo_Type": 4,
    "ActionGeo_FullName": "Pyongyang, P'yongyang-si, North Korea",
    "ActionGeo_CountryCode": "KN",
    "DATEADDED": 20150218230000,
    "SOURCEURL": "https://www.example.com/world/asia/visit.html",
}


def test_interop_gdelt_bad_rows_are_reported_by_line_and_skipped(store, tmp_path):
    path = tmp_path / "20150218230000.export.CSV"
    lines = [
        gdelt_line(**GOOD),
        "\t".join(gdelt_line(**GOOD).split("\t")[:57]),  # a GDELT 1.0 row
        gdelt_line(**{**GOOD, "GlobalEventID": 2, "Day": "20151345"}),
        gdelt_line(**{**GOOD, "GlobalEventID": 3, "EventCode": "999"}),
        gdelt_line(**{**GOOD, "GlobalEventID": 4, "Actor1Code": "RUS GOV"}),
        gdelt_line(**{**GOOD, "GlobalEventID": 5, "QuadClass": 7}),
        gdelt_line(
            **{**GOOD, "GlobalEventID": 6, "EventCode": "1823", "QuadClass": "", "GoldsteinScale": ""}
        ),
    ]
    data = ("\n".join(lines) + "\n").encode() + b"\xff\xfe broken\n"
    path.write_bytes(data)
    report = import_events(store, [path], format="gdelt")
    assert (report.new, report.skipped, report.files) == (2, 6, 1)
    messages = [str(e) for e in report.errors]
    assert messages[0].startswith(f"{path}:2: has 57 tab-separated fields, a GDELT 2.0 event row has 61")
    assert isinstance(report.errors[1], BadDateError) and f"{path}:3: Day '20151345'" in messages[1]
    assert isinstance(report.errors[2], MalformedRecordError) and "EventCode '999'" in messages[2]
    assert "Actor1Code 'RUS GOV' is not an actor code" in messages[3]
    assert "QuadClass '7'" in messages[4]
    assert messages[5] == f"{path}:8: is not UTF-8 text; convert the file, e.g. with iconv"
    assert all("\n" not in m for m in messages)
    with store.engine.connect() as connection:
        rows = {r.external_id: r for r in connection.execute(select(external_events))}
    first = rows["410412347"]
    assert (first.source_code, first.target_code, first.cameo, first.quad_class) == (
        "RUS",
        "PRKGOV",
        "042",
        1,
    )
    assert (first.publisher, first.read_from) == ("www.example.com", f"{path}:1")
    assert json.loads(first.extra)["AvgTone"] == "-2.5"
    derived = rows["6"]  # no quad class or Goldstein in the row: from the CAMEO code
    assert (derived.cameo_root, derived.quad_class, derived.goldstein) == ("18", 4, -10.0)


def _icews_file(path, rows, *, header=True):
    lines = ["\t".join(HEADER)] if header else []
    lines += ["\t".join(row) for row in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def icews_row(event_id, day="2014-03-01", code="042", **values):
    row = dict.fromkeys(HEADER, "")
    row.update(
        {
            "Event ID": str(event_id),
            "Event Date": day,
            "Source Name": "Government (Russia)",
            "Source Sectors": "Government,Executive",
            "Source Country": "Russian Federation",
            "Event Text": "Make a visit",
            "CAMEO Code": code,
            "Intensity": "1.9",
            "Target Name": "North Korea",
            "Target Country": "North Korea",
            "Story ID": "28235830",
            "Sentence Number": "3",
            "Publisher": "Xinhua",
            "Country": "North Korea",
        }
    )
    row.update(values)
    return [row[name] for name in HEADER]


def test_interop_icews_rows_codes_and_errors(store, tmp_path):
    path = tmp_path / "events.2014.20150313082808.tab"
    rows = [
        icews_row(926685),
        icews_row(926686, day="01/03/2014"),
        icews_row(926687, code="abc"),
        icews_row(926688)[:12],
        icews_row(
            926689, code="36", **{"Source Name": "United Nations", "Source Country": "", "Intensity": ""}
        ),
        icews_row(926690, code="311", **{"Target Sectors": "Military,Elite,Far Right"}),
    ]
    _icews_file(path, rows)
    zipped = tmp_path / "events.2014.zip"
    with zipfile.ZipFile(zipped, "w") as archive:
        archive.write(path, path.name)
    report = import_events(store, [zipped], format="icews")
    assert (report.new, report.skipped) == (3, 3)
    messages = [str(e) for e in report.errors]
    assert messages[0] == f"{zipped}:3: Event Date '01/03/2014' is not a date; ICEWS writes YYYY-MM-DD"
    assert messages[1].startswith(f"{zipped}:4: CAMEO Code 'abc' is not a CAMEO event code")
    assert messages[2].startswith(f"{zipped}:5: has 12 tab-separated fields, the header has 20")
    with store.engine.connect() as connection:
        found = {r.external_id: r for r in connection.execute(select(external_events))}
    assert (found["926685"].source_code, found["926685"].target_code) == ("RUSGOV", "PRK")
    assert (found["926685"].story, found["926685"].publisher) == ("28235830", "Xinhua")
    assert (found["926689"].source_code, found["926689"].cameo, found["926689"].goldstein) == (
        "IGOUNO",
        "036",
        normal_cameo("036").goldstein,
    )
    assert (found["926690"].cameo, found["926690"].target_code) == ("0311", "PRKMILELI")
    assert found["926690"].quad_class == 1


def test_interop_icews_without_header_and_bad_header(store, tmp_path):
    plain = tmp_path / "plain.tab"
    _icews_file(plain, [icews_row(1), icews_row(2)], header=False)
    assert import_events(store, [plain], format="icews", origin="ICEWS-Plain").new == 2
    assert external_counts(store) == {"icews-plain": 2}
    odd = tmp_path / "odd.tab"
    odd.write_text("Event ID\tWhen\tWhat\n1\t2014-01-01\t042\n", encoding="utf-8")
    report = import_events(store, [odd], format="icews")
    assert report.new == 0 and "the header has no 'Event Date' column" in str(report.errors[0])


def test_interop_import_bad_inputs_say_how_to_fix(store, tmp_path):
    missing = import_events(store, [tmp_path / "nope.CSV"], format="gdelt")
    assert str(missing.errors[0]) == f"{tmp_path / 'nope.CSV'}: no such file; check the path"
    assert (missing.failed_files, missing.problems) == (1, 1)
    broken = tmp_path / "broken.zip"
    broken.write_bytes(b"not a zip")
    assert "is not a readable zip file" in str(import_events(store, [broken], format="gdelt").errors[0])
    damaged = tmp_path / "damaged.zip"
    with zipfile.ZipFile(damaged, "w", compression=zipfile.ZIP_STORED) as archive:
        archive.writestr(
            "x.export.CSV", "".join(gdelt_line(**{**GOOD, "GlobalEventID": n}) + "\n" for n in range(9))
        )
    data = bytearray(damaged.read_bytes())
    data[200] ^= 0xFF  # one byte of the stored file: its CRC no longer matches
    damaged.write_bytes(bytes(data))
    report = import_events(store, [damaged], format="gdelt")
    assert report.failed_files == 1 and "is a damaged zip file" in str(report.errors[-1])
    with pytest.raises(ConfigError, match="cannot be imported; use one of gdelt, icews"):
        import_events(store, [broken], format="acled")
    with pytest.raises(ConfigError, match="not 'ours'"):
        import_events(store, [broken], format="gdelt", origin="ours")
    with pytest.raises(ConfigError, match="lower-case letters"):
        import_events(store, [broken], format="gdelt", origin="my data!")


def test_interop_normal_cameo_reads_codes_without_leading_zero():
    assert [normal_cameo(c).code for c in ("042", "42", "10", "100", "311", "0311", "1823")] == [
        "042",
        "042",
        "10",
        "100",
        "0311",
        "0311",
        "1823",
    ]
    assert normal_cameo("7").code == "07"  # a root that lost its zero
    assert normal_cameo("999") is None and normal_cameo("") is None and normal_cameo("04a") is None


def test_interop_schema_2_store_upgrades_keeping_its_data(tmp_path):
    path = str(tmp_path / "v2.db")
    with Store.open(path) as store:
        add_events(store)
    engine = sqlalchemy.create_engine(f"sqlite:///{path}")
    with engine.begin() as connection:  # make it a version 2 store: no external_events, version 2 indexes
        connection.exec_driver_sql("DROP TABLE external_events")
        connection.exec_driver_sql("DROP INDEX ix_events_source")
        connection.exec_driver_sql("DROP INDEX ix_events_target")
        connection.exec_driver_sql(
            "CREATE INDEX ix_events_dyad_date ON events (source_code, target_code, date_start)"
        )
        connection.exec_driver_sql("UPDATE properties SET value='2' WHERE key='schema_version'")
    engine.dispose()
    with Store.open(path) as store:
        assert store.counts()["events"] == 7
        indexes = {index["name"] for index in sqlalchemy.inspect(store.engine).get_indexes("events")}
        assert {"ix_events_source", "ix_events_target"} <= indexes and "ix_events_dyad_date" not in indexes
        assert "external_events" in sqlalchemy.inspect(store.engine).get_table_names()
        assert external_counts(store) == {}
        with store.engine.connect() as connection:
            version = connection.exec_driver_sql(
                "SELECT value FROM properties WHERE key='schema_version'"
            ).scalar()
        assert version == "3"
