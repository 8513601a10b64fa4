from datetime import date

from diplomap.ingest.metadata import split_header


def test_metadata_seed_with_title_and_byline(seeds):
    metadata, body = split_header((seeds / "000_2f44b526caa219a3.txt").read_text(encoding="utf-8"))
    assert metadata.title == "North Korea’s failing diplomacy in Europe, Russia and Japan"
    assert metadata.author == "Andrei Lankov"
    assert metadata.published is None
    assert body.lstrip().startswith("Kang Sok-ju, Korean Workers’ Party secretary")


def test_metadata_seed_with_site_title_and_date_line(seeds):
    metadata, body = split_header((seeds / "003_c4b279606f47a919.txt").read_text(encoding="utf-8"))
    assert metadata.publisher == "East Asia Compass"
    assert metadata.title == "North Korea: Seeking New Friends?"
    assert metadata.published is not None
    assert (metadata.published.value, metadata.published.precision) == (date(2014, 8, 4), "day")
    assert metadata.published_source == "header"
    assert metadata.author == "Sandip Kumar Mishra"  # from the standfirst
    assert body.lstrip().startswith("Prof Sandip Kumar Mishra looks at")


def test_metadata_title_date_byline_with_date_in_byline():
    text = "Seoul and Tokyo talk again\nBy Jane Roe | 12 March 2014\nThe two sides met in Seoul on Tuesday."
    metadata, body = split_header(text)
    assert metadata.title == "Seoul and Tokyo talk again"
    assert metadata.author == "Jane Roe"
    assert str(metadata.published) == "2014-03-12"
    assert body == "The two sides met in Seoul on Tuesday."


def test_metadata_title_only_when_first_line_is_short():
    metadata, body = split_header("Russia writes off debt\nRussia wrote off US$10 billion of debt on Monday.")
    assert metadata.title == "Russia writes off debt"
    assert body == "Russia wrote off US$10 billion of debt on Monday."


def test_metadata_no_header_in_plain_body():
    text = "Russia wrote off US$10 billion of debt.\nNorth Korea welcomed the decision."
    metadata, body = split_header(text)
    assert metadata.title is None and metadata.published is None
    assert body == text


def test_metadata_standfirst_needs_an_honorific_or_writes():
    metadata, _ = split_header("A title\nBy Desk\nNorth Korea looks at Russia for help.")
    assert metadata.author == "Desk"
    metadata, _ = split_header("A title\n4 May 2014\nNorth Korea looks at Russia for help.")
    assert metadata.author is None
