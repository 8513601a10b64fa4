from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from diplomap.errors import ConfigError
from diplomap.nlp.events.cameo import QUAD_CLASSES, CameoCode, all_codes, cameo, is_cameo, plover_2
from tests.conftest import SHARED

REFERENCE = SHARED / "reference"
CODES = [c.code for c in all_codes()]
PLOVER_2 = {
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
}  # fmt: skip


def _quad(root: str) -> int:
    number = int(root)
    return 1 if number <= 5 else 2 if number <= 8 else 3 if number <= 13 else 4


def test_events_cameo_every_root_present():
    roots = {c.code for c in all_codes() if len(c.code) == 2}
    assert roots == {f"{n:02d}" for n in range(1, 21)}


def test_events_cameo_codes_are_2_to_4_digits_in_order_and_unique():
    assert all(re.fullmatch(r"\d{2,4}", code) for code in CODES)
    assert sorted(set(CODES)) == CODES
    assert len(CODES) > 300


def test_events_cameo_every_code_has_parent():
    known = set(CODES)
    assert all(code[:-1] in known for code in CODES if len(code) > 2)


def test_events_cameo_make_a_visit():
    visit = cameo("042")
    assert visit == CameoCode("042", "Make a visit", visit.goldstein, 1, "CONSULT", "visit", None)
    assert visit.root == "04"
    assert QUAD_CLASSES[visit.quad_class] == "verbal cooperation"


def test_events_cameo_conventional_force_is_material_conflict():
    force = cameo("190")
    assert force.quad_class == 4
    assert force.goldstein == -10.0
    assert force.plover_type == "ASSAULT"


def test_events_cameo_intent_to_cooperate_economically():
    code = cameo("0311")
    assert code.name == "Express intent to cooperate economically"
    assert (code.plover_type, code.plover_mode, code.plover_context) == ("AGREE", None, "economic")
    assert code.root == "03"


def test_events_cameo_unknown_code_error_names_code_and_fix():
    for bad in ("42", "999", "0419", "", "0311x"):
        with pytest.raises(ConfigError) as caught:
            cameo(bad)
        message = str(caught.value)
        assert repr(bad) in message
        assert "use a 2-4 digit code such as 042 or 0311" in message
        assert "\n" not in message
        assert not is_cameo(bad)


def test_events_cameo_is_cameo():
    assert is_cameo("01")
    assert is_cameo("2042")
    assert not is_cameo("21")


def test_events_cameo_every_goldstein_in_range():
    assert all(-10.0 <= c.goldstein <= 10.0 for c in all_codes())


def test_events_cameo_every_quad_matches_root():
    for c in all_codes():
        assert c.quad_class == _quad(c.root), c.code
        assert c.quad_class in QUAD_CLASSES


def test_events_cameo_every_code_named():
    assert all(c.name and c.name == c.name.strip() and "\\" not in c.name for c in all_codes())


def test_events_cameo_plover_types_are_plover_2():
    types = {c.plover_type for c in all_codes()}
    assert types - {None} <= PLOVER_2
    # The 2021 table maps nothing under 01 (statements) and 02 (appeals); appeals are REQUEST.
    assert {c.plover_type for c in all_codes() if c.root == "01"} == {None}
    assert {c.plover_type for c in all_codes() if c.root == "02"} == {"REQUEST"}
    assert all(c.plover_type for c in all_codes() if c.root != "01")


def test_events_cameo_plover_legacy_names():
    assert plover_2("DEMAND") == "REQUEST"
    assert plover_2("disapprove") == "ACCUSE"
    assert plover_2("INVESTIGATE") == "ACCUSE"
    assert plover_2("FIGHT") == "ASSAULT"
    assert all(plover_2(name) == name for name in PLOVER_2)


def test_events_cameo_plover_unknown_name():
    with pytest.raises(ConfigError, match=r"'YIELD' is not a PLOVER event category; use one of ACCUSE"):
        plover_2("YIELD")


def test_events_cameo_all_codes_is_a_copy():
    codes = all_codes()
    codes.clear()
    assert all_codes()


@given(st.sampled_from(CODES))
def test_events_cameo_root_is_first_two_digits(code: str):
    found = cameo(code)
    assert found.code == code
    assert found.root == code[:2]
    assert cameo(found.root).root == found.root


@pytest.mark.skipif(not REFERENCE.is_dir(), reason="reference files not present")
def test_events_cameo_matches_reference_files() -> None:
    goldstein: dict[str, float] = {}
    for line in (REFERENCE / "cameo_goldstein_scale.tsv").read_text(encoding="utf-8").splitlines()[1:]:
        code, score = line.split("\t")
        goldstein[code] = float(score)
    plover: dict[str, str] = {}
    for line in (REFERENCE / "cameo2plover_2021.txt").read_text(encoding="utf-8").splitlines():
        match = re.match(r"(\d{2,4}):\s*([A-Z]+)", line)
        if match:
            plover.setdefault(match[1], match[2])
    assert set(CODES) == set(goldstein) | set(plover)
    for key, value in goldstein.items():
        assert cameo(key).goldstein == value, key
    for key, type_ in plover.items():
        assert cameo(key).plover_type == type_, key
