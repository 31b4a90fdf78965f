"""Scale figures: generation time and peak memory against corpus size; next-item time with 10k items, 1k learners.

Run: .venv/bin/python bench/scale.py [--words 100000 300000 1000000] [--items 10000] [--learners 1000]
                                     [--skip-generate] [--skip-quiz]
Generation runs in a child process per size (peak RSS from getrusage of that child); the corpus is the seeds and
tests/data/corpora repeated, each copy with a distinct marker line so no two documents are equal. The quiz part
stores synthetic rows through the repository functions and times services.next_question / submit_answer for
learners with many attempts. Prints figures; asserts nothing.
"""
from __future__ import annotations

import argparse
import json
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def make_corpus(words: int, out: Path) -> int:
    """Write copies of the seeds and test corpora with distinct markers until `words` words; return the count."""
    sources = sorted((ROOT / "seeds").glob("*")) + sorted((ROOT / "tests" / "data" / "corpora").glob("*.txt"))
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in sources if p.suffix in (".txt", ".md")]
    out.mkdir(parents=True, exist_ok=True)
    total, copy = 0, 0
    while total < words:
        for k, text in enumerate(texts):
            marked = f"Copy {copy} of text {k}\n\nThis is copy number {copy} of source {k} in the scale run.\n\n{text}"
            (out / f"c{copy:04d}_{k:02d}.txt").write_text(marked, encoding="utf-8")
            total += len(marked.split())
            if total >= words:
                break
        copy += 1
    return total


def _child_generate(folder: str) -> None:
    from quiz.core.nlp import load_pipeline
    from quiz.core.pipeline import build_bank

    t = time.perf_counter()
    nlp = load_pipeline()
    loaded = time.perf_counter() - t
    bank, report = build_bank([folder], nlp, seed=0)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": time.perf_counter() - t - loaded, "load": loaded, "items": len(bank.items),
                      "documents": len(bank.documents), "peak_mb": peak, "stages": report.seconds}))


def bench_generation(sizes: list[int], timeout: float) -> None:
    print(f"{'words':>9} {'docs':>5} {'items':>6} {'seconds':>8} {'words/s':>8} {'peak RSS MB':>11}")
    for size in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            n = make_corpus(size, Path(tmp) / "corpus")
            try:
                done = subprocess.run([sys.executable, __file__, "--child", str(Path(tmp) / "corpus")],
                                      capture_output=True, text=True, timeout=timeout)
            except subprocess.TimeoutExpired:
                print(f"{n:>9} did not finish within {timeout:.0f} s")
                continue
            if done.returncode:
                print(f"{n:>9} failed: {done.stderr[-500:]}")
                continue
            r = json.loads(done.stdout.strip().splitlines()[-1])
            print(f"{n:>9} {r['documents']:>5} {r['items']:>6} {r['seconds']:>8.1f} {n / r['seconds']:>8.0f} "
                  f"{r['peak_mb']:>11.0f}   (model load {r['load']:.1f} s; stages {r['stages']})")


def bench_quiz(n_items: int, n_learners: int, attempts_each: int, samples: int) -> None:
    import load  # bench/load.py: the synthetic bank

    from quiz.storage.db import make_engine, upgrade
    from quiz.storage.learning import create_learner, record_attempt, record_served, start_session
    from quiz.web import services

    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/scale.db"
        t = time.perf_counter()
        bank = load.synthetic_bank(n_items, n_docs=max(12, n_items // 100))
        load.seed_database(url, bank)
        engine = make_engine(url)
        upgrade(engine)
        print(f"\nseeded {len(bank.items)} items in {time.perf_counter() - t:.1f} s")
        rng = random.Random(3)
        ids = [i.id for i in bank.items]
        t = time.perf_counter()
        learners = []
        with engine.begin() as conn:  # one transaction for the synthetic history of every learner
            for k in range(n_learners):
                lid = create_learner(conn, now=load.T0).id
                sid = start_session(conn, lid, now=load.T0)
                for j in range(attempts_each if k < n_learners - 1 else attempts_each * 4):
                    token = f"t{k}-{j}"
                    when = load.T0 + timedelta(minutes=j)
                    item = rng.choice(ids)
                    record_served(conn, learner_id=lid, item_id=item, token=token, now=when, session_id=sid)
                    record_attempt(conn, learner_id=lid, item_id=item, correct=rng.random() < 0.6, score=1.0,
                                   now=when, served_token=token, response="x", session_id=sid)
                learners.append((lid, sid))
        print(f"stored {n_learners} learners x {attempts_each} attempts (the last {attempts_each * 4}) "
              f"in {time.perf_counter() - t:.1f} s")
        for label, (lid, sid) in (("typical learner", learners[0]), ("heavy learner", learners[-1])):
            times, answer_times = [], []
            now = load.T0 + timedelta(days=2)
            for s in range(samples):
                t = time.perf_counter()
                q = services.next_question(engine, lid, sid, now=now, rng=random.Random(s))
                times.append(time.perf_counter() - t)
                t = time.perf_counter()
                services.submit_answer(engine, lid, q.token, "x", now=now + timedelta(seconds=5))
                answer_times.append(time.perf_counter() - t)
                now += timedelta(seconds=30)
            print(f"{label}: next_question median {statistics.median(times) * 1000:.1f} ms, "
                  f"max {max(times) * 1000:.1f} ms; submit_answer median {statistics.median(answer_times) * 1000:.1f}"
                  f" ms, max {max(answer_times) * 1000:.1f} ms")
        with engine.connect() as conn:
            plan = conn.exec_driver_sql(
                "EXPLAIN QUERY PLAN SELECT * FROM attempts WHERE learner_id = 1 ORDER BY answered_at, id").all()
            print("plan of the per-learner attempts query:", "; ".join(str(r[-1]) for r in plan))
        engine.dispose()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--words", type=int, nargs="+", default=[100_000, 300_000, 1_000_000])
    parser.add_argument("--timeout", type=float, default=900, help="seconds allowed per generation size")
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--learners", type=int, default=1_000)
    parser.add_argument("--attempts", type=int, default=50, help="attempts per learner")
    parser.add_argument("--samples", type=int, default=20)
    parser.add_argument("--skip-generate", action="store_true")
    parser.add_argument("--skip-quiz", action="store_true")
    args = parser.parse_args(argv)
    if args.child:
        _child_generate(args.child)
        return 0
    if not args.skip_quiz:
        bench_quiz(args.items, args.learners, args.attempts, args.samples)
    if not args.skip_generate:
        print()
        bench_generation(args.words, args.timeout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
