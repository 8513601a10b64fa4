"""The dashboard in a real browser: Playwright drives Debian's chromium against a served fixture store.

Each page is loaded, its Plotly charts must draw (plotly.js comes from the
server itself), and a number is clicked through to the events that make it
up. Screenshots are saved in the test's tmp dir. Marked ``browser``; skipped
where /usr/bin/chromium is missing, except in CI, where it must be there.
"""

import os
import socket
import threading
import time
from datetime import date
from pathlib import Path

import pytest

from diplomap.ingest.records import Metadata, SourceDocument
from diplomap.nlp.pipeline import SentenceAnnotations
from diplomap.nlp.records import EventRecord, MentionRecord
from diplomap.nlp.sentences import split_sentences
from diplomap.settings import load_settings
from diplomap.store.repository import Store
from tests.test_analysis_assessments import add_assessment
from tests.test_analysis_dyads import add_event
from tests.test_report import EVENTS

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
TEXT = "In May 2014, Russia wrote off US$10 billion in loans to North Korea.\nChina did not comment."


def _add_annotated_document(store: Store) -> str:
    document = SourceDocument.build(
        TEXT,
        uri="debt.txt",
        format="text",
        metadata=Metadata(title="Russia writes off the debt", author="A. Writer", publisher="Rim"),
    )
    sentences = split_sentences(document.text)
    first = sentences[0].text
    russia, korea = first.index("Russia"), first.index("North Korea")
    event = EventRecord(
        "RUS",
        "0712",
        first.index("wrote"),
        first.index("wrote") + 5,
        source_start=russia,
        source_end=russia + 6,
        target_code="PRK",
        target_start=korea,
        target_end=korea + 11,
        cameo_root="07",
        quad_class=2,
        goldstein=7.4,
        date_start=date(2014, 5, 1),
        date_end=date(2014, 5, 31),
        date_precision="month",
        date_how="sentence: In May 2014",
    )
    mentions = (
        MentionRecord(russia, russia + 6, "Russia", "RUS", "RUS", (), "country"),
        MentionRecord(korea, korea + 11, "North Korea", "PRK", "PRK", (), "country"),
    )
    annotations = [SentenceAnnotations(mentions=mentions, events=(event,))] + [SentenceAnnotations()] * (
        len(sentences) - 1
    )
    store.add_document(document, sentences, annotations, pipeline="test")
    return document.id


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail("/usr/bin/chromium is missing: .ci/run installs Debian's chromium")
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    import uvicorn

    from diplomap.web.app import create_app

    folder = tmp_path_factory.mktemp("served")
    db = str(folder / "dashboard.db")
    with Store.open(db) as store:
        for number, spec in enumerate(EVENTS):
            add_event(store, number, *spec, text=f"Report {number}: {spec[0]} acted on {spec[2]}.")
        add_assessment(
            store,
            1,
            "PRK",
            "cooling",
            "CHN",
            date(2014, 8, 4),
            None,
            None,
            "S. Mishra",
            "North Korea-China relations became estranged.",
        )
        document_id = _add_annotated_document(store)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    app = create_app(load_settings(environ={}, db=db, model="blank:en"))
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline:
            pytest.fail("the test server did not start within 20 s")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", document_id
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=["--no-sandbox", "--disable-gpu"]
        )
        yield launched
        launched.close()


@pytest.fixture
def page(browser, tmp_path):
    context = browser.new_context(viewport={"width": 1200, "height": 1000})
    opened = context.new_page()
    errors: list[str] = []
    opened.on("pageerror", lambda error: errors.append(str(error)))
    opened.on("requestfailed", lambda request: errors.append(f"failed: {request.url}"))
    yield opened
    opened.screenshot(path=str(tmp_path / "last.png"), full_page=True)
    context.close()
    assert errors == [], errors  # no script error, nothing the page asked for went missing


def _charts_drawn(page, at_least: int) -> None:
    page.wait_for_selector(".js-plotly-plot .main-svg", timeout=15_000)
    assert page.locator(".js-plotly-plot").count() >= at_least


def test_web_browser_overview_to_the_events_of_a_relation(served, page, tmp_path):
    base, _ = served
    page.goto(base + "/")
    assert page.locator("h1").inner_text() == "The corpus"
    _charts_drawn(page, 1)
    page.screenshot(path=str(tmp_path / "overview.png"), full_page=True)
    count = page.locator("section#dyads a.count").first
    number = int(count.inner_text())
    count.click()
    page.wait_for_url("**/events?dyad=*")
    assert page.locator(".event").count() == number  # the number is made of exactly these events
    page.screenshot(path=str(tmp_path / "events.png"), full_page=True)


def test_web_browser_actor_page_number_to_events_to_event_page(served, page, tmp_path):
    base, _ = served
    page.goto(base + "/actors/PRK")
    assert "North Korea" in page.locator("h1").inner_text()
    _charts_drawn(page, 3)
    page.screenshot(path=str(tmp_path / "actor.png"), full_page=True)
    link = page.locator('#row-CHN a[href="#partner-CHN"]')
    assert link.inner_text() == "12"
    link.click()
    assert page.url.endswith("#partner-CHN")
    assert page.locator("#partner-CHN").is_visible()
    page.locator('#partner-CHN ~ p a[href^="/events?dyad="]').first.click()
    page.wait_for_url("**/events?dyad=*")
    assert page.locator(".event").count() == 12
    page.locator(".event a[href^='/events/']").first.click()
    page.wait_for_url("**/events/*")
    assert page.locator("h1").inner_text().startswith("Event ")
    assert page.locator("dl.facts").is_visible()
    assert "estranged" in page.goto(base + "/actors/PRK").text()


def test_web_browser_dyad_and_document_pages(served, page, tmp_path):
    base, document_id = served
    page.goto(base + "/dyads/PRK/CHN?by=quarter")
    _charts_drawn(page, 1)
    assert page.locator("h3[id^='period-']").count() >= 4
    page.screenshot(path=str(tmp_path / "dyad.png"), full_page=True)
    page.goto(base + f"/documents/{document_id[:8]}")
    assert page.locator(".doc-text .mention").count() == 2
    trigger = page.locator(".doc-text a.trigger")
    assert trigger.inner_text() == "wrote"
    trigger.click()
    page.wait_for_url("**/events/*")
    assert "In May 2014" in page.locator("dl.facts").inner_text()
    page.screenshot(path=str(tmp_path / "event.png"), full_page=True)


def test_web_browser_errors_are_pages(served, page):
    base, _ = served
    response = page.goto(base + "/events/999999")
    assert response is not None and response.status == 404
    assert "no event with id 999999" in page.locator("#problem").inner_text()
    response = page.goto(base + "/actors/north-korea")
    assert response is not None and response.status == 422
