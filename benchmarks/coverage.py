"""Key-point coverage on the hand-labelled set in benchmarks/coverage_set: precision, recall, F1.

    .venv/bin/python benchmarks/coverage.py            # tune on half the questions, report on the rest

Signals (semantic max-cosine, word overlap, negation mismatch) are computed once per answer; the
blend weight, negation penalty and threshold are chosen by grid search on one half of the
questions (A: even positions in id order, B: odd; best F1 with off-topic false suggestions under
10 %) and reported on the other half, in both directions; the shipped parameters are then tuned
on the whole set. The false-suggestion rate is the share of key points ticked on off-topic answers.
Also printed: word overlap alone, the shipped parameters (mockint.coverage.score.BLEND), and
"tick every point" as a floor.
"""

from __future__ import annotations

import itertools
import sys
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from mockint import paths  # noqa: E402
from mockint.bank import load_bank  # noqa: E402
from mockint.coverage import score as S  # noqa: E402
from mockint.coverage.embed import get_embedder  # noqa: E402

SET = ROOT / "benchmarks" / "coverage_set"


def load_set() -> list[dict]:
    rows: list[dict] = []
    for f in sorted(SET.glob("*.toml")):
        rows.extend(tomllib.loads(f.read_text(encoding="utf-8"))["answers"])
    return rows


def metrics(items, params: S.Params) -> dict:
    """items: (signals, labels, kind) per answer."""
    tp = fp = fn = 0
    off_ticks = off_points = 0
    for sig, labels, kind in items:
        for (sem, lex, neg), gold in zip(sig, labels, strict=True):
            pred = S.blend(sem, lex, neg, params) >= params.threshold
            tp += pred and gold
            fp += pred and not gold
            fn += gold and not pred
            if kind == "offtopic":
                off_points += 1
                off_ticks += pred
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {
        "precision": p,
        "recall": r,
        "f1": f1,
        "offtopic_false": off_ticks / off_points if off_points else 0.0,
    }


def tune(items, weights) -> S.Params:
    best, best_f1 = None, -1.0
    for w, pen in itertools.product(weights, (0.0, 0.05, 0.1, 0.15, 0.2, 0.3)):
        for t in (x / 100 for x in range(10, 90)):
            m = metrics(items, S.Params(w, pen, t))
            if m["offtopic_false"] < 0.10 and m["f1"] > best_f1:
                best, best_f1 = S.Params(w, pen, round(t, 2)), m["f1"]
    assert best is not None
    return best


def fmt(name: str, m: dict) -> str:
    return (
        f"{name:<34} P {m['precision']:.2f}  R {m['recall']:.2f}  F1 {m['f1']:.2f}  "
        f"off-topic false {m['offtopic_false']:.1%}"
    )


def main() -> int:
    bank = load_bank([paths.rounds_dir()])
    rows = load_set()
    qids = sorted({r["question"] for r in rows})
    tune_q = set(qids[0::2])  # half A
    t0 = time.perf_counter()
    embedder, status = get_embedder()
    load_s = time.perf_counter() - t0
    if embedder is None:
        print(status.reason)
    per_mode: dict[str, tuple[list, list]] = {}
    t1 = time.perf_counter()
    for mode, emb in (("blend", embedder), ("lexical", None)):
        tune_items, test_items = [], []
        for r in rows:
            q = bank.find(r["question"])
            labels = [i + 1 in r["covered"] for i in range(len(q.key_points))]
            sig = S.signals(q.key_points, r["text"], q.prompt, emb)
            (tune_items if r["question"] in tune_q else test_items).append((sig, labels, r["kind"]))
        per_mode[mode] = (tune_items, test_items)
        if mode == "blend":
            ms_per_answer = 1000 * (time.perf_counter() - t1) / len(rows)
    n_points = sum(len(lb) for _, lb, _ in per_mode["lexical"][0] + per_mode["lexical"][1])
    print(
        f"{len(rows)} answers to {len(qids)} questions, {n_points} labelled key points; "
        f"tune on {len(tune_q)} questions, report on {len(qids) - len(tune_q)}"
    )
    print(f"model load {load_s:.1f} s, scoring {ms_per_answer:.0f} ms an answer (2 cores)")
    grid = [x / 20 for x in range(0, 21)]
    for mode, weights in (("blend", grid), ("lexical", [0.0])):
        half_a, half_b = per_mode[mode]
        held = []
        for name, tune_on, report_on in (("A->B", half_a, half_b), ("B->A", half_b, half_a)):
            params = tune(tune_on, weights)
            held.append(report_on)
            print(f"\n[{mode}, tune {name}] chosen: {params}")
            print(fmt("  tuning half", metrics(tune_on, params)))
            print(fmt("  held-out half", metrics(report_on, params)))
            for k in ("partial", "paraphrase", "wrong", "offtopic"):
                print(fmt(f"    held-out, {k}", metrics([it for it in report_on if it[2] == k], params)))
        final = tune(half_a + half_b, weights)
        print(f"[{mode}] tuned on all (what ships): {final}")
    for name, params, mode in (
        ("shipped BLEND", S.BLEND, "blend"),
        ("shipped LEXICAL_ONLY", S.LEXICAL_ONLY, "lexical"),
    ):
        print(fmt(f"\n{name}, whole set (in-sample)", metrics(per_mode[mode][0] + per_mode[mode][1], params)))
    print(
        fmt(
            "tick every point, whole set",
            metrics(per_mode["lexical"][0] + per_mode["lexical"][1], S.Params(0.0, 0.0, -1.0)),
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
