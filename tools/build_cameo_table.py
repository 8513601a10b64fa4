"""Build diplomap's CAMEO event table from the public reference files.

A one-off maintainer script, not part of the package. It reads

* ``cameo_goldstein_scale.tsv`` -- the Goldstein score per CAMEO code (GDELT's lookup table),
* ``cameo2plover_2021.txt`` -- CAMEO code -> PLOVER type, mode, context, with the CAMEO
  name as a comment (``CODE: TYPE, MODE, CONTEXT # name``; 2-digit lines are roots),
* ``cameo_manual_1.1b3.tex`` -- the CAMEO codebook, for names the PLOVER table lacks,

and writes ``src/diplomap/nlp/data/cameo.tsv`` (one row per CAMEO code in the Goldstein
table or the PLOVER table) and ``src/diplomap/nlp/data/plover_legacy.tsv``.

Rules:

* name: the PLOVER table's comment; else (no comment, or a comment that is not a name)
  the manual's name, with ", not specified below" dropped and root names in sentence case.
  A few known typos in the PLOVER comments are corrected (``NAME_FIXES``).
* goldstein: the Goldstein table; else the nearest ancestor's score (0311 -> 031 -> 03).
* quad_class: by root, GDELT's convention: 01-05 -> 1, 06-08 -> 2, 09-13 -> 3, 14-20 -> 4.
* PLOVER type, mode, context: the PLOVER row (whitespace normalised, empty when none);
  else the nearest ancestor's row. When a code appears twice, the first row wins.

Usage: ``python tools/build_cameo_table.py [--reference DIR] [--out DIR]``
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
REFERENCE = REPO.parent / "shared" / "reference"
OUT = REPO / "src" / "diplomap" / "nlp" / "data"

COLUMNS = ("code", "name", "goldstein", "quad_class", "plover_type", "plover_mode", "plover_context")

PLOVER_2 = (
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
)
# PLOVER 0.5 category names that PLOVER 2.0 folded into others.
PLOVER_LEGACY = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT"}

# Typos in the comments of cameo2plover_2021.txt: code -> (as written, corrected).
NAME_FIXES = {
    "055": ("Apolgize", "Apologize"),
    "1051": ("adminstrative", "administrative"),
    "1444": ("Ostruct", "Obstruct"),
}

CODE = re.compile(r"\d{2,4}")
PLOVER_LINE = re.compile(r"(?P<code>\d{2,4})\s*:\s*(?P<fields>[^#]*?)\s*(?:#\s*(?P<comment>.*?))?\s*")
# An editor's dated note after the name, e.g. `Ease curfew  21.09.17: "ease" is no longer a mode`.
DATED_NOTE = re.compile(r"\s+\d{2}\.\d{2}\.\d{2}:.*$")
MANUAL_ROOT = re.compile(r"\\textbf\{(?P<code>\d{2}):\s*(?P<name>[^}]*)\}")
MANUAL_CODE = re.compile(r"(?:\\indent\s+)?(?P<code>\d{2,4}):\s*(?P<name>.*?)\s*(?:\\\\)*")
NOT_SPECIFIED = re.compile(r",?\s*not specified below\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class PloverRow:
    type: str
    mode: str
    context: str
    comment: str
    line: int


def _squash(text: str) -> str:
    return " ".join(text.split())


def ancestors(code: str) -> list[str]:
    """Nearest first: 0311 -> [031, 03]; 042 -> [04]; 04 -> []."""
    return [code[:n] for n in range(len(code) - 1, 1, -1)]


def quad_class(code: str) -> int:
    root = int(code[:2])
    if 1 <= root <= 5:
        return 1
    if 6 <= root <= 8:
        return 2
    if 9 <= root <= 13:
        return 3
    if 14 <= root <= 20:
        return 4
    raise ValueError(f"{code}: root {root:02d} is not a CAMEO root (01-20)")


def read_goldstein(path: Path, notes: list[str]) -> dict[str, float]:
    scores: dict[str, float] = {}
    lines = path.read_text(encoding="utf-8").splitlines()
    if not lines or lines[0].split("\t")[0].strip() != "CAMEOEVENTCODE":
        raise SystemExit(f"{path}: expected a header line starting with CAMEOEVENTCODE")
    for number, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        parts = line.split("\t")
        if len(parts) != 2 or not CODE.fullmatch(parts[0].strip()):
            raise SystemExit(f"{path}:{number}: expected CODE<tab>SCORE, got {line!r}")
        code, score = parts[0].strip(), float(parts[1])
        if not -10.0 <= score <= 10.0:
            raise SystemExit(f"{path}:{number}: Goldstein score {score} outside [-10, 10]")
        if code in scores:
            notes.append(f"goldstein: {code} listed twice; kept the first score")
            continue
        scores[code] = score
    return scores


def read_plover(path: Path, notes: list[str]) -> dict[str, PloverRow]:
    rows: dict[str, PloverRow] = {}
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        match = PLOVER_LINE.fullmatch(line)
        if match is None:
            notes.append(f"plover: line {number} skipped, not a code line: {line!r}")
            continue
        fields = [_squash(field) for field in match["fields"].split(",")]
        fields += [""] * (3 - len(fields))
        if len(fields) > 3:
            raise SystemExit(f"{path}:{number}: more than 3 comma-separated fields: {line!r}")
        type_, mode, context = fields
        type_ = type_.upper()
        if type_ not in PLOVER_2:
            raise SystemExit(f"{path}:{number}: {type_!r} is not a PLOVER 2.0 category")
        code = match["code"]
        comment = _squash(match["comment"] or "")
        note = DATED_NOTE.search(comment)
        if note:
            notes.append(f"plover: {code} editor's note dropped from the name: {note.group(0).strip()!r}")
            comment = comment[: note.start()]
        row = PloverRow(type_, mode, context, comment, number)
        first = rows.get(code)
        if first is not None:
            same = (first.type, first.mode, first.context) == (row.type, row.mode, row.context)
            notes.append(
                f"plover: {code} listed twice (lines {first.line} and {number}"
                + ("" if same else f", {first.type} vs {row.type}")
                + ("" if first.comment == row.comment else f", {first.comment!r} vs {row.comment!r}")
                + "); kept the first"
            )
            continue
        rows[code] = row
    return rows


def _detex(text: str) -> str:
    text = text.replace("``", '"').replace("''", '"').replace("\\&", "&")
    return _squash(re.sub(r"\\[a-zA-Z]+\s*", "", text))


def read_manual(path: Path) -> dict[str, str]:
    """Names from the manual's list of event codes (chapter "CAMEO EVENT CODES")."""
    text = path.read_text(encoding="utf-8", errors="replace")
    start = text.find("\\chapter{CAMEO EVENT CODES}")
    if start < 0:
        raise SystemExit(f"{path}: no chapter 'CAMEO EVENT CODES'")
    end = text.find("\\include", start)
    names: dict[str, str] = {}
    for line in text[start : end if end > 0 else None].splitlines():
        line = line.strip()
        root = MANUAL_ROOT.search(line)
        if root:
            names[root["code"]] = _detex(root["name"]).capitalize()
            continue
        match = MANUAL_CODE.fullmatch(line)
        if match:
            names[match["code"]] = NOT_SPECIFIED.sub("", _detex(match["name"]))
    return names


def _plover_name(code: str, row: PloverRow | None, notes: list[str]) -> str | None:
    if row is None or not row.comment:
        return None
    name = row.comment
    if name.isupper():  # e.g. `100: REQUEST,  ,  # REQUEST` -- a category, not a name
        notes.append(f"plover: {code} comment {name!r} is a category, not a name; used the manual")
        return None
    fix = NAME_FIXES.get(code)
    if fix is not None and fix[0] in name:
        name = name.replace(*fix)
        notes.append(f"plover: {code} typo fixed: {fix[0]!r} -> {fix[1]!r}")
    return name


def build(reference: Path) -> tuple[list[dict[str, str]], list[str], dict[str, int]]:
    notes: list[str] = []
    goldstein = read_goldstein(reference / "cameo_goldstein_scale.tsv", notes)
    plover = read_plover(reference / "cameo2plover_2021.txt", notes)
    manual = read_manual(reference / "cameo_manual_1.1b3.tex")

    codes = sorted(set(goldstein) | set(plover))
    known = set(codes)
    counts = {"names from manual": 0, "goldstein inherited": 0, "plover inherited": 0, "plover none": 0}
    rows: list[dict[str, str]] = []
    for code in codes:
        name = _plover_name(code, plover.get(code), notes)
        if name is None:
            name = manual.get(code)
            counts["names from manual"] += 1
        if not name:
            raise SystemExit(f"{code}: no name in the PLOVER table or the manual")

        score = goldstein.get(code)
        if score is None:
            source = next((a for a in ancestors(code) if a in goldstein), None)
            if source is None:
                raise SystemExit(f"{code}: no Goldstein score for it or any ancestor")
            score = goldstein[source]
            counts["goldstein inherited"] += 1
            notes.append(f"goldstein: {code} inherited {score} from {source}")

        row = plover.get(code)
        if row is None and code.startswith("02"):
            # the 2021 table has no rows for CAMEO 02 (appeal); PLOVER's REQUEST covers appeals
            # and demands alike, so appeals are REQUEST with no mode
            row = PloverRow("REQUEST", "", "", "", 0)
            counts["appeals as REQUEST"] = counts.get("appeals as REQUEST", 0) + 1
        if row is None:
            source = next((a for a in ancestors(code) if a in plover), None)
            if source is None:
                counts["plover none"] += 1
            else:
                row = plover[source]
                counts["plover inherited"] += 1
                notes.append(f"plover: {code} inherited {row.type} from {source}")

        rows.append(
            {
                "code": code,
                "name": name,
                "goldstein": str(score),
                "quad_class": str(quad_class(code)),
                "plover_type": row.type if row else "",
                "plover_mode": row.mode if row else "",
                "plover_context": row.context if row else "",
            }
        )

    for code in sorted(set(manual) - known):
        notes.append(f"manual: {code} {manual[code]!r} is in neither table; left out")
    for code in sorted(set(plover) - set(goldstein)):
        notes.append(f"plover: {code} has no Goldstein score of its own")
    for code in codes:
        parent = code[:-1] if len(code) > 2 else None
        if parent is not None and parent not in known:
            notes.append(f"table: {code} has no parent row {parent}")
    return rows, notes, counts


def write_tsv(path: Path, header: tuple[str, ...], rows: list[dict[str, str]]) -> None:
    lines = ["\t".join(header)]
    for row in rows:
        values = [row[column] for column in header]
        if any("\t" in value or "\n" in value for value in values):
            raise SystemExit(f"{path}: a tab or newline in {values!r}")
        lines.append("\t".join(values))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reference", type=Path, default=REFERENCE, help="folder of the reference files")
    parser.add_argument("--out", type=Path, default=OUT, help="folder for cameo.tsv, plover_legacy.tsv")
    args = parser.parse_args(argv)

    rows, notes, counts = build(args.reference)
    args.out.mkdir(parents=True, exist_ok=True)
    write_tsv(args.out / "cameo.tsv", COLUMNS, rows)
    legacy = [{"old": old, "new": new} for old, new in PLOVER_LEGACY.items()]
    legacy += [{"old": name, "new": name} for name in PLOVER_2]
    write_tsv(args.out / "plover_legacy.tsv", ("old", "new"), legacy)

    for note in notes:
        print(note)
    roots = sum(1 for row in rows if len(row["code"]) == 2)
    print(
        f"wrote {args.out / 'cameo.tsv'}: {len(rows)} codes ({roots} roots); "
        f"names from the manual: {counts['names from manual']}; "
        f"Goldstein scores inherited: {counts['goldstein inherited']}; "
        f"PLOVER rows inherited: {counts['plover inherited']}; "
        f"no PLOVER type (no row for the code or any ancestor): {counts['plover none']}"
    )
    print(f"wrote {args.out / 'plover_legacy.tsv'}: {len(legacy)} names")
    return 0


if __name__ == "__main__":
    sys.exit(main())
