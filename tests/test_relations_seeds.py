"""The seeds' world end to end: both articles ingested, then North Korea's partners in 2013-2014.

What the two analysts describe: North Korea turning from China, the US and
South Korea toward Russia and Japan. The store must show CHN, USA and KOR
cooling or hostile and RUS and JPN warming, by events and by what the authors
say, and the briefing must carry the quotes behind it. Lankov's article has
no date in its text; it was published in September 2014 (Kang Sok-ju's
European trip), given here as a user-supplied date, as `--date` does.
"""

from datetime import date

import pytest

from diplomap.analysis.assessments import find_assessments
from diplomap.analysis.partners import partners
from diplomap.ingest.dates import PublicationDate
from diplomap.ingest.run import ingest
from diplomap.report.briefing import build_briefing
from diplomap.report.html import render_html
from diplomap.report.markdown import render_markdown

pytestmark = pytest.mark.model

COOLING = {"cooling", "hostile", "stalemate", "minimal"}


@pytest.fixture
def seeds_world(seeds, store, settings):
    report = ingest(
        [str(seeds)],
        store=store,
        settings=settings.replace(model="auto"),  # the fixture's blank pipeline codes no events
        date=PublicationDate(date(2014, 9, 1), "month"),
    )
    assert report.failed == [] and report.new == 2
    return store


def test_relations_seeds_prk_turns_from_china_us_and_south_korea_to_russia_and_japan(seeds_world):
    ranked = {p.code: p for p in partners(seeds_world, "PRK", date(2013, 1, 1), date(2014, 12, 31))}
    for code in ("CHN", "USA", "KOR"):
        partner = ranked[code]
        cooling_events = partner.trend == "cooling"
        cooling_words = bool(set(partner.assessed_states) & COOLING) and (partner.assessed_score or 0) < 0
        assert cooling_events or cooling_words, partner
        assert partner.trend != "warming", partner
    for code in ("RUS", "JPN"):
        partner = ranked[code]
        assert partner.trend == "warming", partner
        assert partner.goldstein_mean is not None and partner.goldstein_mean > 0
    assert ranked["CHN"].conflict > 0 and ranked["RUS"].cooperation >= 3


def test_relations_seeds_assessments_state_what_the_authors_say(seeds_world):
    found = find_assessments(seeds_world, "PRK")
    by_partner = {}
    for assessment in found:
        by_partner.setdefault(assessment.counterpart, set()).add(assessment.state)
    assert by_partner["CHN"] & {"cooling"}  # "relations became estranged", "growing distance"
    assert "dependent" in by_partner["CHN"]  # "China controls some three-quarters of ... trade"
    assert by_partner["KOR"] & {"hostile", "cooling"}  # "the ongoing crisis in relations"
    assert by_partner["USA"] & {"stalemate", "hostile"}  # "So, the result is a stalemate"
    assert by_partner["RUS"] & {"courting", "warming"}
    assert all(a.sentence and a.holder for a in found)
    authors = {a.holder for a in found}
    assert {"Andrei Lankov", "Sandip Kumar Mishra"} <= authors


def test_relations_seeds_briefing_quotes_the_evidence(seeds_world, tmp_path):
    briefing = build_briefing(seeds_world, "PRK", start=date(2013, 1, 1), end=date(2014, 12, 31))
    markdown = render_markdown(briefing)
    assert "Russia (RUS)" in markdown and "wrote** off US$10 billion" in markdown
    assert "estranged" in markdown or "growing distance" in markdown
    html = render_html(briefing)
    assert "<mark>wrote</mark> off US$10 billion" in html
    (tmp_path / "prk.html").write_text(html, encoding="utf-8")  # kept with the test's files to look at
