"""Benchmark the adaptive engine on simulated learners: placement, practice, calibration and memory.

Run: .venv/bin/python bench/adaptive.py [--quick] [--seed N]. Prints figures; asserts nothing.
Simulated learners answer by the Rasch model with a known ability (theta ~ N(0, 1)); the bank is like ours
(200 items, 6 topics, 2 texts a topic, b ~ N(0, 1)); the "noisy" variant gives the engine priors
b + N(0, 0.7) instead of the true difficulties.
"""
from __future__ import annotations

import argparse
import math
import random
import statistics
import sys
import time
from dataclasses import dataclass, replace
from datetime import datetime, timedelta, timezone
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from catsim.item_bank import ItemBank  # noqa: E402
from catsim.selection import MaxInfoSelector  # noqa: E402

from quiz.core.adaptive import (  # noqa: E402
    LearnerState,
    PoolItem,
    SelectorConfig,
    apply_answer,
    estimate_ability,
    p_correct,
    review,
    select_next_item,
    update_difficulty,
)

T0 = datetime(2026, 1, 5, 9, 0, tzinfo=timezone.utc)
N_ITEMS, N_TOPICS = 200, 6
CHECKPOINTS = (5, 10, 20)
PLACEMENT_ITEMS = 15  # practice figures count new items from a learner's 16th answer on, whatever the selector
_HAS_ATTEMPTS = "attempts" in PoolItem.__dataclass_fields__  # older engines (for before/after runs) lack it


@dataclass(frozen=True)
class Bank:
    """True difficulties and the engine's view of them (priors)."""

    true_b: tuple[float, ...]
    pool: tuple[PoolItem, ...]


def make_bank(rng: random.Random, noise: float) -> Bank:
    """Build a bank of N_ITEMS items over N_TOPICS topics; priors are the truth plus N(0, noise)."""
    true_b = tuple(rng.gauss(0, 1) for _ in range(N_ITEMS))
    pool = tuple(
        PoolItem(f"i{i:03d}", f"topic{i % N_TOPICS}", f"doc{i % (2 * N_TOPICS)}", b + rng.gauss(0, noise) if noise else b)
        for i, b in enumerate(true_b)
    )
    return Bank(true_b, pool)


# --- placement -------------------------------------------------------------------------------------------

def run_placement(bank: Bank, thetas: list[float], strategy: str, rng: random.Random, max_items: int) -> dict:
    """Give each learner up to max_items first attempts on one topic-free scale; track error and SE."""
    pool = tuple(replace(p, topic="all") for p in bank.pool)
    idx = {p.id: i for i, p in enumerate(pool)}
    catsim_bank = ItemBank(np.array([[1.0, p.difficulty, 0.0, 1.0] for p in pool]))
    selector = MaxInfoSelector()
    config = SelectorConfig(relearn_max_misses=0)  # placement measures first attempts only
    errors = {k: [] for k in CHECKPOINTS}
    to_se = []
    for theta in thetas:
        state, responses, administered = LearnerState(), [], []
        reached = None
        for n in range(1, max_items + 1):
            if strategy == "ours":
                choice = select_next_item(state, pool, now=T0, rng=rng, config=config)
                i = idx[choice.item_id]
            elif strategy == "random":
                i = rng.choice([j for j in range(len(pool)) if j not in administered])
            else:
                est = estimate_ability(responses).theta
                i = selector.select(item_bank=catsim_bank, administered_items=administered, est_theta=est)
            administered.append(i)
            correct = rng.random() < p_correct(theta, bank.true_b[i])
            if strategy == "ours":
                state = apply_answer(state, pool[i], correct, T0)
                est = state.estimate("all")
            else:
                responses.append((pool[i].difficulty, correct))
                est = estimate_ability(responses)
            if n in errors:
                errors[n].append(est.theta - theta)
            if reached is None and est.se <= 0.5:
                reached = n
        to_se.append(reached or max_items)
    out = {}
    for k, errs in errors.items():
        out[f"rmse{k}"] = math.sqrt(statistics.fmean(e * e for e in errs))
        out[f"bias{k}"] = statistics.fmean(errs)
    out["to_se"] = statistics.fmean(to_se)
    return out


# --- practice and calibration -----------------------------------------------------------------------------

def run_practice(bank: Bank, n_learners: int, n_items: int, strategy: str, rng: random.Random,
                 report_at: tuple[int, ...]) -> dict:
    """Learners arrive one after another; each practises n_items; difficulties are learned online."""
    b = {p.id: p.difficulty for p in bank.pool}
    counts = {p.id: 0 for p in bank.pool}
    true_b = {p.id: tb for p, tb in zip(bank.pool, bank.true_b)}
    topic_of = {p.id: p.topic for p in bank.pool}
    in_band_true = in_band_pred = practice_n = mean_true = placing_n = 0
    avail_n = avail_in_band = 0  # picks for which some unseen item had a true p in the band, and those in it
    tercile: dict[int, list[int]] = {0: [0, 0], 1: [0, 0], 2: [0, 0]}  # theta below -0.43, middle, above 0.43
    reasons: dict[str, int] = {}
    recovery = {0: _recovery(b, true_b)}
    for learner in range(1, n_learners + 1):
        theta = rng.gauss(0, 1)
        topic_theta = {f"topic{t}": theta + rng.gauss(0, 0.3) for t in range(N_TOPICS)}
        pool = tuple(replace(p, difficulty=b[p.id], **({"attempts": counts[p.id]} if _HAS_ATTEMPTS else {}))
                     for p in bank.pool)
        by_id = {p.id: p for p in pool}
        state = LearnerState()
        for k in range(n_items):
            if strategy == "ours":
                choice = select_next_item(state, pool, now=T0, rng=rng)
                item, reason = by_id[choice.item_id], choice.reason
            else:
                seen = {a.item_id for a in state.session}
                item, reason = rng.choice([p for p in pool if p.id not in seen]), "new"
            est = state.estimate(item.topic)
            placing = _HAS_ATTEMPTS and state.overall.se > SelectorConfig().placement_se
            p_true = p_correct(topic_theta[item.topic], true_b[item.id])
            if reason == "relearn":
                p_true = 0.85  # the answer was shown a few items ago
            correct = rng.random() < p_true
            reasons[reason] = reasons.get(reason, 0) + 1
            if reason in ("new", "explore") and k >= PLACEMENT_ITEMS:
                practice_n += 1
                in_band_true += 0.6 <= p_true <= 0.85
                placing_n += placing
                seen = {a.item_id for a in state.session}
                if any(0.6 <= p_correct(topic_theta[p.topic], true_b[p.id]) <= 0.85 for p in pool if p.id not in seen):
                    avail_n += 1
                    avail_in_band += 0.6 <= p_true <= 0.85
                t = tercile[0 if theta < -0.43 else 1 if theta < 0.43 else 2]
                t[0] += 1
                t[1] += 0.6 <= p_true <= 0.85
                in_band_pred += 0.6 <= p_correct(est.theta, item.difficulty) <= 0.85
                mean_true += p_true
            if reason in ("new", "explore"):
                b[item.id], counts[item.id] = update_difficulty(b[item.id], counts[item.id], correct, est.theta,
                                                                se=est.se)
            state = apply_answer(state, item, correct, T0)
        if learner in report_at:
            recovery[learner] = _recovery(b, true_b)
    total = sum(reasons.values())
    return {
        "band_true": in_band_true / max(practice_n, 1),
        "band_pred": in_band_pred / max(practice_n, 1),
        "mean_true": mean_true / max(practice_n, 1),
        "practice_n": practice_n,
        "placing": placing_n / max(practice_n, 1),
        "band_avail": avail_in_band / max(avail_n, 1),
        "none_left": practice_n - avail_n,
        "terciles": [hit / max(n, 1) for n, hit in tercile.values()],
        "reasons": {k: v / total for k, v in sorted(reasons.items())},
        "recovery": recovery,
        "topics": topic_of,
    }


def _recovery(b: dict[str, float], true_b: dict[str, float]) -> tuple[float, float]:
    xs = [b[k] for k in true_b]
    ys = [true_b[k] for k in true_b]
    return float(np.corrcoef(xs, ys)[0, 1]), math.sqrt(statistics.fmean((x - y) ** 2 for x, y in zip(xs, ys)))


# --- memory ------------------------------------------------------------------------------------------------

def run_memory(n_learners: int, n_items: int, schedule: str, rng: random.Random, days: int = 30) -> dict:
    """Learn items on day 0, then review on a schedule; true memory decays exponentially (not FSRS's curve)."""
    recall7, recall30, reviews7, reviews30 = [], [], 0, 0
    for _ in range(n_learners):
        for _ in range(n_items):
            difficulty = rng.gauss(0, 1)
            s_true = 2.5 * math.exp(-0.4 * difficulty)  # days until recall falls to 90%
            correct = rng.random() < 0.7
            if not correct:
                s_true = 0.5  # learnt from the feedback, weakly
            card, due = review(None, correct, T0)
            last = 0.0
            for day in range(1, days + 1):
                now = T0 + timedelta(days=day)
                r = 0.9 ** ((day - last) / s_true)
                if day == 7:
                    recall7.append(r)
                if day == 30:
                    recall30.append(r)
                    break
                is_due = due <= now if schedule == "fsrs" else day % 3 == 0
                if not is_due:
                    continue
                ok = rng.random() < r
                reviews30 += 1
                reviews7 += day < 7
                s_true = s_true * (2.0 + 8.0 * (1.0 - r)) if ok else max(0.3, s_true * 0.3)
                last = day
                if schedule == "fsrs":
                    card, due = review(card, ok, now)
    per = n_learners * n_items
    return {"r7": statistics.fmean(recall7), "r30": statistics.fmean(recall30),
            "rev7": reviews7 / per, "rev30": reviews30 / per}


def main(argv: list[str] | None = None) -> None:
    """Run every experiment and print the tables."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="fewer learners (about 20 seconds)")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)
    started = time.perf_counter()
    n_place = 60 if args.quick else 200
    n_prac = 60 if args.quick else 200
    report_at = (20, 60) if args.quick else (50, 200)

    print(f"# placement ({n_place} learners, theta ~ N(0,1), one scale, EAP estimates, first attempts only)")
    print(f"{'bank':7} {'selector':8} " + " ".join(f"rmse@{k:<3} bias@{k:<3}" for k in CHECKPOINTS)
          + "  items to SE 0.5")
    for noise in (0.0, 0.7):
        label = "exact" if not noise else "noisy"
        rows = {}
        for strategy in ("ours", "random", "maxinfo"):
            rng = random.Random(args.seed)
            bank = make_bank(rng, noise)
            thetas = [rng.gauss(0, 1) for _ in range(n_place)]
            rows[strategy] = r = run_placement(bank, thetas, strategy, random.Random(args.seed + 1), 30)
            print(f"{label:7} {strategy:8} " + " ".join(f"{r[f'rmse{k}']:8.3f} {r[f'bias{k}']:+8.3f}"
                                                       for k in CHECKPOINTS) + f"  {r['to_se']:6.2f}")
        ours, rnd, mi = rows["ours"]["to_se"], rows["random"]["to_se"], rows["maxinfo"]["to_se"]
        print(f"{label:7} ours needs {100 * (1 - ours / rnd):.0f}% fewer items than random (aim >= 20%), "
              f"{100 * (ours / mi - 1):+.0f}% vs max-info (aim within 10%)")

    print(f"\n# practice and calibration ({n_prac} learners x 40 items, difficulties learned online from priors)")
    print(f"(new and explore items from each learner's {PLACEMENT_ITEMS + 1}th answer on; true p from the simulation)")
    print("(still placing: picks made while the overall SE was above the placement threshold; if avail: only picks for")
    print(" which some unseen item had a true p in the band; none left: picks with no such item; by theta: terciles)")
    print(f"{'bank':7} {'selector':8} {'p in [.6,.85] true':>18} {'predicted':>9} {'mean p':>6} {'n':>5}"
          f" {'placing':>7} {'if avail':>8} {'none left':>9} {'by theta low/mid/high':>21}   picks by reason")
    recov_rows = []
    for noise in (0.0, 0.7):
        label = "exact" if not noise else "noisy"
        for strategy in ("ours", "random"):
            rng = random.Random(args.seed + 2)
            bank = make_bank(rng, noise)
            r = run_practice(bank, n_prac, 40, strategy, rng, report_at)
            reasons = ", ".join(f"{k} {v:.0%}" for k, v in r["reasons"].items())
            band = (f"{r['band_true']:18.0%} {r['band_pred']:9.0%} {r['mean_true']:6.2f} {r['practice_n']:5d}"
                    f" {r['placing']:7.0%} {r['band_avail']:8.0%} {r['none_left']:9d} "
                    + f"{'/'.join(f'{x:.0%}' for x in r['terciles']):>21}")
            print(f"{label:7} {strategy:8} {band}   {reasons}")
            recov_rows.append((label, strategy, r["recovery"]))
    print("\n# difficulty recovery: correlation / RMSE of learned vs true b, after N learners")
    for label, strategy, rec in recov_rows:
        print(f"{label:7} {strategy:8} " + "  ".join(f"N={n}: r={c:.3f} rmse={e:.3f}" for n, (c, e) in rec.items()))

    n_mem = 20 if args.quick else 60
    print(f"\n# memory ({n_mem} learners x 30 items learned on day 0; true forgetting exponential, not FSRS)")
    print(f"{'schedule':16} {'recall d7':>9} {'recall d30':>10} {'reviews/item by d7':>19} {'by d30':>7}"
          f" {'d30 recall per review':>22}")
    for schedule, name in (("fsrs", "FSRS (ours)"), ("fixed", "every 3 days")):
        m = run_memory(n_mem, 30, schedule, random.Random(args.seed + 3))
        print(f"{name:16} {m['r7']:9.3f} {m['r30']:10.3f} {m['rev7']:19.2f} {m['rev30']:7.2f} "
              f"{m['r30'] / m['rev30']:22.3f}")
    print(f"\n(ran in {time.perf_counter() - started:.0f} s)")


if __name__ == "__main__":
    main()
