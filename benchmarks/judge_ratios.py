"""Judge overhead as ratios measured in one run: ``mockint judge`` and in-process ``judge()``
against a bare ``python -c`` subprocess that runs the same solution on the same tests.

Targets (issue 12): the command at most 2x the bare subprocess, ``judge()`` at most 1.3x. The
problem is the bank's ``dsa.two-sum`` with its reference; the bare run builds the same literal
test inputs, calls the function and compares with the TOML ``expected`` (no generators, no
growth timing, no limits), so it is the floor any judge pays. Note ``mockint judge`` also times
growth for two-sum (its ``complexity`` field), which the bare run does not. Medians of
``--runs`` (default 9), interleaved so machine load hits all three alike. Prints, asserts
nothing. Run: ``.venv/bin/python benchmarks/judge_ratios.py [--runs N]``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from mockint.bank import load_paths
from mockint.judge import judge, shutdown
from mockint.paths import rounds_dir


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    q = load_paths([rounds_dir() / "dsa" / "two-sum.toml"]).questions["dsa.two-sum"]
    tests = [(list(t.args), t.expected) for t in q.tests if t.args is not None and t.expected is not None]
    with tempfile.TemporaryDirectory() as tmp:
        sol = Path(tmp) / "solution.py"
        sol.write_text(q.reference, encoding="utf-8")
        bare_src = (
            f"ns = {{}}\nexec(open({str(sol)!r}).read(), ns)\nf = ns[{q.entry_point!r}]\n"
            f"for args, want in {tests!r}:\n    assert f(*args) == want\n"
        )
        mockint = [str(Path(sys.executable).parent / "mockint"), "judge", q.id, str(sol), "--json"]
        bare, cli, inproc = [], [], []
        judge(q, q.reference)  # the reference cache, as after a first "Run tests"
        for _ in range(args.runs):
            t = time.perf_counter()
            subprocess.run([sys.executable, "-c", bare_src], check=True)
            bare.append(time.perf_counter() - t)
            t = time.perf_counter()
            out = subprocess.run(mockint, capture_output=True, text=True)
            cli.append(time.perf_counter() - t)
            assert json.loads(out.stdout)["verdict"] == "Accepted", out.stdout + out.stderr
            t = time.perf_counter()
            assert judge(q, q.reference, measure_complexity=False).accepted
            inproc.append(time.perf_counter() - t)
    shutdown()
    b, c, j = (statistics.median(x) for x in (bare, cli, inproc))
    print(f"dsa.two-sum, {len(tests)} literal tests, median of {args.runs}")
    print(f"  bare python -c subprocess : {b * 1000:7.1f} ms")
    print(f"  mockint judge --json      : {c * 1000:7.1f} ms   ratio {c / b:.2f}x (target <= 2x)")
    print(f"  judge() in process        : {j * 1000:7.1f} ms   ratio {j / b:.2f}x (target <= 1.3x)")


if __name__ == "__main__":
    main()
