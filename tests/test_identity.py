from hypothesis import given
from hypothesis import strategies as st

from diplomap.ingest.identity import ID_LENGTH, document_id, normalise_text


def test_identity_same_text_in_other_dress_has_one_id():
    variants = [
        "North Korea’s trade rose.\nRussia wrote off the debt.",
        "North Korea’s trade rose.\r\nRussia wrote off the debt.\r\n",
        "  North Korea’s  trade\u00a0rose.  \n\n\nRussia wrote off the debt.",
        "North Korea\u2019s trade rose.\n\nRussia wrote off the debt.\n",
        "\ufeffNorth Korea’s trade rose.\nRussia wrote off the debt.",
    ]
    ids = {document_id(normalise_text(v)) for v in variants}
    assert len(ids) == 1
    assert len(ids.pop()) == ID_LENGTH


def test_identity_different_text_differs():
    assert document_id(normalise_text("Russia wrote off debt.")) != document_id(
        normalise_text("Russia wrote off the debt.")
    )


def test_identity_hard_wrapped_paragraphs_are_joined():
    wrapped = (
        "Russia wrote off US$10 billion\nin loans to North Korea.\n\n- first item\n- second item\n\nEnd."
    )
    assert normalise_text(wrapped) == (
        "Russia wrote off US$10 billion in loans to North Korea.\n- first item\n- second item\nEnd."
    )


def test_identity_one_paragraph_per_line_kept_when_lines_are_long():
    long_line = "North Korea " * 20
    text = f"{long_line}\n{long_line}\n\n{long_line}"
    assert normalise_text(text).count("\n") == 2


def test_identity_decomposed_unicode_is_composed():
    assert normalise_text("Sok-ju Cafe\u0301") == "Sok-ju Café"


@given(st.text())
def test_identity_normalising_is_idempotent(text):
    once = normalise_text(text)
    assert normalise_text(once) == once
