"""Recompute every numeric answer of rounds/stats_probability/numeric.toml (issue 16).

Run: .venv/bin/python docs/reviews/2026-12-04-stats-numeric-checks.py
Each check computes the value exactly (fractions, closed forms, scipy, enumeration) and, where
cheap, by a numpy simulation (seeded, so the table is reproducible). The script prints a table
and exits 1 when a bank answer lies outside its own tolerance of the exact value, when a
question with an answer has no check, when a check names no question, or when a simulation
strays from the exact value by more than its slack (a sign that the exact formula is wrong).
"""

from __future__ import annotations

import math
import sys
import tomllib
from fractions import Fraction
from math import comb
from pathlib import Path

import numpy as np
from scipy import stats

BANK = Path(__file__).resolve().parents[2] / "rounds" / "stats_probability" / "numeric.toml"
rng = np.random.default_rng(20261204)
N = 400_000


class Check:
    """One question's exact value, its simulated value (or None) and how both were found.

    ``slack`` is how far the simulation may stray from the exact value (absolute) before the
    check fails; about four standard errors of the simulated mean.
    """

    def __init__(self, exact: float, sim: float | None, slack: float, method: str) -> None:
        self.exact, self.sim, self.slack, self.method = float(exact), sim, slack, method


CHECKS: dict[str, Check] = {}


def check(qid: str, exact: float | Fraction, sim: float | None, method: str, slack: float = 0.0) -> None:
    """Record the check of ``qid``; ``slack`` is required (> 0) when ``sim`` is given."""
    if qid in CHECKS:
        raise SystemExit(f"two checks for {qid}")
    if sim is not None and slack <= 0:
        raise SystemExit(f"{qid}: a simulation needs a slack")
    CHECKS[qid] = Check(float(exact), None if sim is None else float(sim), slack, method)


def se_slack(samples: np.ndarray) -> float:
    """Four standard errors of the mean of ``samples`` (the simulation's allowed error)."""
    return 4 * float(samples.std()) / math.sqrt(samples.size) + 1e-12


# -- expectation and counting ----------------------------------------------------------------
perm = np.argsort(rng.random((N // 4, 10)), axis=1)
fixed = (perm == np.arange(10)).sum(1)
check(
    "stats.letters-in-right-envelopes",
    Fraction(10, 10),
    fixed.mean(),
    "10 indicators of mean 1/10; simulate permutations",
    se_slack(fixed),
)

conv = rng.binomial(10, 0.3, N) == 3
check(
    "stats.binomial-three-of-ten",
    comb(10, 3) * Fraction(3, 10) ** 3 * Fraction(7, 10) ** 7,
    conv.mean(),
    "binomial pmf (fractions); simulate",
    se_slack(conv),
)

faulty = rng.hypergeometric(5, 15, 4, N) == 1
check(
    "stats.hypergeometric-one-defective",
    Fraction(comb(5, 1) * comb(15, 3), comb(20, 4)),
    faulty.mean(),
    "hypergeometric count; simulate",
    se_slack(faulty),
)

# Chebyshev's bound is 1/k^2; the "simulation" draws from the three-point law that attains it.
three_point = rng.choice([140.0, 200.0, 260.0], size=N, p=[1 / 18, 16 / 18, 1 / 18])
assert abs(three_point.std() - 20) < 0.2 and abs(three_point.mean() - 200) < 0.2
far = np.abs(three_point - 200) >= 60
check(
    "stats.chebyshev-latency-bound",
    Fraction(1, 3**2),
    far.mean(),
    "1/k^2 with k = 3; sample the extremal three-point law",
    se_slack(far),
)

# MLE: closed form n / sum, confirmed by maximising the log-likelihood on a fine grid.
waits = np.array([2.0, 5.0, 1.0, 4.0, 3.0])
grid = np.linspace(0.01, 2.0, 199_001)
loglik = waits.size * np.log(grid) - grid * waits.sum()
check(
    "stats.mle-exponential-rate",
    Fraction(len(waits), int(waits.sum())),
    grid[loglik.argmax()],
    "n / sum t; argmax of the log-likelihood on a grid",
    1e-4,
)

# F1: closed form from the counts, confirmed on explicit label arrays.
truth = np.zeros(10_000, bool)
truth[:100] = True
flagged = np.zeros(10_000, bool)
flagged[40:120] = True  # 60 of the 100 frauds (40..99) and 20 legitimate (100..119)
tp = int((truth & flagged).sum())
p_hat, r_hat = tp / flagged.sum(), tp / truth.sum()
check(
    "stats.fraud-model-f1",
    Fraction(2 * 60, 2 * 60 + 20 + 40),
    2 * p_hat * r_hat / (p_hat + r_hat),
    "2TP/(2TP+FP+FN); from label arrays",
    1e-12,
)

# CI width: 2 * z_0.975 * s / sqrt(n); the simulation is the mean width over samples whose
# standard deviation is exactly 15 after rescaling (so only the formula is tested).
sessions = rng.normal(30, 15, (2_000, 100))
sessions = (sessions - sessions.mean(1, keepdims=True)) / sessions.std(1, ddof=1, keepdims=True) * 15
widths = 2 * stats.norm.ppf(0.975) * sessions.std(1, ddof=1) / 10
check(
    "stats.confidence-interval-width",
    2 * 1.96 * 15 / math.sqrt(100),
    widths.mean(),
    "2 * 1.96 * s / sqrt(n); scipy z on rescaled samples",
    1e-3,
)

boot = np.array([np.unique(rng.integers(0, 1000, 1000)).size for _ in range(4_000)])
check(
    "stats.bootstrap-distinct-points",
    1000 * (1 - 0.999**1000),
    boot.mean(),
    "n(1 - (1 - 1/n)^n); simulate bootstraps",
    se_slack(boot),
)


# -- named distributions, sums and limits ----------------------------------------------------
attempts = rng.negative_binomial(3, 0.4, N) + 3  # numpy counts the misses before the 3rd make
third = attempts == 5
check(
    "stats.negative-binomial-third-make",
    comb(4, 2) * Fraction(2, 5) ** 3 * Fraction(3, 5) ** 2,
    third.mean(),
    "C(k-1, r-1) p^r q^(k-r); simulate",
    se_slack(third),
)

late = rng.normal(30, 4, N) + rng.normal(20, 3, N) > 60
check(
    "stats.sum-of-normals-tail",
    stats.norm.sf(2),
    late.mean(),
    "N(50, 5^2) tail at z = 2; simulate",
    se_slack(late),
)

first = np.minimum.reduce([rng.exponential(m, N) for m in (2, 3, 6)])
check(
    "stats.first-of-three-failures",
    1 / (Fraction(1, 2) + Fraction(1, 3) + Fraction(1, 6)),
    first.mean(),
    "1 / sum of rates; simulate",
    se_slack(first),
)

gap = 60 * np.abs(rng.random(N) - rng.random(N))
check(
    "stats.arrival-gap-uniform", 60 * Fraction(1, 3), gap.mean(), "E|U1 - U2| = 1/3; simulate", se_slack(gap)
)

# The bank answer is the continuity-corrected normal estimate; "exact" is the true binomial tail,
# which must fall within the tolerance of it (so must the uncorrected z = 2 value).
binomial_tail = Fraction(sum(comb(400, k) for k in range(220, 401)), 2**400)
heads = rng.binomial(400, 0.5, N) >= 220
assert abs(stats.norm.sf(1.95) - 0.0256) < 0.001 and abs(stats.norm.sf(2) - 0.0256) < 0.003
check(
    "stats.clt-four-hundred-flips",
    binomial_tail,
    heads.mean(),
    "exact binomial tail (normal with correction 0.02559, without 0.02275); simulate",
    se_slack(heads),
)

# Posterior mean by rejection: draw a rate from the prior, keep it when 3 of 20 are clicked.
prior = rng.beta(2, 2, 4 * N)
kept = prior[rng.binomial(20, prior) == 3]
check(
    "stats.beta-posterior-click-rate",
    Fraction(2 + 3, 2 + 2 + 20),
    kept.mean(),
    "conjugate Beta(5, 19) mean; rejection sampling",
    se_slack(kept),
)

p_true, q_pred = np.array([1 / 2, 1 / 4, 1 / 4]), np.full(3, 1 / 3)
draws = rng.choice(3, N, p=p_true)
log_ratio = np.log2(p_true[draws] / q_pred[draws])
check(
    "stats.kl-divergence-three-classes",
    math.log2(3) - 1.5,
    log_ratio.mean(),
    "cross-entropy log2 3 minus entropy 1.5; Monte Carlo E_P[log2 p/q]",
    se_slack(log_ratio),
)

biased = rng.normal(0, math.sqrt(10), (N, 5)).var(1, ddof=0) - 10
check(
    "stats.variance-estimator-bias",
    Fraction(5 - 1, 5) * 10 - 10,
    biased.mean(),
    "(n-1)/n sigma^2 - sigma^2; simulate",
    se_slack(biased),
)

flips = (rng.random((N, 3)) < 0.1).sum(1)
kept_bit = flips % 2 == 0
check(
    "stats.relay-bit-flips",
    (1 + Fraction(4, 5) ** 3) / 2,
    kept_bit.mean(),
    "(1 + (1 - 2p)^n) / 2; simulate",
    se_slack(kept_bit),
)


# -- random walks, conditioning, covariance, order statistics, stopping ----------------------
def ruin_linear_system(start: int, target: int, p: float) -> float:
    """P(reach target before 0) by solving the first-step equations as a linear system."""
    a = np.eye(target + 1)
    b = np.zeros(target + 1)
    b[target] = 1.0
    for i in range(1, target):
        a[i, i + 1], a[i, i - 1] = -p, -(1 - p)
    return float(np.linalg.solve(a, b)[start])


def ruin_simulation(start: int, target: int, p: float, walkers: int) -> np.ndarray:
    """1.0 for each simulated walker that reaches ``target`` before 0, else 0.0."""
    wealth = np.full(walkers, start)
    alive = np.ones(walkers, bool)
    while alive.any():
        step = np.where(rng.random(alive.sum()) < p, 1, -1)
        wealth[alive] += step
        alive &= (wealth > 0) & (wealth < target)
    return (wealth == target).astype(float)


r = Fraction(2, 3)
ruin_closed = (1 - r**3) / (1 - r**10)
assert abs(ruin_linear_system(3, 10, 0.6) - float(ruin_closed)) < 1e-12
reached = ruin_simulation(3, 10, 0.6, N // 4)
check(
    "stats.gamblers-ruin-favourable-bet",
    ruin_closed,
    reached.mean(),
    "(1 - r^3)/(1 - r^10), r = 2/3, = linear system; simulate walks",
    se_slack(reached),
)

# Spend per customer: gamma with mean 20 and sd 5 (shape 16, scale 1.25); a sum of n of them is
# gamma(16 n, 1.25), and an hour with no customer earns 0.
customers = rng.poisson(10, N)
revenue = np.where(customers > 0, rng.gamma(np.maximum(16 * customers, 1), 1.25), 0.0)
check(
    "stats.compound-revenue-variance",
    math.sqrt(10 * 5**2 + 10 * 20**2),
    revenue.std(),
    "sqrt(E[N] Var X + Var N (E X)^2); simulate Poisson-gamma sums",
    0.5,
)

counts = rng.multinomial(12, [1 / 6] * 6, N)
cov_ab = 12 * (0 - Fraction(1, 36))
var_a = 12 * Fraction(1, 6) * Fraction(5, 6)
assert var_a + var_a + 2 * cov_ab == 12 * Fraction(1, 3) * Fraction(2, 3)  # Var(A + B), A + B binomial
check(
    "stats.ones-and-sixes-correlation",
    cov_ab / var_a,
    np.corrcoef(counts[:, 0], counts[:, 5])[0, 1],
    "indicator covariances -1/36 per roll; simulate multinomial",
    0.01,
)

cuts = np.sort(rng.random((N, 2)), axis=1)
pieces = np.column_stack([cuts[:, 0], cuts[:, 1] - cuts[:, 0], 1 - cuts[:, 1]])
longest = pieces.max(1)
check(
    "stats.longest-piece-broken-stick",
    Fraction(1, 3) * (1 + Fraction(1, 2) + Fraction(1, 3)),
    longest.mean(),
    "inclusion-exclusion / spacings (1/n) H_n; simulate",
    se_slack(longest),
)

totals = np.cumsum(rng.random((N, 25)), axis=1)  # P(more than 25 draws) = 1/25!
draws_needed = (totals <= 1).sum(1) + 1
assert (totals[:, -1] > 1).all()
check(
    "stats.uniforms-until-sum-exceeds-one",
    sum(Fraction(1, math.factorial(n)) for n in range(30)),
    draws_needed.mean(),
    "sum of P(N > n) = sum 1/n! = e; simulate",
    se_slack(draws_needed),
)


def stopping_value(rolls: int) -> Fraction:
    """Value of the die game with ``rolls`` rolls left, by backward induction (keep x iff x > continue)."""
    value = Fraction(0)
    for left in range(1, rolls + 1):
        cont = value if left > 1 else Fraction(-1)  # the last roll must be kept
        value = sum(Fraction(max(face, cont)) for face in range(1, 7)) / 6
    return value


dice = rng.integers(1, 7, (N, 3))
payout = np.where(dice[:, 0] >= 5, dice[:, 0], np.where(dice[:, 1] >= 4, dice[:, 1], dice[:, 2]))
check(
    "stats.three-roll-stopping-game",
    stopping_value(3),
    payout.mean(),
    "backward induction (fractions); simulate thresholds 5, 4",
    se_slack(payout),
)


def tolerance(q: dict) -> float:
    """The absolute band the bank's ``tolerance`` stands for (relative ones scale by |answer|)."""
    return q["tolerance"] * (abs(q["answer"]) if q.get("tolerance_kind") == "relative" else 1)


def main() -> int:
    questions = tomllib.loads(BANK.read_text("utf-8"))["questions"]
    bank = {q["id"]: q for q in questions if "answer" in q}
    bad = 0
    print(f"{'id':42} {'bank':>11} {'tol':>9} {'exact':>11} {'simulated':>11}  ok  method")
    for qid, q in bank.items():
        if qid not in CHECKS:
            print(f"{qid:42} no check written")
            bad += 1
            continue
        c = CHECKS[qid]
        ok = abs(c.exact - q["answer"]) <= tolerance(q)
        sim_ok = c.sim is None or abs(c.sim - c.exact) <= c.slack
        bad += (not ok) + (not sim_ok)
        shown = "" if c.sim is None else f"{c.sim:11.6g}"
        verdict = "ok" if ok and sim_ok else ("NO" if not ok else "SIM")
        print(
            f"{qid:42} {q['answer']:11.6g} {tolerance(q):9.3g} {c.exact:11.6g} {shown:>11}  {verdict:3} {c.method}"
        )
    for qid in CHECKS.keys() - bank.keys():
        print(f"{qid:42} check for a question not in {BANK.name}")
        bad += 1
    print(f"{len(bank)} numeric answers in {BANK.name}, {bad} problems")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
