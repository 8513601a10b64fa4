"""`make bench-memory`: resident memory of ``diplomap ingest --workers 2 --out-parquet`` on a big JSONL file.

Issue #7 asks that ingesting a 2 GB JSONL corpus keep every Dask worker under
1.5 GB resident. This script writes such a corpus (``--size``, default 2 GB;
streamed to disk, never held in memory), runs the CLI on it in a subprocess,
and samples every second the RSS of the client process (which also runs the
local cluster's scheduler and nannies) and of each Dask worker process (the
client's descendants started by ``multiprocessing.spawn``; a worker restarted
by its nanny counts as a new process). It reports bytes read, documents,
sentences, elapsed time, documents/s, the peak RSS of each process and whether
every worker stayed under ``--limit-gb``, and prints the RSS at each minute so
that growth shows.

Two pipelines (``--pipeline``):

* ``sentences``: ``--no-nlp``, the workers' pipeline is ``PipelineSpec(model=None)``:
  documents are read, batched, split into sentences on the workers (spaCy's
  rule-based sentencizer, no model) and written to Parquet. Runs the whole corpus
  (``--sentences-max-minutes`` stops it early): about 0.35 MB/s on an idle 2-core
  machine, so 2 GB take about 1.5 hours.
* ``full``: the model and our components on every sentence. About 2,000
  words/s on two cores, so a 2 GB corpus would take two days: the run is stopped
  (SIGINT, as Ctrl-C would; buffered documents are still written) after
  ``--max-minutes`` (default 10), and the RSS curve so far is what counts.

``both`` (the default) runs ``sentences`` on the whole corpus, then ``full``
on the same file for ``--max-minutes``.

The corpus: one JSON object per line, ``{"id", "title", "date", "text"}``
(``date`` YYYY-MM-DD is the field the JSONL reader takes as the publication
date; ``id`` is kept for readers of the file, diplomap derives its own from the
text). Each document is a dateline with a reference number (so every document
is new, and the vocabulary keeps growing as a real news corpus's does) and 5 to
40 sentences drawn from ``TEMPLATES``, about 40 sentence shapes of
international affairs whose slots take countries, leaders, organisations,
verbs of cooperation and of conflict, amounts, counts and dates. Seeded, so a
size and seed give the same file.

Run by hand, e.g. ``python benchmarks/memory.py --size 200MB --pipeline sentences``.
The corpus and outputs go to a temporary folder (or ``--folder``) and are
deleted at the end unless ``--keep`` is given.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import psutil
import pyarrow.parquet as pq

MIB = 2**20
GB = 10**9

# -- the corpus -------------------------------------------------------------------------------

COUNTRIES = [
    "North Korea", "South Korea", "China", "Japan", "the United States", "Russia", "Ukraine",
    "India", "Pakistan", "Iran", "Iraq", "Israel", "Egypt", "Turkey", "Saudi Arabia", "Qatar",
    "France", "Germany", "the United Kingdom", "Italy", "Poland", "Brazil", "Argentina", "Mexico",
    "Venezuela", "Colombia", "Nigeria", "Ethiopia", "Kenya", "South Africa", "Sudan", "Indonesia",
    "Vietnam", "the Philippines", "Australia", "Canada", "Syria", "Lebanon", "Jordan", "Armenia",
    "Azerbaijan", "Serbia", "Kosovo", "Georgia", "Belarus", "Afghanistan", "Myanmar", "Thailand",
]  # fmt: skip
LEADERS = [
    "President Xi Jinping", "Kim Jong Un", "Prime Minister Narendra Modi", "President Emmanuel Macron",
    "Chancellor Olaf Scholz", "President Vladimir Putin", "President Volodymyr Zelensky",
    "Prime Minister Fumio Kishida", "President Recep Tayyip Erdogan", "Secretary-General Antonio Guterres",
    "Foreign Minister Wang Yi", "Foreign Minister Sergei Lavrov", "Secretary of State Antony Blinken",
    "President Luiz Inacio Lula da Silva", "Prime Minister Benjamin Netanyahu", "King Abdullah II",
    "President Cyril Ramaphosa", "Prime Minister Shehbaz Sharif", "President Yoon Suk Yeol",
    "Crown Prince Mohammed bin Salman", "President Abdel Fattah el-Sisi", "President Joko Widodo",
]  # fmt: skip
ORGANISATIONS = [
    "the United Nations", "the UN Security Council", "NATO", "the European Union", "the African Union",
    "ASEAN", "the World Bank", "the International Monetary Fund", "the World Health Organization",
    "the International Atomic Energy Agency", "the World Trade Organization", "the Arab League",
    "the Red Cross", "OPEC", "the G7", "the Shanghai Cooperation Organisation",
]  # fmt: skip
COOPERATE = [
    "signed an agreement with", "pledged support to", "met with", "praised", "agreed to cooperate with",
    "extended aid to", "held talks with", "welcomed", "restored diplomatic ties with",
    "offered to mediate between rebels and", "hosted a delegation from", "eased sanctions on",
]  # fmt: skip
CONFLICT = [
    "condemned", "accused", "threatened", "imposed sanctions on", "expelled diplomats from",
    "criticised", "warned", "demanded an apology from", "recalled its ambassador to", "attacked",
    "blockaded", "rejected proposals from",
]  # fmt: skip
SUBJECTS = ["trade", "security", "energy", "nuclear", "maritime", "border", "climate", "refugee", "grain"]
PLACES = ["Geneva", "Vienna", "New York", "Beijing", "Brussels", "Doha", "Cairo", "Jakarta", "Nairobi"]
UNITS = ["million", "billion"]

# Slots: {a} {b} {c} countries, {leader}, {org}, {coop}, {conf}, {subject}, {place}, {amount}
# (e.g. "$4.2 billion"), {n} (a count), {date} (e.g. "12 March 2019"), {pct}.
TEMPLATES = [
    "{a} {coop} {b} on {date}.",
    "{a} {conf} {b} over its {subject} policy.",
    "{leader} said that {a} {coop} {b} after months of negotiations.",
    "{org} said {a} had {conf} {b} in violation of earlier commitments.",
    "On {date}, {a} {conf} {b}, officials in {place} said.",
    "{a} pledged {amount} in {subject} assistance to {b}.",
    "{a} and {b} signed a {subject} accord worth {amount} in {place}.",
    "{leader} travelled to {place} to meet counterparts from {a} and {b}.",
    "Talks between {a} and {b} broke down in {place} on {date}.",
    "{org} urged {a} and {b} to resume {subject} talks.",
    "{a} {conf} {b} and said it would respond to any provocation.",
    "{a} denied reports that it had {conf} {b}.",
    "Officials from {a} said {n} people were detained near the border with {b}.",
    "{org} approved a loan of {amount} to {a}.",
    "{a} expelled {n} diplomats from {b} on {date}.",
    "{leader} called the {subject} deal with {b} a turning point.",
    "{a} {coop} {org} on {subject} cooperation.",
    "{org} condemned the attack, which killed {n} people in {a}.",
    "Trade between {a} and {b} rose {pct} percent last year to {amount}.",
    "{a} will host a summit with {b} and {c} in {place} on {date}.",
    "{leader} warned that {a} would not accept pressure from {b}.",
    "{a} {coop} {b} and {c} in a joint statement issued in {place}.",
    "Protesters gathered outside the embassy of {b} in {a} on {date}.",
    "{a} recalled its ambassador from {b} after the dispute over {subject} escalated.",
    "{org} said aid worth {amount} had reached {a}.",
    "{a} {conf} {c}, a day after {b} {coop} {c}.",
    "Ministers from {a} and {b} discussed {subject} security in {place}.",
    "{a} sent {n} troops to its border with {b}.",
    "{leader} accused {b} of undermining {subject} stability.",
    "The foreign ministry of {a} summoned the envoy of {b} on {date}.",
    "{a} and {b} agreed to extend their {subject} partnership until {date}.",
    "{org} will send {n} observers to {a} before the vote.",
    "{a} {coop} {b}, according to a statement released on {date}.",
    "{a} imposed tariffs of {pct} percent on imports from {b}.",
    "Negotiators from {a} and {b} met for {n} hours in {place}.",
    "{leader} said {org} must act on {subject} before {date}.",
    "{a} suspended {subject} talks with {b} and {conf} {c}.",
    "Aid groups said {n} refugees had crossed from {a} into {b} since {date}.",
    "{a} said it was ready to {verb} {b} if its demands were met.",
    "Analysts in {place} said relations between {a} and {b} had reached a low point.",
    "{a} offered {b} {amount} to rebuild {subject} infrastructure.",
    "{org} called an emergency meeting on {a} for {date}.",
]
_VERBS = ["talk to", "trade with", "cooperate with", "negotiate with", "reopen its border with"]
_START, _DAYS = date(2000, 1, 1), 9000


def _date(rng: random.Random) -> str:
    day = _START + timedelta(days=rng.randrange(_DAYS))
    return f"{day.day} {day:%B %Y}"


def _sentence(rng: random.Random) -> str:
    a, b, c = rng.sample(COUNTRIES, 3)
    text = rng.choice(TEMPLATES).format(
        a=a,
        b=b,
        c=c,
        leader=rng.choice(LEADERS),
        org=rng.choice(ORGANISATIONS),
        coop=rng.choice(COOPERATE),
        conf=rng.choice(CONFLICT),
        verb=rng.choice(_VERBS),
        subject=rng.choice(SUBJECTS),
        place=rng.choice(PLACES),
        amount=f"${rng.randint(1, 99)}.{rng.randint(0, 9)} {rng.choice(UNITS)}",
        n=rng.randint(2, 5000),
        pct=rng.randint(1, 60),
        date=_date(rng),
    )
    return text[0].upper() + text[1:]


def document(number: int, rng: random.Random) -> dict[str, str]:
    """One JSONL record: a dateline with a reference number, then 5 to 40 template sentences."""
    published = _START + timedelta(days=rng.randrange(_DAYS))
    sentences = [_sentence(rng) for _ in range(rng.randint(5, 40))]
    paragraphs = [" ".join(sentences[i : i + 4]) for i in range(0, len(sentences), 4)]
    reference = f"Ref. {number:08d}/{rng.randrange(10**6):06d}"
    dateline = f"{rng.choice(PLACES).upper()}, {published.day} {published:%B %Y} ({reference}) -"
    title = sentences[0].rstrip(".")
    return {
        "id": f"bench-{number:08d}",
        "title": title,
        "date": published.isoformat(),
        "text": dateline + " " + "\n".join(paragraphs),
    }


def write_corpus(path: Path, size: int, *, seed: int = 7) -> tuple[int, int]:
    """Write documents to ``path`` until it holds at least ``size`` bytes; (bytes, documents)."""
    rng = random.Random(seed)
    written = documents = 0
    with path.open("w", encoding="utf-8") as handle:
        while written < size:
            line = json.dumps(document(documents, rng), ensure_ascii=False) + "\n"
            handle.write(line)
            written += len(line.encode("utf-8"))
            documents += 1
    return written, documents


# -- sampling ---------------------------------------------------------------------------------


@dataclass
class Samples:
    """RSS (bytes) of the client and of each worker process (by pid), sampled every ``interval`` s."""

    interval: float = 1.0
    times: list[float] = field(default_factory=list)
    client: list[int] = field(default_factory=list)
    workers: dict[int, list[tuple[float, int]]] = field(default_factory=dict)
    read: int = 0  # position of the client in the corpus file, last seen
    cpu: dict[str, float] = field(default_factory=dict)  # CPU seconds (user + system), last seen

    def peak_client(self) -> int:
        return max(self.client, default=0)

    def peaks(self) -> dict[int, int]:
        return {pid: max(rss for _, rss in curve) for pid, curve in self.workers.items()}


def _is_worker(process: psutil.Process) -> bool:
    """A Dask worker: a child started by ``multiprocessing.spawn`` (not its resource tracker)."""
    try:
        command = " ".join(process.cmdline())
    except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
        return False
    return "spawn_main" in command and "resource_tracker" not in command


def sample(pid: int, corpus: Path, samples: Samples, stop: threading.Event) -> None:
    """Sample until ``stop`` is set or the process is gone."""
    start = time.monotonic()
    client = psutil.Process(pid)
    workers: dict[int, psutil.Process] = {}
    while not stop.is_set():
        try:
            rss = client.memory_info().rss
            times = client.cpu_times()
            samples.cpu["client"] = times.user + times.system
            for child in client.children(recursive=True):
                if child.pid not in workers and _is_worker(child):
                    workers[child.pid] = child
            for handle in client.open_files():
                if handle.path == str(corpus):
                    samples.read = max(samples.read, handle.position)
        except (psutil.NoSuchProcess, psutil.ZombieProcess):
            return
        now = time.monotonic() - start
        samples.times.append(now)
        samples.client.append(rss)
        for worker_pid, process in list(workers.items()):
            try:
                samples.workers.setdefault(worker_pid, []).append((now, process.memory_info().rss))
                times = process.cpu_times()
                samples.cpu[f"worker pid {worker_pid}"] = times.user + times.system
            except (psutil.NoSuchProcess, psutil.ZombieProcess):
                del workers[worker_pid]
        stop.wait(samples.interval)


# -- one run ----------------------------------------------------------------------------------


@dataclass
class Run:
    pipeline: str
    seconds: float
    stopped: bool  # stopped at --max-minutes rather than finished
    returncode: int
    bytes_read: int
    documents: int
    sentences: int
    samples: Samples
    report: dict[str, object] | None


def _rows(folder: Path) -> int:
    return sum(pq.read_metadata(p).num_rows for p in folder.glob("part-*.parquet"))


def _diplomap() -> list[str]:
    script = Path(sys.executable).with_name("diplomap")
    if script.exists():
        return [str(script)]
    found = shutil.which("diplomap")
    if found is None:
        raise SystemExit("no `diplomap` command: install the package, e.g. `make install`")
    return [found]


def _default_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def run_ingest(corpus: Path, out: Path, *, pipeline: str, workers: int, max_minutes: float | None) -> Run:
    """``diplomap ingest CORPUS --workers N --out-parquet OUT`` in a subprocess, sampled every second."""
    command = [*_diplomap(), "ingest", str(corpus), "--workers", str(workers), "--out-parquet", str(out)]
    command += ["--json"] + (["--no-nlp"] if pipeline == "sentences" else [])
    print(f"\n== {pipeline}: {' '.join(command)}", flush=True)
    samples, stop = Samples(), threading.Event()
    start = time.monotonic()
    process = subprocess.Popen(
        command,
        cwd=out.parent,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group, to end it and its workers if need be
        # Ctrl-C stops it as in a terminal, also when this script runs in the background (`cmd &`
        # starts it with SIGINT ignored, which the child would inherit)
        preexec_fn=_default_sigint,
    )
    sampler = threading.Thread(target=sample, args=(process.pid, corpus, samples, stop), daemon=True)
    sampler.start()
    deadline = start + max_minutes * 60 if max_minutes else None
    stopped = False
    minute = 0
    while process.poll() is None:
        time.sleep(1)
        if (time.monotonic() - start) // 60 > minute:
            minute += 1
            _print_minute(minute, samples)
        if deadline is not None and time.monotonic() >= deadline and not stopped:
            stopped = True
            process.send_signal(signal.SIGINT)  # as Ctrl-C: the buffered documents are written
            try:
                process.wait(timeout=120)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
    stdout, stderr = process.communicate()
    seconds = time.monotonic() - start
    stop.set()
    sampler.join()
    report = None
    if process.returncode == 0:
        report = json.loads(stdout)
    elif not stopped:
        print(stderr[-4000:], file=sys.stderr)
    read = corpus.stat().st_size if process.returncode == 0 else samples.read
    return Run(
        pipeline,
        seconds,
        stopped,
        process.returncode,
        read,
        _rows(out / "documents"),
        _rows(out / "sentences"),
        samples,
        report,
    )


def _mib(value: float) -> str:
    return f"{value / MIB:,.0f} MiB"


def _at(curve: list[tuple[float, int]], since: float, until: float) -> int | None:
    window = [rss for t, rss in curve if since <= t < until]
    return max(window) if window else None


def _print_minute(minute: int, samples: Samples) -> None:
    since, until = (minute - 1) * 60.0, minute * 60.0
    client = _at(list(zip(samples.times, samples.client, strict=True)), since, until)
    workers = [_at(curve, since, until) for curve in samples.workers.values()]
    shown = ", ".join(_mib(w) for w in workers if w is not None) or "-"
    print(
        f"  minute {minute:>3}: client {_mib(client or 0)}, workers {shown} (peak in the minute)", flush=True
    )


def summarise(run: Run, *, limit: int) -> bool:
    """Print a run's figures; True when every worker stayed under ``limit`` bytes."""
    samples = run.samples
    peaks = samples.peaks()
    ok = bool(peaks) and all(p < limit for p in peaks.values())
    how = f"stopped after {run.seconds / 60:.1f} min" if run.stopped else f"exit code {run.returncode}"
    print(f"\n-- {run.pipeline} pipeline ({how})")
    rows = [
        ("bytes read", f"{run.bytes_read:,} ({run.bytes_read / GB:.2f} GB)"),
        ("documents written", f"{run.documents:,}"),
        ("sentences written", f"{run.sentences:,}"),
        ("elapsed", f"{run.seconds:,.0f} s ({run.seconds / 60:.1f} min)"),
        ("documents/s", f"{run.documents / run.seconds:,.1f}" if run.seconds else "-"),
        ("MB/s read", f"{run.bytes_read / 1e6 / run.seconds:,.2f}" if run.seconds else "-"),
        ("peak RSS, client (scheduler, nannies)", _mib(samples.peak_client())),
    ]
    for n, (pid, peak) in enumerate(sorted(peaks.items()), start=1):
        rows.append((f"peak RSS, worker {n} (pid {pid})", _mib(peak)))
    rows.append((f"every worker under {limit / GB:.1f} GB", "yes" if ok else "NO"))
    for name, seconds in samples.cpu.items():
        rows.append((f"CPU busy, {name}", f"{seconds / run.seconds:.0%}" if run.seconds else "-"))
    for name, value in rows:
        print(f"{name:<40}{value:>36}")
    _print_growth(samples)
    if run.report is not None:
        print(f"report: {run.report}")
    return ok


def _print_growth(samples: Samples) -> None:
    """RSS at each minute, and the change from the second minute (warmed up) to the last one."""
    curves = {"client": list(zip(samples.times, samples.client, strict=True))}
    curves |= {f"worker {n}": c for n, (_, c) in enumerate(sorted(samples.workers.items()), start=1)}
    end = max(samples.times, default=0.0)
    minutes = int(end // 60) + 1
    print("RSS curve, peak in each minute (MiB):")
    header = "".join(f"{m + 1:>7}" for m in range(minutes))
    print(f"  {'minute':<10}{header}")
    for name, curve in curves.items():
        values = [_at(curve, m * 60.0, (m + 1) * 60.0) for m in range(minutes)]
        line = "".join(f"{v / MIB:>7.0f}" if v is not None else f"{'-':>7}" for v in values)
        print(f"  {name:<10}{line}")
        known = [v for v in values if v is not None]
        if len(known) >= 3:
            print(f"  {'':<10}growth from minute 2 to the last: {(known[-1] - known[1]) / MIB:+,.0f} MiB")


# -- main -------------------------------------------------------------------------------------


def _size(text: str) -> int:
    match = re.fullmatch(r"\s*([\d.]+)\s*([KMG]?)B?\s*", text.upper())
    if not match:
        raise argparse.ArgumentTypeError(f"{text!r} is not a size; write e.g. 2GB, 500MB or 1e9")
    return int(float(match[1]) * {"": 1, "K": 10**3, "M": 10**6, "G": 10**9}[match[2]])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=_size, default=2 * GB, help="corpus size, e.g. 2GB (default), 200MB")
    parser.add_argument("--folder", type=Path, help="where to write the corpus and outputs (default: temp)")
    parser.add_argument("--keep", action="store_true", help="keep the corpus and Parquet outputs")
    parser.add_argument("--seed", type=int, default=7, help="seed of the generated corpus (default 7)")
    parser.add_argument(
        "--pipeline",
        choices=("both", "sentences", "full"),
        default="both",
        help="sentences: no NLP, whole corpus; full: model and components, for --max-minutes; "
        "both (default): one then the other",
    )
    parser.add_argument(
        "--max-minutes", type=float, default=10.0, help="stop the full pipeline after this long (0: never)"
    )
    parser.add_argument(
        "--sentences-max-minutes",
        type=float,
        default=0.0,
        help="stop the sentences run after this long (default 0: read the whole corpus)",
    )
    parser.add_argument("--workers", type=int, default=2, help="Dask worker processes (default 2)")
    parser.add_argument("--limit-gb", type=float, default=1.5, help="RSS limit per worker (default 1.5)")
    args = parser.parse_args()

    folder = args.folder or Path(tempfile.mkdtemp(prefix="diplomap-memory-"))
    folder.mkdir(parents=True, exist_ok=True)
    corpus = folder / "corpus.jsonl"
    print(
        f"machine: {os.cpu_count()} cores, {psutil.virtual_memory().total / GB:.1f} GB RAM; folder {folder}"
    )
    ok = True
    try:
        if corpus.exists() and corpus.stat().st_size >= args.size:
            print(f"corpus: reusing {corpus} ({corpus.stat().st_size:,} bytes)")
        else:
            start = time.monotonic()
            size, documents = write_corpus(corpus, args.size, seed=args.seed)
            print(
                f"corpus: wrote {size:,} bytes, {documents:,} documents in {time.monotonic() - start:,.0f} s"
            )
        pipelines = ("sentences", "full") if args.pipeline == "both" else (args.pipeline,)
        for pipeline in pipelines:
            out = folder / f"parquet-{pipeline}"
            shutil.rmtree(out, ignore_errors=True)
            run = run_ingest(
                corpus,
                out,
                pipeline=pipeline,
                workers=args.workers,
                max_minutes=args.max_minutes if pipeline == "full" else args.sentences_max_minutes,
            )
            ok = summarise(run, limit=int(args.limit_gb * GB)) and ok
            if run.returncode != 0 and not run.stopped:
                ok = False
            if not args.keep:
                shutil.rmtree(out, ignore_errors=True)
    finally:
        if not args.keep and args.folder is None:
            shutil.rmtree(folder, ignore_errors=True)
        elif not args.keep:
            corpus.unlink(missing_ok=True)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
