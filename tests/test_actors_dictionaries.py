import textwrap
from datetime import date

import pytest

from diplomap.errors import DictionaryError
from diplomap.nlp.actors.dictionaries import load_dictionary
from diplomap.nlp.actors.entities import DatedEntity, Role
from tests.conftest import SHARED


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return path


def test_actors_dictionaries_yaml_people_with_roles(tmp_path):
    path = write(
        tmp_path,
        "people.yaml",
        """
        - name: Park Geun-hye
          aliases: [Park Geun Hye]
          country: KOR
          roles:
            - {office: President, code: KORGOV, start: 2013-02-25, end: 2017-03-10}
        - {name: Korean Central News Agency, aliases: [KCNA], code: PRKGOVMED}
    """,
    )
    park, kcna = load_dictionary(path)
    assert park.roles == (Role("KORGOV", date(2013, 2, 25), date(2017, 3, 10), "President"),)
    assert park.aliases == ("Park Geun Hye",) and park.country == "KOR"
    assert kcna.country == "PRK" and kcna.roles[0].code == "PRKGOVMED"


def test_actors_dictionaries_csv_rows_are_roles(tmp_path):
    path = write(
        tmp_path,
        "people.csv",
        """
        name,country,code,start,end,office,aliases
        Vladimir Putin,RUS,RUSGOV,2000-05-07,2008-05-07,President,Putin;V. Putin
        Vladimir Putin,RUS,RUSGOV,2008-05-08,2012-05-07,Prime Minister,
    """,
    )
    (putin,) = load_dictionary(path)
    assert [r.office for r in putin.roles] == ["President", "Prime Minister"]
    assert putin.aliases == ("Putin", "V. Putin")


def test_actors_dictionaries_phoenix_format(tmp_path):
    path = write(
        tmp_path,
        "sample.actors",
        """
        # comment
        NORTH_KOREA_ [PRK]
        +DPRK_
        THE_UNITED_NATIONS_
        UN_
        \t[IGOUNO]
        PARK_GEUN-HYE_  ; CountryInfo.txt
        +PRESIDENT_PARK_
        \t[KORGOV 130225-170310]
        \t[KORELI]
        KOSOVO_ [KSV]
    """,
    )
    korea, un, park, kosovo = load_dictionary(path)
    assert korea.aliases == ("DPRK",) and korea.roles[0].code == "PRK"
    assert un.aliases == ("UN",) and un.roles[0].code == "IGOUNO"
    assert park.roles == (Role("KORGOV", date(2013, 2, 25), date(2017, 3, 10)),)
    assert park.default == "KORELI"
    assert kosovo.roles[0].code == "XKX"  # CAMEO's KSV is XKX here


def test_actors_dictionaries_code_on_date():
    park = DatedEntity("p", "Park", "person", "KOR", (Role("KORGOV", date(2013, 2, 25), date(2017, 3, 10)),))
    assert park.code_on(date(2014, 8, 4)).code == "KORGOV"
    assert park.code_on(date(2017, 3, 11)).code == "KORELI"
    assert park.code_on(None).confidence < park.code_on(date(2014, 1, 1)).confidence


@pytest.mark.parametrize(
    ("name", "text", "where", "message"),
    [
        ("bad.yaml", "- name: X\n  code: [unclosed\n", "bad.yaml:", "not valid YAML"),
        ("bad.yaml", "- name: X\n  colour: red\n  code: USAGOV\n", "bad.yaml:1", "unknown field 'colour'"),
        ("bad.yaml", "- name: X\n  code: usa gov\n", "bad.yaml:1", "not a CAMEO actor code"),
        (
            "bad.yaml",
            "- name: X\n  roles:\n    - {code: USAGOV, start: last year}\n",
            "bad.yaml:3",
            "not a date",
        ),
        (
            "bad.yaml",
            "- name: X\n  roles:\n    - {code: USAGOV, start: 2014-01-02, end: 2013-01-01}\n",
            "bad.yaml:3",
            "ends",
        ),
        ("bad.yaml", "- aliases: [Y]\n  code: USAGOV\n", "bad.yaml:1", "missing name"),
        ("bad.yaml", "- name: Z\n", "bad.yaml:1", "neither code nor roles"),
        ("bad.csv", "name,start\nX,2014-01-01\n", "bad.csv:1", "missing column 'code'"),
        ("bad.csv", "name,code,start\nX,USAGOV,2014-13-01\n", "bad.csv:2", "not a date"),
        ("bad.actors", "+SYNONYM_\nNAME_ [USA]\n", "bad.actors:1", "synonym"),
        ("bad.actors", "NAME_\n\t[USAGOV 9008223-911221]\n", "bad.actors:2", "date restriction"),
        ("bad.actors", "NAME_\n\t[USAGOV 130231-140101]\n", "bad.actors:2", "not a real date"),
        ("bad.json", "[]", "bad.json", "unknown dictionary format"),
    ],
)
def test_actors_dictionaries_errors_name_file_and_line(tmp_path, name, text, where, message):
    path = write(tmp_path, name, text)
    with pytest.raises(DictionaryError) as raised:
        load_dictionary(path)
    assert str(raised.value).startswith(str(tmp_path / where))
    assert message in str(raised.value) and "\n" not in str(raised.value)


def test_actors_dictionaries_phoenix_reference_files_load_leniently():
    path = SHARED / "reference" / "phoenix_countries_actors.txt"
    if not path.exists():
        pytest.skip("shared reference files not found")
    problems: list[DictionaryError] = []
    entities = load_dictionary(path, on_error=problems.append)
    assert len(entities) > 15000 and 0 < len(problems) < 50
    putin = next(e for e in entities if e.name == "VLADIMIR PUTIN")
    assert putin.code_on(date(2009, 1, 1)).code == "RUSGOV"
    with pytest.raises(DictionaryError, match=r"phoenix_countries_actors\.txt:"):
        load_dictionary(path)
