"""The JSON API in-process (FastAPI's TestClient) on a hand-built store, both backends; schemathesis over
its OpenAPI schema; ``diplomap serve``."""

import socket
import warnings
from datetime import date, timedelta

import httpx
import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import positive_data_acceptance
from schemathesis.python.asgi import shutdown_lifespans
from sqlalchemy import select
from starlette.exceptions import StarletteDeprecationWarning
from typer.testing import CliRunner

from diplomap.analysis.corroboration import cluster_events
from diplomap.cli import app as cli_app
from diplomap.errors import StoreError
from diplomap.ingest.records import Metadata, SourceDocument
from diplomap.nlp.assessments import STATE_SCORES
from diplomap.nlp.events.cameo import cameo
from diplomap.nlp.pipeline import SentenceAnnotations, load_pipeline
from diplomap.nlp.records import AssessmentRecord, EventRecord, MentionRecord, QuantityRecord
from diplomap.nlp.sentences import split_sentences
from diplomap.settings import Settings, load_settings
from diplomap.store.repository import Store
from diplomap.store.schema import documents, events
from diplomap.web import create_app
from diplomap.web.params import MODALITY_CHOICES, PeriodChoice, encode_cursor
from tests.test_analysis_dyads import EVENTS, add_event

with warnings.catch_warnings():
    # starlette 1.10's TestClient asks for the httpx2 package and still works on httpx, which we have
    warnings.simplefilter("ignore", StarletteDeprecationWarning)
    from fastapi.testclient import TestClient

TOKEN = "s3cret-token"
RICH_TEXT = (
    "Russia wrote off US$10 billion of North Korea's debt. "
    "Relations between Moscow and Pyongyang are warming, Ivan Dolgov wrote."
)
REPORT_TEXT = "Moscow wrote off $10 billion of North Korean debt on Tuesday."
TURN = date(2012, 1, 10)  # PRK and JPN: six agreements, then six arrests (a shift)


def add_rich_document(store):
    """Two sentences: actor mentions (one unresolved), an event with an amount, an assessment."""
    document = SourceDocument.build(
        RICH_TEXT,
        uri="rich.txt",
        format="text",
        metadata=Metadata(title="Debt", author="A. Writer", publisher="Harbour Wire"),
    )
    first, second = split_sentences(document.text)

    def at(sentence, words):
        start = sentence.text.index(words)
        return start, start + len(words)

    write_off = EventRecord(
        "RUS",
        "071",
        *at(first, "wrote off"),
        *at(first, "Russia"),
        target_code="PRK",
        target_start=at(first, "North Korea")[0],
        target_end=at(first, "North Korea")[1],
        cameo_root="07",
        plover_type="AID",
        plover_mode="economic",
        quad_class=2,
        goldstein=cameo("071").goldstein,
        date_start=date(2014, 5, 6),
        date_end=date(2014, 5, 6),
        date_precision="day",
        date_how="article date",
        coder="test.v1",
        confidence=0.9,
        quantities=(
            QuantityRecord("money", 1e10, *at(first, "US$10 billion"), "US$10 billion", None, "USD", 1e10),
        ),
    )
    warming = AssessmentRecord(
        *at(second, "are warming"),
        "warming",
        "RUS",
        "PRK",
        cue="are warming",
        date_start=date(2014, 5, 6),
        date_end=date(2014, 5, 6),
        date_precision="day",
    )
    annotations = [
        SentenceAnnotations(
            mentions=(
                MentionRecord(*at(first, "Russia"), "Russia", "RUS", "RUS", (), "country", how="country"),
                MentionRecord(*at(first, "North Korea"), "North Korea", "PRK", "PRK", (), "country"),
            ),
            events=(write_off,),
        ),
        SentenceAnnotations(
            mentions=(
                MentionRecord(*at(second, "Moscow"), "Moscow", "RUSGOV", "RUS", ("GOV",), "country"),
                MentionRecord(*at(second, "Pyongyang"), "Pyongyang", "PRKGOV", "PRK", ("GOV",), "country"),
                MentionRecord(*at(second, "Ivan Dolgov"), "Ivan Dolgov", how="no dictionary entry"),
            ),
            assessments=(warming,),
        ),
    ]
    store.add_document(document, [first, second], annotations, pipeline="test")
    return document.id


def build_world(store):
    """The dyad tests' six events, the rich document and a second report of its event (one cluster),
    and a PRK-JPN relation that turns. Returns {name: event id}."""
    for number, spec in enumerate(EVENTS):
        add_event(store, number, *spec)
    rich = add_rich_document(store)
    add_event(
        store, "report", "RUSGOV", "071", "PRK", date(2014, 5, 7), "asserted", "Northern Rim", REPORT_TEXT
    )
    for i in range(12):
        code = "057" if i < 6 else "173"  # sign agreements, then arrests
        add_event(store, f"jpn{i}", "PRK", code, "JPN", TURN + timedelta(days=30 * i), "asserted", "Wire")
    cluster_events(store)
    with store.engine.connect() as connection:
        rows = connection.execute(
            select(events.c.id, documents.c.title).join(documents, documents.c.id == events.c.document_id)
        )
        ids = {title: event_id for event_id, title in rows}
    ids["rich"] = ids.pop("Debt")
    return rich, ids


@pytest.fixture
def world(store):
    return build_world(store)


@pytest.fixture
def client(settings, world):
    with TestClient(create_app(settings)) as opened:
        yield opened


def _ids(response):
    assert response.status_code == 200, response.text
    return [item["id"] for item in response.json()["items"]]


def _problem(response, status, parameter=None):
    assert response.status_code == status, response.text
    body = response.json()
    assert body["status"] == status and body["parameter"] == parameter
    return body["detail"]


# -- documents ----------------------------------------------------------------------------------


def test_web_api_documents_list_and_pages(client):
    first = client.get("/api/documents", params={"limit": 5}).json()
    assert [d["title"] for d in first["items"]] == ["0", "1", "2", "3", "4"]
    assert first["next_offset"] == 5
    assert first["items"][0] | {"ingested_at": None} == {
        "id": first["items"][0]["id"],
        "uri": "0.txt",
        "format": "text",
        "title": "0",
        "author": None,
        "publisher": "Harbour Wire",
        "published": None,
        "published_precision": None,
        "published_source": None,
        "n_chars": len("Report 0: PRK and RUS did something."),
        "ingested_at": None,
        "pipeline": "test",
        "n_sentences": 1,
    }
    last = client.get("/api/documents", params={"offset": 15, "limit": 10}).json()
    assert len(last["items"]) == 5 and last["next_offset"] is None


def test_web_api_document_with_annotated_sentences(client, world):
    rich, ids = world
    document = client.get(f"/api/documents/{rich[:8]}").json()  # an id prefix is enough
    assert (document["id"], document["title"], document["text"]) == (rich, "Debt", RICH_TEXT)
    first, second = document["sentences"]
    assert first["text"] == "Russia wrote off US$10 billion of North Korea's debt."
    assert [(m["text"], m["code"]) for m in first["mentions"]] == [("Russia", "RUS"), ("North Korea", "PRK")]
    (event,) = first["events"]
    assert event["id"] == ids["rich"] and (event["source"], event["cameo"], event["target"]) == (
        "RUS",
        "071",
        "PRK",
    )
    assert RICH_TEXT[event["trigger_start"] : event["trigger_end"]] == "wrote off"  # offsets into the text
    assert event["cluster_id"] == ids["rich"] and event["date"] == "2014-05-06"
    assert first["assessments"] == []
    assert [(m["text"], m["code"], m["sectors"]) for m in second["mentions"]] == [
        ("Moscow", "RUSGOV", ["GOV"]),
        ("Pyongyang", "PRKGOV", ["GOV"]),
        ("Ivan Dolgov", None, []),
    ]
    (assessment,) = second["assessments"]
    assert (assessment["state"], assessment["source"], assessment["target"]) == ("warming", "RUS", "PRK")
    assert RICH_TEXT[assessment["start"] : assessment["end"]] == "are warming"
    assert assessment["holder_code"] is None and second["events"] == []


def test_web_api_unknown_document_is_404(client):
    assert "no document with id" in _problem(client.get("/api/documents/abcdef12"), 404)
    assert "not a document id" in _problem(client.get("/api/documents/zz"), 404)


# -- events -------------------------------------------------------------------------------------

ASSERTED_2014 = ["0", "1", "3", "4", "rich", "report"]  # the dyad tests' negated "2" and 2013's "5" aside


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"from": "2014"}, ASSERTED_2014),
        ({"actor": "CHN"}, ["4", "5"]),
        ({"source": "PRK", "from": "2013"}, ["0", "3", "4"]),  # PRKGOV starts with PRK
        ({"target": "prk"}, ["1", "5", "rich", "report"]),  # codes in any case
        ({"dyad": "RUS,PRK"}, ["0", "1", "3", "rich", "report"]),  # either direction
        ({"code": "07"}, ["1", "rich", "report"]),
        ({"code": "04"}, ["0", "3"]),  # the negated 040 is left out
        ({"quad_class": 4, "from": "2013"}, ["5"]),  # not the 2012 arrests of jpn6-11
        ({"modality": "negated"}, ["2"]),
        (
            {"modality": ["negated", "asserted"], "dyad": "PRK,RUS", "to": "2014-06"},
            ["0", "1", "2", "rich", "report"],
        ),
        ({"from": "2014-06", "to": "2014-07"}, ["3", "4"]),
        ({"q": "WROTE off"}, ["rich", "report"]),  # case-insensitive
        ({"q": "100%"}, []),  # % is a character, not a wildcard
        ({"q": "did_something"}, []),  # so is _
    ],
)
def test_web_api_events_filters(client, world, query, expected):
    _, ids = world
    assert _ids(client.get("/api/events", params=query)) == [ids[name] for name in expected]


def test_web_api_events_every_modality_and_the_evidence(client, world):
    _, ids = world
    every = client.get("/api/events", params={"modality": "all", "limit": 500}).json()
    assert len(every["items"]) == len(ids) == 20 and every["next_cursor"] is None
    rich = next(item for item in every["items"] if item["id"] == ids["rich"])
    assert rich == {
        "id": ids["rich"],
        "date": "2014-05-06",
        "date_how": "article date",
        "source": "RUS",
        "target": "PRK",
        "cameo": "071",
        "cameo_name": cameo("071").name,
        "quad_class": 2,
        "goldstein": cameo("071").goldstein,
        "modality": "asserted",
        "sentence": "Russia wrote off US$10 billion of North Korea's debt.",
        "trigger": [7, 16],
        "document_id": rich["document_id"],
        "title": "Debt",
        "author": "A. Writer",
        "publisher": "Harbour Wire",
        "cluster_id": ids["rich"],
    }


def test_web_api_event_detail_with_amounts_and_corroboration(client, world):
    _, ids = world
    event = client.get(f"/api/events/{ids['rich']}").json()
    assert (event["plover_type"], event["plover_mode"], event["cameo_root"]) == ("AID", "economic", "07")
    assert (event["date_precision"], event["coder"], event["confidence"]) == ("day", "test.v1", 0.9)
    assert event["quantities"] == [
        {
            "kind": "money",
            "value": 1e10,
            "unit": None,
            "currency": "USD",
            "value_usd": 1e10,
            "start": RICH_TEXT.index("US$"),
            "end": RICH_TEXT.index(" of North"),
            "text": "US$10 billion",
        }
    ]
    (other,) = event["corroborating"]
    assert (other["id"], other["source"], other["sentence"]) == (ids["report"], "RUSGOV", REPORT_TEXT)
    alone = client.get(f"/api/events/{ids['0']}").json()
    assert alone["corroborating"] == [] and alone["quantities"] == []


def test_web_api_unknown_event_is_404(client):
    assert "no event with id 999999" in _problem(client.get("/api/events/999999"), 404)
    assert _problem(client.get(f"/api/events/{2**31}"), 422, "event_id")  # too big for an INTEGER column
    assert _problem(client.get("/api/events/abc"), 422, "event_id")


def test_web_api_events_cursor_walks_every_event_once(client, world, store):
    _, ids = world
    seen, cursor, pages = [], None, 0
    while True:
        query = {"modality": "all", "limit": 3} | ({"cursor": cursor} if cursor else {})
        page = client.get("/api/events", params=query).json()
        seen += [item["id"] for item in page["items"]]
        pages += 1
        if pages == 2:  # new events arrive while a client walks the pages
            add_event(store, "late1", "USA", "042", "KOR", date(2014, 1, 2), "asserted", "Wire")
            add_event(store, "late2", "KOR", "111", "USA", date(2010, 1, 2), "asserted", "Wire")
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert sorted(seen) == seen and len(set(seen)) == len(seen)  # in id order, never twice
    assert set(ids.values()) < set(seen) and len(seen) == len(ids) + 2  # all of them, and the new ones
    assert pages == 8  # 22 events, 3 a page


# -- bad parameters: 422 naming the parameter ---------------------------------------------------


@pytest.mark.parametrize(
    ("path", "query", "parameter", "says"),
    [
        ("/api/events", {"actor": "PR"}, "actor", "not an actor code"),
        ("/api/events", {"dyad": "PRK"}, "dyad", "A,B"),
        ("/api/events", {"dyad": "PRK,R1S"}, "dyad", "not an actor code"),
        ("/api/events", {"code": "0x4"}, "code", "not a CAMEO code"),
        ("/api/events", {"from": "2014-13"}, "from", "YYYY-MM-DD"),
        ("/api/events", {"from": "yesterday"}, "from", "not a date"),
        ("/api/events", {"to": "2014-02-30"}, "to", "not a real date"),
        ("/api/events", {"from": "2014-06", "to": "2014-05"}, "to", "before from"),
        ("/api/events", {"quad_class": 5}, "quad_class", "less than or equal to 4"),
        ("/api/events", {"quad_class": "one"}, "quad_class", "integer"),
        ("/api/events", {"modality": "rumoured"}, "modality", "asserted"),
        ("/api/events", {"cursor": "not-a-cursor"}, "cursor", "next_cursor"),
        ("/api/events", {"cursor": "ZXZlbnRzOi0x"}, "cursor", "next_cursor"),  # "events:-1"
        ("/api/events", {"cursor": encode_cursor(2**31)}, "cursor", "next_cursor"),  # past INTEGER
        ("/api/events", {"limit": 0}, "limit", "greater than or equal to 1"),
        ("/api/events", {"limit": 501}, "limit", "less than or equal to 500"),
        ("/api/events", {"q": "a\x00b"}, "q", "NUL"),
        ("/api/documents", {"offset": -1}, "offset", "greater than or equal to 0"),
        ("/api/dyads/PRK/R2S", {}, "b", "not an actor code"),
        ("/api/dyads/PRK/RUS", {"by": "day"}, "by", "week"),
        ("/api/dyads/PRK/RUS", {"by": "week", "from": "1900", "to": "2100"}, "by", "shorter range"),
        ("/api/partners/PRK", {}, "period", "both from and to"),
        ("/api/partners/PRK", {"from": "2014"}, "period", "both from and to"),
        ("/api/partners/PRK", {"period": "2014", "from": "2014"}, "period", "not both"),
        ("/api/partners/PRK1", {"period": "2014"}, "actor", "not an actor code"),
        ("/api/shifts/PRK", {"alpha": 0}, "alpha", "greater than 0"),
        ("/api/shifts/PRK", {"with": "J"}, "with", "not an actor code"),
        ("/api/assessments/PRK", {"from": "2015", "to": "2014"}, "to", "before from"),
        ("/api/network", {"period": "14"}, "period", "not a date"),
        ("/api/network", {"to": "2014"}, "period", "both from and to"),
    ],
)
def test_web_api_bad_parameters_are_422_naming_them(client, path, query, parameter, says):
    detail = _problem(client.get(path, params=query), 422, parameter)
    assert detail.startswith(f"{parameter}: ") and says in detail


# -- relations ----------------------------------------------------------------------------------


def test_web_api_dyad_series(client):
    body = client.get("/api/dyads/PRK/rus", params={"by": "month"}).json()
    assert (body["a"], body["b"], body["directed"], body["modalities"]) == ("PRK", "RUS", False, ["asserted"])
    may, june, july = body["periods"]
    assert [p["period"] for p in body["periods"]] == ["2014-05", "2014-06", "2014-07"]
    assert (may["events"], may["distinct_events"], may["documents"], may["publishers"]) == (4, 3, 4, 2)
    assert may["verbal_cooperation"] == 1 and may["material_cooperation"] == 3
    assert may["goldstein_sum"] == pytest.approx(cameo("042").goldstein + 3 * cameo("071").goldstein)
    assert june["events"] == 0 and june["goldstein_mean"] is None
    assert (july["events"], july["by_root"]) == (1, {"04": 1})
    directed = client.get("/api/dyads/PRK/RUS", params={"directed": True, "modality": "all"}).json()
    assert [p["events"] for p in directed["periods"]] == [1, 1, 1]
    assert len(directed["modalities"]) == 5
    harbour = client.get(
        "/api/dyads/PRK/RUS", params={"publisher": "Northern Rim", "by": "year", "from": "2014", "to": "2014"}
    ).json()
    assert [(p["period"], p["events"]) for p in harbour["periods"]] == [("2014", 2)]


def test_web_api_partners(client, world):
    _, ids = world
    body = client.get("/api/partners/PRK", params={"period": "2014"}).json()
    assert (body["start"], body["end"]) == ("2014-01-01", "2014-12-31")
    assert (body["previous_start"], body["previous_end"]) == ("2013-01-01", "2013-12-31")
    russia, china = body["partners"]
    assert (russia["code"], russia["name"], russia["events"], russia["cooperation"]) == (
        "RUS",
        "Russia",
        5,
        5,
    )
    listed = client.get(russia["events_url"]).json()["items"]
    assert sorted(e["id"] for e in listed) == sorted(ids[n] for n in ("0", "1", "3", "rich", "report"))
    assert set(russia["key_events"]) <= {e["id"] for e in listed} and len(russia["key_events"]) == 5
    assert (russia["trend"], russia["previous_events"]) == ("warming", 0)
    assert (russia["assessments"], russia["assessed_states"]) == (1, ["warming"])
    assert russia["assessed_score"] == STATE_SCORES["warming"]
    assert (china["code"], china["events"], china["conflict"], china["previous_events"]) == ("CHN", 1, 1, 1)
    assert china["goldstein_mean"] == cameo("111").goldstein
    assert china["previous_goldstein_mean"] == cameo("163").goldstein
    assert china["trend"] == "warming"  # criticism after sanctions
    same = client.get("/api/partners/prk", params={"from": "2014-01-01", "to": "2014-12"}).json()
    assert same == body


def test_web_api_shifts(client, world):
    _, ids = world
    (shift,) = client.get("/api/shifts/PRK").json()
    assert (shift["counterpart"], shift["direction"], shift["period"]) == ("JPN", "cooling", "2012-07")
    assert (shift["before_mean"], shift["after_mean"]) == (cameo("057").goldstein, cameo("173").goldstein)
    assert (shift["before_events"], shift["after_events"]) == (6, 6) and shift["p_value"] < 0.01
    assert shift["drivers"] == [ids["jpn6"], ids["jpn7"], ids["jpn8"]]
    assert client.get("/api/shifts/PRK", params={"with": "CHN"}).json() == []
    assert client.get("/api/shifts/PRK", params={"from": "2013"}).json() == []


def test_web_api_assessments(client, world):
    rich, _ = world
    (found,) = client.get("/api/assessments/RUS", params={"with": "PRK", "from": "2014-05"}).json()
    assert found == {
        "id": found["id"],
        "counterpart": "PRK",
        "source": "RUS",
        "target": "PRK",
        "state": "warming",
        "score": STATE_SCORES["warming"],
        "aspect": "relations",
        "cue": "are warming",
        "holder": "A. Writer",
        "holder_code": None,
        "date": "2014-05-06",
        "document_id": rich,
        "title": "Debt",
        "publisher": "Harbour Wire",
        "sentence": "Relations between Moscow and Pyongyang are warming, Ivan Dolgov wrote.",
    }
    assert client.get("/api/assessments/PRK", params={"to": "2014-04"}).json() == []


def test_web_api_network(client, world):
    _, ids = world
    body = client.get("/api/network", params={"period": "2014"}).json()
    assert (body["directed"], body["multigraph"]) == (True, False)
    assert body["graph"] == {"start": "2014-01-01", "end": "2014-12-31", "modalities": "asserted"}
    assert {n["id"]: n["events"] for n in body["nodes"]} == {"PRK": 6, "RUS": 5, "CHN": 1}
    edges = {(e["source"], e["target"]): e for e in body["edges"]}
    assert set(edges) == {("PRK", "RUS"), ("RUS", "PRK"), ("PRK", "CHN")}
    assert edges["PRK", "RUS"]["event_ids"] == [ids["0"], ids["3"]]
    assert edges["PRK", "RUS"]["goldstein_sum"] == pytest.approx(
        cameo("042").goldstein + cameo("046").goldstein
    )
    assert (edges["RUS", "PRK"]["events"], edges["RUS", "PRK"]["cooperation"]) == (3, 3)
    assert (edges["PRK", "CHN"]["conflict"], edges["PRK", "CHN"]["goldstein_mean"]) == (
        1,
        cameo("111").goldstein,
    )


def test_web_api_actors_and_summary(client):
    assert client.get("/api/actors").json() == [
        {"code": code, "name": name, "country": code[:3], "mentions": 1, "documents": 1, "example": text}
        for code, name, text in (
            ("PRK", "North Korea", "North Korea"),
            ("PRKGOV", "North Korea (GOV)", "Pyongyang"),
            ("RUS", "Russia", "Russia"),
            ("RUSGOV", "Russia (GOV)", "Moscow"),
        )
    ]
    assert client.get("/api/actors", params={"limit": 1}).json()[0]["code"] == "PRK"
    assert client.get("/api/actors/unresolved").json() == [
        {"text": "Ivan Dolgov", "how": "no dictionary entry", "mentions": 1, "documents": 1}
    ]
    assert client.get("/api/summary").json() == {
        "documents": 20,
        "sentences": 21,
        "mentions": 5,
        "events": 20,
        "assessments": 1,
        "unresolved_mentions": 1,
        "documents_not_annotated": 0,
    }


# -- writing ------------------------------------------------------------------------------------

NEW = {"text": "Russia sent food aid to North Korea in August.", "title": "Aid", "published": "2014-08-04"}


def test_web_api_read_only_without_a_token(client):
    detail = _problem(client.post("/api/documents", json=NEW), 403)
    assert "read-only" in detail and "DIPLOMAP_TOKEN" in detail


@pytest.fixture
def writer(settings, world):
    with TestClient(create_app(settings.replace(token=TOKEN))) as opened:
        yield opened


def test_web_api_writes_need_the_token(writer):
    missing = writer.post("/api/documents", json=NEW)
    assert "Authorization: Bearer" in _problem(missing, 401)
    assert missing.headers["www-authenticate"] == "Bearer"
    wrong = writer.post("/api/documents", json=NEW, headers={"Authorization": "Bearer wrong"})
    assert "not this server's DIPLOMAP_TOKEN" in _problem(wrong, 401)
    odd = writer.post(
        "/api/documents", json=NEW, headers={"Authorization": "Bearer s3crét".encode("latin-1")}
    )
    assert _problem(odd, 401)  # compared as bytes: any text is refused, never a server error
    basic = writer.post("/api/documents", json=NEW, headers={"Authorization": f"Basic {TOKEN}"})
    assert _problem(basic, 401)
    garbled = writer.post(
        "/api/documents", content=b"{not json", headers={"content-type": "application/json"}
    )
    assert _problem(garbled, 401)  # the token is checked before the body is read


def test_web_api_body_is_read_only_up_to_a_cap(settings, world):
    with TestClient(create_app(settings.replace(token=TOKEN, max_document_bytes=1000))) as writer:
        huge = {"text": "x" * 100_000}
        response = writer.post("/api/documents", json=huge, headers={"Authorization": f"Bearer {TOKEN}"})
    assert "DIPLOMAP_MAX_DOCUMENT_MB" in _problem(response, 413)


def test_web_api_posted_document_is_stored_and_listed(writer):
    auth = {"Authorization": f"Bearer {TOKEN}"}
    created = writer.post("/api/documents", json=NEW, headers=auth)
    assert created.status_code == 201, created.text
    ((stored),) = created.json()["documents"]
    assert (stored["title"], stored["status"]) == ("Aid", "new") and created.json()["errors"] == []
    listed = writer.get("/api/documents", params={"offset": 20}).json()["items"]
    assert [(d["id"], d["uri"], d["published"], d["published_source"]) for d in listed] == [
        (stored["id"], "api", "2014-08-04", "explicit")
    ]
    shown = writer.get(f"/api/documents/{stored['id']}").json()
    assert shown["text"] == NEW["text"] and shown["pipeline"] and len(shown["sentences"]) == 1
    again = writer.post("/api/documents", json=NEW, headers=auth)
    assert again.status_code == 200 and again.json()["documents"][0]["status"] == "unchanged"


@pytest.mark.parametrize(
    ("body", "parameter", "says"),
    [
        ({"title": "nothing"}, "text", "give the document's text"),
        ({"text": "   "}, "text", "empty"),
        ({"text": "War.", "published": "someday"}, "published", "not a date"),
        ({"text": "War.", "title": "a\x00b"}, "title", "NUL"),
        ({"text": "War.", "colour": "red"}, "colour", "Extra inputs"),
        ([1, 2], "body", "an object"),
        ("{not json", "body", "JSON"),
        ({"url": "http://127.0.0.1/story.txt"}, "url", "public addresses only"),
        ({"url": "ftp://example.org/story.txt"}, "url", "http(s)"),
    ],
)
def test_web_api_bad_documents_are_422(writer, body, parameter, says):
    sent = {"content": body.encode()} if isinstance(body, str) else {"json": body}
    response = writer.post("/api/documents", **sent, headers={"Authorization": f"Bearer {TOKEN}"})
    assert says in _problem(response, 422, parameter)


def test_web_api_posted_url_is_fetched(settings, world):
    page = "Japan and North Korea agreed to reopen talks in Stockholm."

    def answer(request):
        assert request.url.path == "/news/talks.txt"
        return httpx.Response(200, text=page, headers={"content-type": "text/plain"})

    app = create_app(settings.replace(token=TOKEN), transport=httpx.MockTransport(answer))
    with TestClient(app) as writer:
        response = writer.post(
            "/api/documents",
            json={"url": "http://93.184.215.14/news/talks.txt", "published": "2014-05"},  # no DNS needed
            headers={"Authorization": f"Bearer {TOKEN}"},
        )
        assert response.status_code == 201, response.text
        (stored,) = response.json()["documents"]
        shown = writer.get(f"/api/documents/{stored['id']}").json()
    assert (shown["text"], shown["uri"], shown["published"]) == (
        page,
        "http://93.184.215.14/news/talks.txt",
        "2014-05-01",
    )


# -- the app and the server ---------------------------------------------------------------------


def test_web_api_routes_outside_the_api_and_methods(client):
    assert _problem(client.get("/api/nothing"), 404) == "Not Found"
    refused = client.delete("/api/documents")
    assert refused.status_code == 405 and "GET" in refused.headers["allow"]
    assert client.get("/api/openapi.json").json()["info"]["title"] == "diplomap"


def test_web_api_failures_are_problems_too(settings, world, monkeypatch):
    def broken(self):
        raise StoreError("the store went away; check DIPLOMAP_DB")

    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        monkeypatch.setattr(Store, "counts", broken)
        assert "went away" in _problem(client.get("/api/summary"), 500)
        monkeypatch.setattr(Store, "counts", lambda self: 1 / 0)  # a bug: logged, and told in general terms
        assert "server's log" in _problem(client.get("/api/summary"), 500)


def test_web_api_choices_match_the_library():
    from typing import get_args

    from diplomap.analysis.dyads import PERIODS
    from diplomap.nlp.events.modality import MODALITIES

    assert (*MODALITIES, "all") == MODALITY_CHOICES and get_args(PeriodChoice) == PERIODS


def test_web_api_create_app_starts_nothing(monkeypatch, tmp_path):
    import uvicorn

    def refuse(*args, **kwargs):
        raise AssertionError("create_app must not start or open anything")

    monkeypatch.setattr(uvicorn, "run", refuse)
    monkeypatch.setattr(Store, "open", refuse)
    app = create_app(load_settings(environ={}, db=str(tmp_path / "never.db")))
    assert isinstance(app, FastAPI) and not (tmp_path / "never.db").exists()


def test_web_api_serve_command(monkeypatch, tmp_path):
    import uvicorn

    runs = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: runs.append((app, options)))
    runner = CliRunner()
    assert "--host" in runner.invoke(cli_app, ["serve", "--help"]).output
    db = str(tmp_path / "served.db")
    local = runner.invoke(cli_app, ["--db", db, "serve"])
    assert local.exit_code == 0, local.output
    assert "http://127.0.0.1:8000/api" in local.stdout and "read-only" in local.stdout and local.stderr == ""
    opened = runner.invoke(cli_app, ["--db", db, "serve", "--host", "0.0.0.0", "--port", "8123"])
    assert "http://0.0.0.0:8123/api" in opened.stdout
    assert "warning" in opened.stderr and "read-only" in opened.stderr
    assert [options for _, options in runs] == [
        {"host": "127.0.0.1", "port": 8000},
        {"host": "0.0.0.0", "port": 8123},
    ]
    assert all(isinstance(app, FastAPI) for app, _ in runs)
    broken = runner.invoke(cli_app, ["--db", str(tmp_path / "no" / "such.db"), "serve"])
    assert broken.exit_code == 1 and "does not exist" in broken.stderr and len(runs) == 2


# -- schemathesis over the OpenAPI schema -------------------------------------------------------


# One app for the schema and its requests; its lifespan opens ./schema.db, that is the store
# `world_db` builds in each test's own folder (conftest runs every test in its tmp_path). Built
# from app.openapi() rather than from_asgi, which would start the app (and open a store) at import.
SCHEMA_APP = create_app(
    Settings(
        db="schema.db",
        model="blank:en",
        batch_size=64,
        max_document_bytes=1024 * 1024,
        actor_dictionaries=(),
        fetch_timeout=1.0,
        token=TOKEN,
    ),
    transport=httpx.MockTransport(lambda request: httpx.Response(404)),
)
schema = schemathesis.openapi.from_dict(SCHEMA_APP.openapi())
schema.app = SCHEMA_APP


@pytest.fixture
def world_db(tmp_path, monkeypatch):
    """The world in ./schema.db; URLs resolve nowhere (no network); the pipeline loaded beforehand."""

    def no_dns(*args, **kwargs):
        raise socket.gaierror(socket.EAI_NONAME, "no DNS in tests")

    monkeypatch.setattr(socket, "getaddrinfo", no_dns)
    with Store.open(str(tmp_path / "schema.db")) as store:
        build_world(store)
    load_pipeline("blank:en")  # cached: the first POST would otherwise wait for it
    yield
    shutdown_lifespans()  # closes the store the app's lifespan opened; the next test opens its own


@schema.parametrize()
@hypothesis_settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_web_api_conforms_to_its_schema(case, world_db):
    # Not checked: that every schema-valid request is accepted (positive_data_acceptance). Rules
    # across parameters (to after from; period or from and to; a real calendar day; a cursor the
    # API made) cannot be written in OpenAPI, so schema-valid requests may still get a 422.
    case.call_and_validate(
        headers={"Authorization": f"Bearer {TOKEN}"}, excluded_checks=[positive_data_acceptance]
    )
