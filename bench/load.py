"""Load-test the quiz under gunicorn with simulated students (httpx, asyncio); print figures, assert nothing.

Run: .venv/bin/python bench/load.py [--students 100] [--duration 30] [--db sqlite|postgresql|both]
Each run seeds a synthetic bank of --items approved items (default 300: 12 texts, 6 topics, all four item
types), starts `gunicorn quiz.web.wsgi:app` on 127.0.0.1 with several workers, then:
  1. the students, arriving within 2 s at the fresh server: start, then fetch /quiz, answer, read the
     feedback, think, repeat                                                        -> latency, errors
  2. POST /quiz/answer alone at saturation (--saturate requests in flight, answers to questions fetched
     beforehand, untimed), in rounds; after each round /healthz alone at the same concurrency for as long
     as the round took (the machine is shared: alternating gives both the same background load)
                                                                    -> answer endpoint and healthz req/s
  3. the students' loop again at saturation (no think time, --saturate students)    -> loop req/s
and at the end counts the attempts in the database against the answers the server acknowledged (a 303 to
the feedback page): the two must be equal. Loopback only; bounded by --duration and --max-requests.
"""
from __future__ import annotations

import argparse
import asyncio
import glob
import os
import random
import re
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402

from quiz.core.items import Bank, Document, Item, Source, stable_id  # noqa: E402
import quiz.storage.models  # noqa: E402,F401  (first: importing quiz.storage.repository first is a circular import)

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)
SECRET = "load-test-secret-" + "x" * 32
TOPICS = ("Karabakh", "Georgia", "Alliances", "Energy", "Elections", "Migration")
_CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
_TOKEN = re.compile(r'name="token" type="hidden" value="([^"]+)"')
_CHOICE = re.compile(r'type="radio" name="response" id="choice-\d+" value="([^"]*)"')


# --- the bank --------------------------------------------------------------------------------------------------

def synthetic_bank(n_items: int = 300, n_docs: int = 12, *, seed: int = 1) -> Bank:
    """Return a bank of `n_items` approved items of all four types over `n_docs` texts and six topics."""
    rng = random.Random(seed)
    docs, items = [], []
    per_doc = max(1, -(-n_items // n_docs))
    for d in range(n_docs):
        sentences = [f"Actor {d}-{k} signed agreement number {k} with partner {d} in {1990 + k % 30}."
                     for k in range(per_doc)]
        text = " ".join(sentences)
        doc = Document(id=stable_id(text, prefix="d"), title=f"Synthetic text {d}", path=f"synthetic/{d}.txt",
                       sha256=f"{d:064x}", text=text, words=len(text.split()), author="Bench", date="2026-01-01")
        docs.append(doc)
        pos = 0
        for k, s in enumerate(sentences):
            if len(items) >= n_items:
                break
            src = Source(doc.id, s, pos, pos + len(s))
            pos += len(s) + 1
            kind = ("mcq", "truefalse", "cloze", "short")[len(items) % 4]
            answer = f"Actor {d}-{k}"
            common = dict(source=src, topic=TOPICS[(d + k) % len(TOPICS)], kind="fact", status="approved",
                          difficulty=round(rng.gauss(0, 1), 2), quality=0.8, explanation=s,
                          tags=(f"type::{kind}", "kind::fact"))
            iid = stable_id(s, kind, prefix="i")
            if kind == "mcq":
                choices = [answer] + [f"Actor {d}-{(k + j) % per_doc}x" for j in (1, 2, 3)]
                rng.shuffle(choices)
                items.append(Item(id=iid, type="mcq", prompt=f"Who signed agreement number {k} with partner {d}?",
                                  answer=answer, choices=tuple(choices), **common))
            elif kind == "truefalse":
                truth = rng.random() < 0.5
                items.append(Item(id=iid, type="truefalse", answer="True" if truth else "False",
                                  prompt=f"True or false: actor {d}-{k if truth else k + 1} signed agreement {k}.",
                                  choices=("True", "False"), **common))
            elif kind == "cloze":
                items.append(Item(id=iid, type="cloze", answer=answer,
                                  prompt=f"{{{{gap}}}} signed agreement number {k} with partner {d}.", **common))
            else:
                items.append(Item(id=iid, type="short", answer=str(1990 + k % 30),
                                  prompt=f"In what year did actor {d}-{k} sign agreement number {k}?", **common))
    return Bank(documents=tuple(docs), items=tuple(items), generated_at=T0.isoformat())


def seed_database(url: str, bank: Bank) -> None:
    """Migrate the database at `url`, store the bank and approve its approved items."""
    from quiz.storage.db import make_engine, upgrade
    from quiz.storage.repository import merge_bank, set_status

    engine = make_engine(url)
    try:
        upgrade(engine)
        merge_bank(engine, bank, now=T0)
        set_status(engine, [i.id for i in bank.items if i.status == "approved"], "approved", by="bench", now=T0)
    finally:
        engine.dispose()


def count_attempts(url: str) -> tuple[int, int]:
    """Return (attempts, distinct served tokens among them) stored in the database."""
    from sqlalchemy import func, select

    from quiz.storage.db import make_engine
    from quiz.storage.models import AttemptRow

    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            n = conn.execute(select(func.count()).select_from(AttemptRow)).scalar() or 0
            distinct = conn.execute(select(func.count(AttemptRow.served_token.distinct()))).scalar() or 0
        return int(n), int(distinct)
    finally:
        engine.dispose()


# --- servers ---------------------------------------------------------------------------------------------------

def free_port() -> int:
    """Return a free TCP port on the loopback interface."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Postgres:
    """A throwaway PostgreSQL server on a loopback port (as tests/conftest.py starts it); restartable."""

    def __init__(self) -> None:
        found = glob.glob("/usr/lib/postgresql/*/bin/initdb")
        if not found:
            raise SystemExit("PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb).")
        self.bindir = Path(max(found, key=lambda p: int(Path(p).parent.parent.name.split(".")[0]))).parent
        self.base = Path(tempfile.mkdtemp(prefix="quiz-bench-pg-"))
        self.data, self.sock, self.log = self.base / "data", self.base / "sock", self.base / "server.log"
        self.sock.mkdir()
        self.prefix: list[str] = []
        if os.geteuid() == 0:
            self.prefix = ["runuser", "-u", "postgres", "--"]
            for path in (self.base, self.sock):
                shutil.chown(path, "postgres", "postgres")
        os.chmod(self.base, 0o700)
        self.port = free_port()
        self._run(str(self.bindir / "initdb"), "-D", str(self.data), "-U", "postgres", "-A", "trust", "-E", "UTF8",
                  "--locale=C", "--no-sync")
        self.start()
        import psycopg

        with psycopg.connect(f"{self.admin_url}/postgres", autocommit=True) as conn:
            conn.execute('CREATE DATABASE "quiz_bench"')

    @property
    def admin_url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}"

    @property
    def url(self) -> str:
        return f"{self.admin_url}/quiz_bench"

    def _run(self, *args: str) -> None:
        done = subprocess.run(self.prefix + list(args), capture_output=True, text=True)
        if done.returncode != 0:
            raise RuntimeError(f"{args[0]} failed: {done.stdout}\n{done.stderr}")

    def start(self) -> None:
        """Start the server and wait until it accepts connections."""
        options = (f"-p {self.port} -k {self.sock} -c listen_addresses=127.0.0.1 -c max_connections=200 "
                   "-c fsync=off -c full_page_writes=off")
        self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-o", options, "-l", str(self.log), "-w",
                  "-t", "60", "start")

    def stop(self, mode: str = "fast") -> None:
        """Stop the server (`immediate` is a crash: no checkpoint, connections cut)."""
        subprocess.run(self.prefix + [str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop"],
                       capture_output=True)

    def destroy(self) -> None:
        """Stop the server and delete its files."""
        self.stop("immediate")
        shutil.rmtree(self.base, ignore_errors=True)


class Gunicorn:
    """`gunicorn quiz.web.wsgi:app` on 127.0.0.1 with the given database; the master respawns dead workers."""

    def __init__(self, database_url: str, *, workers: int = 4, threads: int = 4, instance: Path | None = None,
                 extra_env: dict[str, str] | None = None) -> None:
        self.port = free_port()
        self.instance = instance or Path(tempfile.mkdtemp(prefix="quiz-bench-inst-"))
        env = dict(os.environ, DATABASE_URL=database_url, QUIZ_SECRET_KEY=SECRET, QUIZ_INSTANCE=str(self.instance),
                   QUIZ_ENV="production", PYTHONPATH=str(ROOT))
        env.update(extra_env or {})
        self.log = open(self.instance / "gunicorn.log", "w")
        cmd = [str(Path(sys.executable).parent / "gunicorn"), "--bind", f"127.0.0.1:{self.port}",
               "--workers", str(workers), "--threads", str(threads), "--worker-class", "gthread",
               "--graceful-timeout", "5", "--keep-alive", "5", "--timeout", "60", "--log-level", "warning", "quiz.web.wsgi:app"]
        self.proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT)
        self.wait_ready()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def wait_ready(self, timeout: float = 60) -> None:
        """Wait until /healthz answers 200 (or the master dies)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"gunicorn exited: {(self.instance / 'gunicorn.log').read_text()[-2000:]}")
            try:
                if httpx.get(f"{self.url}/healthz", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        raise RuntimeError("gunicorn did not become ready")

    def workers(self) -> list[int]:
        """Return the pids of the master's live worker processes (read from /proc)."""
        pids = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == self.proc.pid and fields[0] != "Z":
                pids.append(int(stat.parent.name))
        return sorted(pids)

    def stop(self) -> None:
        """Stop the master (and its workers)."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()


# --- simulated students ----------------------------------------------------------------------------------------

@dataclass
class Stats:
    """Latencies per endpoint, errors, acknowledged answers."""

    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    acknowledged: set[str] = field(default_factory=set)
    requests: int = 0
    started: float = field(default_factory=time.monotonic)
    ended: float = 0.0
    error_bodies: list[str] = field(default_factory=list)
    error_kinds: dict[str, int] = field(default_factory=lambda: defaultdict(int))  # status code or exception

    def record(self, endpoint: str, seconds: float, ok: bool, detail: str = "") -> None:
        self.requests += 1
        self.latencies[endpoint].append(seconds)
        if not ok:
            self.errors[endpoint] += 1
            self.error_kinds[(detail.split() or ["?"])[0].split("(")[0]] += 1
            if len(self.error_bodies) < 5:
                self.error_bodies.append(f"{endpoint}: {detail[:300]}")


class Budget:
    """Stop when the time is up or the request budget is spent."""

    def __init__(self, seconds: float, max_requests: int) -> None:
        self.deadline = time.monotonic() + seconds
        self.left = max_requests

    def take(self) -> bool:
        if self.left <= 0 or time.monotonic() >= self.deadline:
            return False
        self.left -= 1
        return True


_tls: ssl.SSLContext | None = None


def tls() -> ssl.SSLContext:
    """Return one TLS context for every client (loopback is plain HTTP, but httpx builds a context per client
    otherwise: loading the CA bundle takes ~20 ms of CPU, which blocked the event loop when 100 students
    arrived and inflated the latencies measured for the requests in flight)."""
    global _tls
    if _tls is None:
        _tls = ssl.create_default_context()
    return _tls


def pick_response(html: str, rng: random.Random) -> str:
    """Return an answer for the question page: a choice for MCQ/true-false, typed text otherwise."""
    choices = _CHOICE.findall(html)
    if choices:
        return rng.choice(choices).replace("&amp;", "&").replace("&#39;", "'").replace("&#34;", '"')
    return rng.choice(["Actor 1-1", "2001", "I am not sure", "Actor 3-4"])


async def _timed(stats: Stats, endpoint: str, call: Any, ok_codes: tuple[int, ...]) -> httpx.Response | None:
    t = time.perf_counter()
    try:
        r = await call
    except httpx.HTTPError as exc:
        stats.record(endpoint, time.perf_counter() - t, False, repr(exc))
        return None
    stats.record(endpoint, time.perf_counter() - t, r.status_code in ok_codes, f"{r.status_code} {r.text[:200]}")
    return r if r.status_code in ok_codes else None


async def student(base: str, stats: Stats, budget: Budget, rng: random.Random, think: tuple[float, float]) -> None:
    """One student: start, then fetch a question, answer it, read the feedback, think; until the budget ends."""
    # Idle connections are dropped before the server's keep-alive (5 s) ends, as browsers do, so that no request
    # races the server closing its socket.
    limits = httpx.Limits(keepalive_expiry=2.0)
    async with httpx.AsyncClient(base_url=base, timeout=30, follow_redirects=False, limits=limits,
                                 verify=tls()) as client:
        if not budget.take():
            return
        r = await _timed(stats, "GET /", client.get("/"), (200,))
        if r is None or not budget.take():
            return
        csrf = _CSRF.search(r.text).group(1)
        r = await _timed(stats, "POST /start", client.post("/start", data={"csrf_token": csrf}), (302,))
        if r is None:
            return
        while budget.take():
            r = await _timed(stats, "GET /quiz", client.get("/quiz"), (200,))
            if r is None:
                await asyncio.sleep(1)
                continue
            token = _TOKEN.search(r.text)
            if token is None:  # everything answered for now
                return
            await asyncio.sleep(rng.uniform(*think))
            if not budget.take():
                return
            data = {"csrf_token": _CSRF.search(r.text).group(1), "token": token.group(1),
                    "response": pick_response(r.text, rng)}
            r = await _timed(stats, "POST /quiz/answer", client.post("/quiz/answer", data=data), (303,))
            if r is None:
                await asyncio.sleep(1)
                continue
            stats.acknowledged.add(data["token"])
            if not budget.take():
                return
            await _timed(stats, "GET /quiz/feedback", client.get(r.headers["Location"]), (200,))
            await asyncio.sleep(rng.uniform(*think))


async def run_students(base: str, n: int, seconds: float, max_requests: int, think: tuple[float, float],
                       seed: int = 7, ramp: float = 2.0) -> Stats:
    """Drive `n` students at once (started over `ramp` seconds); return their stats."""
    stats, budget = Stats(), Budget(seconds, max_requests)

    async def one(k: int) -> None:
        await asyncio.sleep(ramp * k / max(1, n))
        await student(base, stats, budget, random.Random(seed * 100_003 + k), think)

    await asyncio.gather(*(one(k) for k in range(n)))
    stats.ended = time.monotonic()
    return stats


def browsers(base: str, n: int) -> list[httpx.AsyncClient]:
    """Return `n` clients, each with its own cookies and keep-alive connection, as `n` browsers would have."""
    limits = httpx.Limits(max_connections=1, max_keepalive_connections=1, keepalive_expiry=2.0)
    return [httpx.AsyncClient(base_url=base, timeout=30, follow_redirects=False, limits=limits, verify=tls())
            for _ in range(n)]


class HealthzHammer:
    """/healthz with `connections` requests always in flight, in bursts; the stats add up the bursts' time.

    The requests come from connections x browsers_per_connection browsers in turn (as in hammer_answers), so
    that, as with real browsers, gunicorn's workers each accept a share of the connections.
    """

    def __init__(self, base: str, connections: int, *, browsers_per_connection: int = 16) -> None:
        self.connections = connections
        self.clients = browsers(base, connections * browsers_per_connection)
        self.stats = Stats()
        self.stats.started = self.stats.ended = 0.0
        self._turn = 0

    async def burst(self, seconds: float) -> None:
        """Fetch /healthz without pause for `seconds`."""
        deadline = time.monotonic() + seconds
        t = time.monotonic()

        async def loop(k: int) -> None:
            mine = self.clients[k::self.connections]
            n = self._turn
            while time.monotonic() < deadline:
                await _timed(self.stats, "GET /healthz", mine[n % len(mine)].get("/healthz"), (200,))
                n += 1

        await asyncio.gather(*(loop(k) for k in range(self.connections)))
        self._turn += 1
        self.stats.ended += time.monotonic() - t

    async def close(self) -> None:
        for client in self.clients:
            await client.aclose()


async def hammer_healthz(base: str, connections: int, seconds: float) -> Stats:
    """Fetch /healthz with `connections` requests always in flight, no pause, for `seconds`; return the stats."""
    hammer = HealthzHammer(base, connections)
    try:
        await hammer.burst(seconds)
    finally:
        await hammer.close()
    return hammer.stats


async def answers_against_healthz(base: str, connections: int, seconds: float, max_requests: int
                                  ) -> tuple[Stats, Stats]:
    """Return (answer endpoint, /healthz) stats at the same concurrency, measured in alternation.

    After each round of answers (see hammer_answers) /healthz gets a burst as long as that round took, so both
    see the same background load (the machine is shared) and the same warm server; each side's time adds up.
    """
    hammer = HealthzHammer(base, connections)
    try:
        answers = await hammer_answers(base, connections, seconds, max_requests, after_round=hammer.burst)
    finally:
        await hammer.close()
    return answers, hammer.stats


async def hammer_answers(base: str, connections: int, seconds: float, max_requests: int, *,
                         learners_per_connection: int = 16, seed: int = 13, after_round: Any = None) -> Stats:
    """Saturate POST /quiz/answer alone: `connections` answers always in flight, nothing else.

    Learners (connections x learners_per_connection browsers, each with its own cookie and connection) start
    first; then in rounds every learner fetches its next question (not timed, not counted), and, once all have
    one, the answers are fired from one queue with `connections` in flight and no think time. Only the answer
    phases are timed: `stats.ended - stats.started` is their summed wall time, so rate() is answers per second
    with the server doing nothing but answer. Stops after `seconds` of answering or `max_requests` answers.
    `after_round(seconds)`, if given, is awaited after each round with the length of its answer phase.
    """
    rng = random.Random(seed)
    clients = browsers(base, connections * learners_per_connection)
    setup = Stats()  # starting and fetching: errors there are reported, never timed as answers
    stats = Stats()
    answering = 0.0

    async def drain(jobs: list[Any], work: Any) -> None:
        queue: asyncio.Queue[Any] = asyncio.Queue()
        for job in jobs:
            queue.put_nowait(job)

        async def worker() -> None:
            while not queue.empty():
                await work(queue.get_nowait())

        await asyncio.gather(*(worker() for _ in range(connections)))

    async def start(client: httpx.AsyncClient) -> None:
        r = await _timed(setup, "GET /", client.get("/"), (200,))
        if r is not None:
            await _timed(setup, "POST /start", client.post("/start", data={"csrf_token": _CSRF.search(r.text)
                                                                           .group(1)}), (302,))

    prepared: list[tuple[httpx.AsyncClient, dict[str, str]]] = []

    async def fetch(client: httpx.AsyncClient) -> None:
        r = await _timed(setup, "GET /quiz", client.get("/quiz"), (200,))
        token = _TOKEN.search(r.text) if r is not None else None
        if token is not None:
            prepared.append((client, {"csrf_token": _CSRF.search(r.text).group(1), "token": token.group(1),
                                      "response": pick_response(r.text, rng)}))

    async def fire(job: tuple[httpx.AsyncClient, dict[str, str]]) -> None:
        client, data = job
        r = await _timed(stats, "POST /quiz/answer", client.post("/quiz/answer", data=data), (303,))
        if r is not None:
            stats.acknowledged.add(data["token"])

    try:
        await drain(clients, start)
        while answering < seconds and stats.requests < max_requests:
            prepared.clear()
            await drain(clients, fetch)
            if not prepared:
                break
            t = time.monotonic()
            await drain(prepared[:max(0, max_requests - stats.requests)], fire)
            answering += time.monotonic() - t
            if after_round is not None:
                await after_round(time.monotonic() - t)
    finally:
        for client in clients:
            await client.aclose()
    stats.started, stats.ended = 0.0, answering
    stats.errors.update({f"(setup) {k}": v for k, v in setup.errors.items()})
    stats.error_bodies.extend(setup.error_bodies[:3])
    return stats


# --- report ----------------------------------------------------------------------------------------------------

def _pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))] * 1000


def print_stats(title: str, stats: Stats) -> None:
    """Print requests/s overall and latency percentiles and errors per endpoint."""
    elapsed = max(1e-9, stats.ended - stats.started)
    errors = sum(stats.errors.values())
    print(f"\n{title}: {stats.requests} requests in {elapsed:.1f} s = {stats.requests / elapsed:.1f} req/s, "
          f"errors {errors}")
    print(f"  {'endpoint':<20} {'n':>6} {'req/s':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'max ms':>8} {'err':>4}")
    for endpoint, values in sorted(stats.latencies.items()):
        print(f"  {endpoint:<20} {len(values):>6} {len(values) / elapsed:>7.1f} {_pct(values, .5):>8.1f} "
              f"{_pct(values, .95):>8.1f} {_pct(values, .99):>8.1f} {max(values) * 1000:>8.1f} "
              f"{stats.errors.get(endpoint, 0):>4}")
    if stats.error_kinds:
        print(f"  errors by kind: {dict(stats.error_kinds)}")
    for body in stats.error_bodies:
        print(f"  error: {body}")


def rate(stats: Stats, endpoint: str | None = None) -> float:
    """Return requests per second (of one endpoint, or all)."""
    elapsed = max(1e-9, stats.ended - stats.started)
    n = stats.requests if endpoint is None else len(stats.latencies.get(endpoint, []))
    return n / elapsed


def run_one(db: str, args: argparse.Namespace) -> dict[str, Any]:
    """Seed, serve, measure and check one backend; return the key figures."""
    pg = Postgres() if db == "postgresql" else None
    tmp = Path(tempfile.mkdtemp(prefix=f"quiz-bench-{db}-"))
    url = pg.url if pg else f"sqlite:///{tmp / 'quiz.db'}"
    server = None
    try:
        bank = synthetic_bank(args.items)
        seed_database(url, bank)
        server = Gunicorn(url, workers=args.workers, threads=args.threads, instance=tmp)
        print(f"\n=== {db}: gunicorn {args.workers} workers x {args.threads} threads on {server.url}, "
              f"{len(bank.items)} approved synthetic items ===")
        students = asyncio.run(run_students(server.url, args.students, args.duration, args.max_requests,
                                            (args.think_min, args.think_max)))
        print_stats(f"{args.students} students with think times {args.think_min}-{args.think_max} s "
                    f"(arriving within 2 s at a freshly started server)", students)
        answers, health = asyncio.run(answers_against_healthz(server.url, args.saturate, args.saturate_seconds,
                                                              args.max_requests))
        print_stats(f"POST /quiz/answer at saturation ({args.saturate} connections, answers only)", answers)
        print_stats(f"/healthz at saturation ({args.saturate} connections, in alternation with the answers)",
                    health)
        busy = asyncio.run(run_students(server.url, args.saturate, args.saturate_seconds, args.max_requests,
                                        (0.0, 0.0), seed=11, ramp=0.2))
        print_stats(f"{args.saturate} students without think time (whole loop at saturation)", busy)
        stored, distinct = count_attempts(url)
        acked = len(students.acknowledged) + len(answers.acknowledged) + len(busy.acknowledged)
        h, e = rate(health), rate(answers, "POST /quiz/answer")
        a, q = rate(busy, "POST /quiz/answer"), rate(busy)
        print(f"\nthroughput at {args.saturate} connections: /healthz {h:.1f} req/s; "
              f"answer endpoint {e:.1f} req/s (ratio to /healthz {e / h:.2f})")
        print(f"  whole student loop (question, answer, feedback) {q:.1f} req/s (ratio {q / h:.2f}), "
              f"of which answers {a:.1f}/s (ratio {a / h:.2f})")
        print(f"answers acknowledged {acked}, attempts stored {stored} ({distinct} distinct tokens): "
              f"{'EQUAL' if acked == stored == distinct else 'MISMATCH'}")
        lat = students.latencies
        return {"db": db, "acked": acked, "stored": stored,
                "errors": sum(students.errors.values()) + sum(answers.errors.values()) + sum(busy.errors.values()),
                "p99_answer": _pct(lat["POST /quiz/answer"], .99),
                "p99_start": max(_pct(lat["GET /"], .99), _pct(lat["POST /start"], .99)),
                "healthz": h, "endpoint": e, "loop": q, "answers": a}
    finally:
        if server:
            server.stop()
        if pg:
            pg.destroy()
        shutil.rmtree(tmp, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--students", type=int, default=100)
    parser.add_argument("--duration", type=float, default=30.0, help="seconds of the student phase")
    parser.add_argument("--max-requests", type=int, default=200_000, help="request budget of each phase")
    parser.add_argument("--db", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--items", type=int, default=300)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--think-min", type=float, default=1.0)
    parser.add_argument("--think-max", type=float, default=4.0)
    parser.add_argument("--saturate", type=int, default=16, help="connections in the saturation phases")
    parser.add_argument("--saturate-seconds", type=float, default=8.0)
    args = parser.parse_args(argv)
    results = [run_one(db, args) for db in (("sqlite", "postgresql") if args.db == "both" else (args.db,))]
    print("\nsummary")
    for r in results:
        print(f"  {r['db']:<10} errors {r['errors']}, acknowledged {r['acked']} = stored {r['stored']}: "
              f"{r['acked'] == r['stored']}, answer p99 {r['p99_answer']:.1f} ms, start p99 {r['p99_start']:.0f} ms, "
              f"answer endpoint/healthz {r['endpoint'] / r['healthz']:.2f} (loop: answers/healthz "
              f"{r['answers'] / r['healthz']:.2f}, all requests/healthz {r['loop'] / r['healthz']:.2f})")
    return 0 if all(r["acked"] == r["stored"] for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
