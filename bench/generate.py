"""Benchmark: time to build the bank against the time spaCy alone takes to parse the same cleaned text.

Prints, for the seeds and for a corpus ten times larger (the seeds repeated with a marker so no text is a
duplicate of another), the wall time of `build_bank_from_documents` (parse + generate + rank), the time of a
bare `nlp.pipe` over the same texts in the same run, their ratio, and peak memory. No assertions.

    .venv/bin/python bench/generate.py [--scale 10] [--repeat 2]
"""
from __future__ import annotations

import argparse
import resource
import sys
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from quiz.core.ingest import load_documents  # noqa: E402
from quiz.core.items import document_id  # noqa: E402
from quiz.core.nlp import load_pipeline  # noqa: E402
from quiz.core.pipeline import build_bank_from_documents  # noqa: E402


def scaled(documents, factor: int):
    """Return `factor` copies of the documents, each copy a distinct text."""
    out = []
    for k in range(factor):
        for d in documents:
            text = d.text if k == 0 else f"Copy {k}.\n\n{d.text}"
            out.append(replace(d, id=document_id(text), text=text, path=f"{d.path}#{k}", title=f"{d.title} ({k})"))
    return out


def measure(nlp, documents, repeat: int) -> tuple[float, float, int]:
    """Return (best build seconds, best bare-parse seconds, items) over `repeat` runs."""
    best_build = best_parse = float("inf")
    items = 0
    for _ in range(repeat):
        t = time.perf_counter()
        for _doc in nlp.pipe((d.text for d in documents), batch_size=16):
            pass
        best_parse = min(best_parse, time.perf_counter() - t)
        t = time.perf_counter()
        bank, _ = build_bank_from_documents(documents, nlp)
        best_build = min(best_build, time.perf_counter() - t)
        items = len(bank.items)
    return best_build, best_parse, items


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scale", type=int, default=10)
    ap.add_argument("--repeat", type=int, default=2)
    args = ap.parse_args()
    nlp = load_pipeline()
    seeds, _ = load_documents([ROOT / "seeds"])
    build_bank_from_documents(seeds[:1], nlp)  # warm up: reference lists and lexicons load once per process
    print(f"{'corpus':<14}{'texts':>6}{'words':>9}{'items':>7}{'build s':>9}{'parse s':>9}{'ratio':>7}")
    for label, docs in (("seeds", seeds), (f"seeds x{args.scale}", scaled(seeds, args.scale))):
        build, parse, items = measure(nlp, docs, args.repeat)
        words = sum(d.words for d in docs)
        print(f"{label:<14}{len(docs):>6}{words:>9}{items:>7}{build:>9.2f}{parse:>9.2f}{build / parse:>7.2f}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory: {peak:.0f} MiB")


if __name__ == "__main__":
    main()
