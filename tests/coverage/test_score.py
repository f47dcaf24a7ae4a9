"""Key-point scoring: signals, the negation guard, prompt echo, phases, and the real model offline."""

from __future__ import annotations

import re

import numpy as np
import pytest

from mockint.bank.model import Phase, Question
from mockint.coverage import BLEND, Params, key_point_groups, score_key_points, score_points, uncovered
from mockint.coverage import text as T


class BagOfWords:
    """A stand-in embedder: hashed bag of stems, unit length (cosine = shared-stem overlap)."""

    def encode(self, texts):
        out = np.zeros((len(texts), 256), dtype=np.float32)
        for i, t in enumerate(texts):
            for s in T.content_stems(t):
                out[i, hash(s) % 256] += 1.0
            n = np.linalg.norm(out[i])
            out[i] /= n if n else 1.0
        return out


def _question(**kw) -> Question:
    base = dict(
        id="theory.x",
        round_type="ml_theory",
        title="t",
        difficulty="medium",
        topics=(),
        minutes=5,
        prompt="Define precision and recall.",
        source_file="x.toml",
        key_points=(
            "Precision is true positives over everything flagged positive.",
            "Favour recall when missing a case is costly, such as cancer screening.",
        ),
    )
    base.update(kw)
    return Question(**base)


def test_text_helpers_split_sentences_and_stem():
    assert T.sentences("One two. Three four? Five; six\nseven") == [
        "One two.",
        "Three four?",
        "Five;",
        "six",
        "seven",
    ]
    assert T.stem("weights") == T.stem("weighted") == "weight"
    assert T.negated("it doesn't matter") and T.negated("never zero") and not T.negated("it matters")


def test_answer_covering_one_point_ticks_only_that_point():
    q = _question()
    answer = "So precision means true positives divided by everything we flagged as positive."
    scores = score_key_points(q, answer, embedder=None)
    assert [s.index for s in scores] == [1, 2]
    assert scores[0].covered and not scores[1].covered
    assert scores[0].score > scores[1].score
    assert [s.index for s in uncovered(q, answer, embedder=None)] == [2]


def test_empty_or_off_topic_answer_covers_nothing():
    q = _question()
    for answer in ("", "   ", "I would tune the learning rate with a warmup and cosine decay."):
        assert not any(s.covered for s in score_key_points(q, answer, embedder=BagOfWords()))


def test_negated_statement_scores_lower_than_the_plain_one():
    point = ["Random feature subsets decorrelate the trees."]
    plain = score_points(point, "Random feature subsets decorrelate the trees.", embedder=BagOfWords())[0]
    wrong = score_points(
        point, "Random feature subsets do not decorrelate the trees.", embedder=BagOfWords()
    )[0]
    assert wrong.score == pytest.approx(plain.score - BLEND.negation_penalty, abs=0.05)
    assert wrong.score < plain.score


def test_repeating_the_prompt_is_not_an_answer():
    q = _question(
        prompt="Favour recall when missing a case is costly, such as cancer screening?",
        key_points=("Favour recall when missing a case is costly, such as cancer screening.",),
    )
    echo = score_key_points(
        q, "Favour recall when missing a case is costly, such as cancer screening?", embedder=BagOfWords()
    )[0]
    assert echo.semantic == 0.0 and not echo.covered


def test_params_decide_the_threshold():
    point = ["Precision is true positives over everything flagged."]
    answer = "precision is true positives over flagged"
    lenient = score_points(point, answer, embedder=None, params=Params(0.0, 0.0, 0.1))[0]
    strict = score_points(point, answer, embedder=None, params=Params(0.0, 0.0, 0.99))[0]
    assert lenient.score == strict.score and lenient.covered and not strict.covered


def test_design_phases_are_scored_in_order_with_their_phase_name():
    q = _question(
        round_type="system_design",
        key_points=(),
        phases=(
            Phase("Metrics", 5, ("Offline normalised cross-entropy and calibration.",)),
            Phase("Serving", 5, ("Cache embeddings in a feature store.", "Log served features.")),
        ),
    )
    assert [g[0] for g in key_point_groups(q)] == ["Metrics", "Serving"]
    scores = score_key_points(q, "We'd log the served features for training.", embedder=None)
    assert [(s.phase, s.index) for s in scores] == [("Metrics", 1), ("Serving", 1), ("Serving", 2)]
    assert [s.covered for s in scores] == [False, False, True]


@pytest.mark.slow
def test_real_model_loads_offline_and_ranks_a_paraphrase_above_an_unrelated_point(monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    from mockint.coverage import get_embedder

    embedder, status = get_embedder()
    assert status.available, status.reason
    vecs = embedder.encode(["the cat sat on the mat", "a cat was sitting on a rug", "interest rates rose"])
    assert vecs.shape == (3, 384)
    assert float(vecs[0] @ vecs[1]) > float(vecs[0] @ vecs[2])
    q = _question()
    scores = score_key_points(
        q, "I'd rather catch every sick patient in a tumour screen, even with false alarms."
    )
    assert scores[1].semantic > scores[0].semantic
    assert re.fullmatch(r"0\.\d+|1\.0|0", str(scores[1].score))
