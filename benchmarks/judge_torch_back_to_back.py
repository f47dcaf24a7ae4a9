"""Back-to-back judgements of a torch problem: does each one start from a child that has
already imported torch, or wait for an import (~1-3 s)?

Each judgement still runs in its own fresh child (``mockint.judge.pool``): taking the warm
spare starts its replacement at once, in the background, so the next judgement finds it ready
even when it comes straight after; on Linux each child is a fork of a fork server that has
imported torch once (``mockint.judge.forkserver``). Measured on the bank's ``ml.causal-self-attention-torch``
with its reference (no growth timing): the first judgement (cold: a torch import on the clock
of the wait, plus the reference's outputs), then ``--runs`` back to back with no pause, and
for comparison the same count each with no spare but the fork server kept (a fork on the
clock), and each fully cold (spares and fork servers stopped before each run: a torch import
on the clock, as every child paid before fork servers). Also times a bare ``python -c "import torch"``, the
floor a cold child pays. Prints medians and the load average; asserts nothing.
Run: ``.venv/bin/python benchmarks/judge_torch_back_to_back.py [--runs N]``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time

from mockint.bank import load_paths
from mockint.judge import judge, shutdown
from mockint.judge.pool import SPARES
from mockint.paths import rounds_dir

PROBLEM = "ml.causal-self-attention-torch"


def _timed(fn) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=6)
    args = parser.parse_args()
    path = rounds_dir() / "ml_coding" / "causal-self-attention-torch.toml"
    q = load_paths([path]).questions[PROBLEM]

    def one() -> None:
        verdict = judge(q, q.reference, measure_complexity=False)
        assert verdict.accepted, verdict.message

    first = _timed(one)  # cold child, reference outputs computed
    warm = [_timed(one) for _ in range(args.runs)]  # back to back: no pause between runs
    forked = []
    for _ in range(args.runs):
        SPARES.shutdown()  # no warm spare: this run's child is forked for it
        forked.append(_timed(one))
    cold = []
    for _ in range(args.runs):
        shutdown()  # no spare and no fork server: this run's child imports torch itself
        cold.append(_timed(one))
    shutdown()
    bare = statistics.median(
        _timed(lambda: subprocess.run([sys.executable, "-c", "import torch"], check=True)) for _ in range(3)
    )
    load = ", ".join(f"{v:.2f}" for v in os.getloadavg())
    w, f, c = statistics.median(warm), statistics.median(forked), statistics.median(cold)
    print(f"{PROBLEM}, reference, median of {args.runs}; load average {load} on {os.cpu_count()} CPUs")
    print(f"  python -c 'import torch'             : {bare * 1000:7.0f} ms")
    print(f"  first judgement (cold, + reference)  : {first * 1000:7.0f} ms")
    print(f"  back to back (warm spare each time)  : {w * 1000:7.0f} ms   (max {max(warm) * 1000:.0f} ms)")
    print(f"  each forked on demand (no spare)     : {f * 1000:7.0f} ms")
    print(
        f"  each on a cold child (nothing warm)  : {c * 1000:7.0f} ms   saved per run {(c - w) * 1000:.0f} ms"
    )


if __name__ == "__main__":
    main()
