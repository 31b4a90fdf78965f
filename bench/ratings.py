"""Blind ratings of generated items: acceptance rates, the ranker's calibration and a refit checked on unseen rounds.

`docs/ratings/ratings.jsonl` holds every item a blind rater judged (raters saw only the texts and the items, never
the code): its round, corpus (the seeds or held-out texts), type, generator, prompt, answer, the ranker's features
and whether the rater accepted it (grammatical, answerable from the text, one right answer, worth asking).

    .venv/bin/python bench/ratings.py            # rates, calibration, cross-validated AUC
    .venv/bin/python bench/ratings.py --write    # also refit on everything and print the weights as JSON
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from quiz.core.rank import DEFAULT_WEIGHTS, HAND_WEIGHTS, fit_weights, score  # noqa: E402

RATINGS = ROOT / "docs" / "ratings" / "ratings.jsonl"


def auc(rows: list[dict], weights: dict[str, float]) -> float:
    """Probability that an accepted item outscores a rejected one."""
    pos = [score(r["features"], weights) for r in rows if r["ok"]]
    neg = [score(r["features"], weights) for r in rows if not r["ok"]]
    if not pos or not neg:
        return float("nan")
    return sum((p > q) + 0.5 * (p == q) for p in pos for q in neg) / (len(pos) * len(neg))


def family(r: dict) -> str:
    """An item's family as the ratings record it: the generator, the type and what made a statement false."""
    f = r["features"]
    if r["type"] == "truefalse":
        kind = next((k for k in ("tf_denied", "stance", "contrast", "tf_antonym") if f.get(k)), "other")
        return f"statement: {kind}, {'unanchored' if f.get('unanchored') else r['answer']}"
    if r["generator"] == "cloze":
        return "blank: a number" if any(f.get(f"cloze_class_{k}") for k in ("number", "percent", "year")) else "blank: a name"
    return f"{r['type']}: {r['generator']}"


def rate(rows: list[dict]) -> str:
    ok = sum(r["ok"] for r in rows)
    return f"{ok}/{len(rows)} = {100 * ok / max(1, len(rows)):.0f}%"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--write", action="store_true", help="print weights refitted on every rating")
    args = parser.parse_args()
    rows = [json.loads(line) for line in RATINGS.read_text(encoding="utf-8").splitlines() if line.strip()]
    print(f"{len(rows)} ratings in {RATINGS.relative_to(ROOT)}\n")
    groups: dict[tuple[str, int], list[dict]] = defaultdict(list)
    for r in rows:
        groups[(r["corpus"], r["round"])].append(r)
    print("# accepted, per round (each round a fresh rater on the bank of that day; a paired round: every item it rated)")
    for corpus, rnd in sorted(groups):
        print(f"  {corpus:9s} round {rnd:3d}  {rate(groups[(corpus, rnd)])}")
    for field in ("type", "generator"):
        by: dict[str, list[dict]] = defaultdict(list)
        for r in rows:
            by[r[field]].append(r)
        print(f"\n# accepted, per {field} (all rounds)")
        for key in sorted(by, key=lambda k: -sum(x["ok"] for x in by[k]) / len(by[k])):
            print(f"  {key:12s} {rate(by[key])}")
    paired = [r for r in rows if r.get("versions")]
    if paired:
        print("\n# paired rounds: one rater, the bank of two versions mixed and shuffled (items in both rated once)")
        for (rnd, corpus) in sorted({(r["round"], r["corpus"]) for r in paired}):
            sel = [r for r in paired if r["round"] == rnd and r["corpus"] == corpus]
            names = sorted({v for r in sel for v in r["versions"]})
            parts = ", ".join(f"{v} {rate([r for r in sel if v in r['versions']])}" for v in names)
            print(f"  {corpus:9s} round {rnd:2d}  {parts}")
            if any(r.get("selection") == "candidate" for r in sel):  # rounds 85 on: the bank and, beside it, the
                bank = [r for r in sel if r.get("selection") == "bank"]  # best candidates it left out of each text
                print(f"  {'':9s}           bank {rate(bank)} (approved {rate([r for r in bank if r['quality_new'] >= 0.5])}), "
                      f"candidates left out {rate([r for r in sel if r.get('selection') == 'candidate'])}")
    scored = [r for r in paired if "quality_new" in r and r.get("selection", "bank") == "bank"]
    if scored:
        print("\n# paired rounds, the newer bank: items `make run` approves (quality >= 0.5) against the drafts")
        for corpus in sorted({r["corpus"] for r in scored}):
            sel = [r for r in scored if r["corpus"] == corpus]
            rounds = sorted({r["round"] for r in sel})
            print(f"  {corpus:9s} rounds {rounds[0]}-{rounds[-1]}  approved {rate([r for r in sel if r['quality_new'] >= 0.5])}, "
                  f"drafts {rate([r for r in sel if r['quality_new'] < 0.5])}")
    unseen = [r for r in rows if r["round"] >= 51]
    if unseen:
        print("\n# texts of new kinds (rounds 51 on, rated before any rule was changed for them): accepted share by")
        print("# family, all items, as rated (the weights unanchored, name_blank, wh_short and tf_antonym rest on it)")
        fams: dict[str, list[dict]] = defaultdict(list)
        for r in unseen:
            fams[family(r)].append(r)
        for key in sorted(fams, key=lambda k: -len(fams[k])):
            print(f"  {key:24s} {rate(fams[key])}")
    print("\n# calibration of the shipped ranker: accepted share by quality score")
    buckets = [(0.0, 0.45), (0.45, 0.5), (0.5, 0.6), (0.6, 0.7), (0.7, 1.01)]
    for lo, hi in buckets:
        sel = [r for r in rows if lo <= score(r["features"]) < hi]
        print(f"  quality {lo:.2f}-{min(hi, 1.0):.2f}  {rate(sel)}")
    print("\n# learning from ratings: the hand-set weights against a refit on the earlier rounds only (AUC on the")
    print("# round it never saw); the shipped weights were fitted on rounds 1-6: rounds 7 on are unseen for them")
    shipped_from = 7
    for test_round in sorted({r["round"] for r in rows})[1:]:
        train = [r for r in rows if r["round"] < test_round]
        test = [r for r in rows if r["round"] == test_round]
        refit = fit_weights([(r["features"], r["ok"]) for r in train], base=dict(HAND_WEIGHTS), epochs=1000)
        shipped = f", shipped {auc(test, DEFAULT_WEIGHTS):.3f}" if test_round >= shipped_from else ""
        print(f"  rounds 1-{test_round - 1} -> {test_round}: hand-set {auc(test, HAND_WEIGHTS):.3f}, "
              f"refit {auc(test, refit):.3f}{shipped}")
    if args.write:
        refit = fit_weights([(r["features"], r["ok"]) for r in rows], base=dict(DEFAULT_WEIGHTS), epochs=1000)
        print(json.dumps({k: round(v, 3) for k, v in refit.items()}, indent=1))


if __name__ == "__main__":
    main()
