"""Recall against a teacher: which of a teacher's questions on the seeds the bank asks about.

`docs/gold/seeds_gold.md` holds the ten questions a teacher, who saw only the texts, would most want to ask of each
seed text, each with the sentence its answer comes from. A teacher's question is covered when the bank has an item
made from that sentence (any item: a true/false statement about the sentence counts as testing it). The figures are
the share covered by approved items (quality >= 0.5), by any kept item, and by any candidate the generators made at
quality >= 0.3 (what better ranking alone could reach).

    .venv/bin/python bench/gold_coverage.py            # the figures, by form of question
    .venv/bin/python bench/gold_coverage.py --list     # also each question and what covers it
"""
from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import quiz.core.pipeline as pipeline  # noqa: E402
from quiz.core.nlp import load_pipeline  # noqa: E402

GOLD = ROOT / "docs" / "gold" / "seeds_gold.md"
ROW = re.compile(r"^\| (\d+) \| ([^|]+) \| (\d) \| (.+?) \| (.+?) \| (.+) \|\s*$")


def gold_rows(path: Path = GOLD) -> list[dict]:
    rows, current = [], None
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            current = line[3:].strip()
        m = ROW.match(line)
        if m and current:
            rows.append({"file": current, "n": int(m[1]), "form": m[2].strip(), "importance": int(m[3]),
                         "question": m[4], "sentence": m[6]})
    return rows


def main() -> None:
    from rapidfuzz.fuzz import partial_ratio

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--list", action="store_true", help="print each teacher question and what covers it")
    args = ap.parse_args()
    captured: dict = {}
    select = pipeline.select

    def spy(scored, limits=pipeline.SelectionLimits()):
        kept = select(scored, limits)
        captured["scored"], captured["kept"] = scored, kept
        return kept

    pipeline.select = spy
    pipeline.build_bank([ROOT / "seeds"], load_pipeline())
    kept = {id(c): q for c, q in captured["kept"]}
    rows = gold_rows()
    tally: dict[str, Counter] = {"approved": Counter(), "kept": Counter(), "candidate": Counter(), "all": Counter()}
    for row in rows:
        needle = row["sentence"][:120]
        mine = [(c, q) for c, q in captured["scored"] if partial_ratio(needle, c.sentence.text) > 90]
        level = ("approved" if any(id(c) in kept and q >= 0.5 for c, q in mine) else
                 "kept" if any(id(c) in kept for c, _ in mine) else
                 "candidate" if any(q >= 0.3 for _, q in mine) else "")
        order = ["approved", "kept", "candidate"]
        for name in order[order.index(level):] if level else []:
            tally[name][row["form"]] += 1
        tally["all"][row["form"]] += 1
        if args.list:
            best = max(mine, key=lambda cq: (id(cq[0]) in kept, cq[1]), default=None)
            shown = f"{best[1]:.2f} {best[0].type}: {best[0].prompt[:90]}" if best else "nothing made from it"
            print(f"{level or '-':<9} {row['file'][:3]}#{row['n']:<2} {row['form']:<12} {row['question'][:80]}\n"
                  f"          {shown}")
    total = len(rows)
    print(f"teacher questions: {total} on {len({r['file'] for r in rows})} texts")
    for name, label in (("approved", "covered by an approved item"), ("kept", "by any item in the bank"),
                        ("candidate", "by a candidate at quality >= 0.3")):
        n = sum(tally[name].values())
        print(f"  {label:<36} {n:>3}/{total} = {100 * n / total:.0f}%")
    print("by form (approved / in the bank / all):")
    for form, n in tally["all"].most_common():
        print(f"  {form:<12} {tally['approved'][form]:>2} / {tally['kept'][form]:>2} / {n:>2}")


if __name__ == "__main__":
    main()
