"""Judge overhead as ratios measured in one run: ``mockint judge`` and in-process ``judge()``
against a bare ``python -c`` subprocess that runs the same solution on the same tests.

Targets (issue 12): the command at most 2x the bare subprocess, ``judge()`` at most 1.3x. The
problem is the bank's ``dsa.two-sum`` with its reference; the bare run builds the same test
inputs (the literal ones, and the two 10^5-element generated ones with the problem's
generator), calls the function and compares with the expected outputs (no growth timing, no
limits, no isolation), so it is the floor any judge pays. The command runs with
``--no-growth`` (growth timing is extra work the bare run does not do; the default command's
time is printed too) after one warm-up command, so its reference outputs come from the disk
cache as they do for a user's second command. Medians of ``--runs`` (default 9), interleaved
so machine load hits all alike; the load average is printed. Prints, asserts nothing. Run: ``.venv/bin/python benchmarks/judge_ratios.py [--runs N]``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
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
    # The generated (large) cases too, as the judge runs them: the bare run builds each input
    # with the generator and compares with the reference's output (computed here, up front).
    ref_ns: dict = {}
    exec(q.reference, ref_ns)
    gens = []
    for g in q.generators:
        gen_ns: dict = {}
        exec(g.code, gen_ns)
        for i in range(g.count):
            want = ref_ns[q.entry_point](*gen_ns["generate"](random.Random(g.seed + i)))
            gens.append((g.code, g.seed + i, want))
    # As an installed app runs: bytecode cached (here under a temporary prefix, not the checkout),
    # whatever this shell's PYTHONDONTWRITEBYTECODE says.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(Path(tempfile.gettempdir()) / "mockint-bench-pycache")
    with tempfile.TemporaryDirectory() as tmp:
        sol = Path(tmp) / "solution.py"
        sol.write_text(q.reference, encoding="utf-8")
        bare_src = (
            f"import random\nns = {{}}\nexec(open({str(sol)!r}).read(), ns)\nf = ns[{q.entry_point!r}]\n"
            f"for args, want in {tests!r}:\n    assert f(*args) == want\n"
            f"for code, seed, want in {gens!r}:\n    g = {{}}\n    exec(code, g)\n"
            "    assert f(*g['generate'](random.Random(seed))) == want\n"
        )
        literal_src = bare_src.split("for code, seed, want")[0]  # for reference: the 8 literal tests only
        mockint = [str(Path(sys.executable).parent / "mockint"), "judge", q.id, str(sol), "--json"]
        bare, literal, cli, cli_growth, inproc = [], [], [], [], []
        judge(q, q.reference)  # the reference cache, as after a first "Run tests"
        subprocess.run([*mockint, "--no-growth"], capture_output=True, check=False, env=env)  # disk cache
        for _ in range(args.runs):
            t = time.perf_counter()
            subprocess.run([sys.executable, "-c", bare_src], check=True, env=env)
            bare.append(time.perf_counter() - t)
            t = time.perf_counter()
            subprocess.run([sys.executable, "-c", literal_src], check=True, env=env)
            literal.append(time.perf_counter() - t)
            t = time.perf_counter()
            out = subprocess.run([*mockint, "--no-growth"], capture_output=True, text=True, env=env)
            cli.append(time.perf_counter() - t)
            assert json.loads(out.stdout)["verdict"] == "Accepted", out.stdout + out.stderr
            t = time.perf_counter()
            subprocess.run(mockint, capture_output=True, check=True, env=env)
            cli_growth.append(time.perf_counter() - t)
            t = time.perf_counter()
            assert judge(q, q.reference, measure_complexity=False).accepted
            inproc.append(time.perf_counter() - t)
    shutdown()
    b, c, g, j = (statistics.median(x) for x in (bare, cli, cli_growth, inproc))
    load = ", ".join(f"{v:.2f}" for v in os.getloadavg())
    print(
        f"dsa.two-sum, {len(tests)} literal + {len(gens)} generated tests, median of {args.runs}; load average {load} on {os.cpu_count()} CPUs"
    )
    print(f"  bare python -c subprocess        : {b * 1000:7.1f} ms")
    print(f"  (bare, the literal tests only    : {statistics.median(literal) * 1000:7.1f} ms)")
    print(f"  mockint judge --json --no-growth : {c * 1000:7.1f} ms   ratio {c / b:.2f}x (target <= 2x)")
    print(f"  mockint judge --json (growth)    : {g * 1000:7.1f} ms   ratio {g / b:.2f}x")
    print(f"  judge() in process               : {j * 1000:7.1f} ms   ratio {j / b:.2f}x (target <= 1.3x)")


if __name__ == "__main__":
    main()
