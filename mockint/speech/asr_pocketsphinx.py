"""The pocketsphinx recogniser (no Qt): offline, with the en-us model its wheel ships.

Free-form, with a JSGF grammar of the sentences expected, or spotting one keyphrase; see
:class:`PocketsphinxTranscriber`. Picked by :func:`mockint.speech.transcribe.make_transcriber`
when Whisper cannot run.
"""

from __future__ import annotations

import importlib.util
import re
import threading
from collections.abc import Sequence
from typing import Any

import numpy as np

from mockint.speech.audio import MODEL_RATE, FileInputMixin, resample, split_at_quiet
from mockint.speech.transcript import Transcript, TranscriptionError, Word
from mockint.speech.tts import SpeechStatus

_TOKEN = re.compile(r"[a-z0-9']+")


def _grammar_words(text: str) -> list[str]:
    return _TOKEN.findall(text.lower())


def jsgf_for(sentences: Sequence[str]) -> str:
    """A JSGF grammar that accepts one of ``sentences`` (lower-cased, punctuation dropped).

    One sentence per decoded piece (see :func:`split_at_quiet`): a grammar of two sentences in a
    row, or JSGF's ``+``, matched nothing on two espeak sentences, so grammars suit short takes."""
    alternatives = [" ".join(_grammar_words(s)) for s in sentences]
    alternatives = [a for a in alternatives if a]
    if not alternatives:
        raise TranscriptionError("the grammar has no words")
    body = " | ".join(f"( {a} )" for a in alternatives)
    return f"#JSGF V1.0;\ngrammar mockint;\npublic <answer> = {body};\n"


class PocketsphinxTranscriber(FileInputMixin):
    """Offline recognition with pocketsphinx and the en-us model its wheel ships.

    ``grammar``: a JSGF grammar (text starting with ``#JSGF``) or a list of the sentences the
    speaker may say; words must be in the en-us dictionary. ``keyphrase``: spot one phrase
    (``kws_threshold`` trades misses for false alarms; pocketsphinx's default is 1e-30). With
    neither, the bundled trigram language model is used (free-form).

    Audio at any other rate is resampled to 16 kHz first (decoding espeak's 22.05 kHz output at its
    own rate was worse), and the front end dithers (see ``_decoder``). The en-us dictionary lacks
    much ML vocabulary ("overfitting", "regularization"): free-form text will miss those words and
    a grammar using them is refused with the words named. The model loads on first use
    (0.3–1.2 s); decoding holds a lock, so one instance may be shared between threads.
    """

    name = "pocketsphinx"

    def __init__(
        self,
        grammar: str | Sequence[str] | None = None,
        keyphrase: str | None = None,
        kws_threshold: float | None = None,
    ) -> None:
        if grammar is not None and keyphrase is not None:
            raise ValueError("give a grammar or a keyphrase, not both")
        if importlib.util.find_spec("pocketsphinx") is None:
            self.status = SpeechStatus(False, "pocketsphinx is not installed (pip install pocketsphinx)")
        else:
            self.status = SpeechStatus(True)
        if isinstance(grammar, str) and not grammar.lstrip().startswith("#JSGF"):
            grammar = [grammar]
        self.jsgf = grammar if isinstance(grammar, str) or grammar is None else jsgf_for(grammar)
        self.keyphrase = " ".join(_grammar_words(keyphrase)) if keyphrase else None
        self.kws_threshold = kws_threshold
        self._decoder_obj: Any = None
        self._lock = threading.Lock()

    def _decoder(self) -> Any:
        if self._decoder_obj is not None:
            return self._decoder_obj
        try:
            from pocketsphinx import Decoder, set_loglevel
        except ImportError as exc:
            raise TranscriptionError(f"pocketsphinx is not installed ({exc})") from exc
        set_loglevel("FATAL")  # its INFO lines go to stderr and would flood the terminal
        # Dither (noise of about one sample step): espeak and resampled audio hold runs of exact
        # digital zeros, which derail pocketsphinx's features. Without it a grammar that matched
        # sox-resampled audio (sox dithers) matched nothing from our own resampler.
        options: dict[str, Any] = {"samprate": MODEL_RATE, "loglevel": "FATAL", "dither": True}
        if self.kws_threshold is not None:
            options["kws_threshold"] = self.kws_threshold
        try:
            decoder = Decoder(**options)
        except RuntimeError as exc:
            raise TranscriptionError(f"pocketsphinx could not load its model ({exc})") from exc
        if self.jsgf is not None:
            self._check_words(decoder, self.jsgf)
            try:
                decoder.add_jsgf_string("mockint", self.jsgf)
            except RuntimeError as exc:
                raise TranscriptionError(f"the grammar was not accepted ({exc})") from exc
            decoder.activate_search("mockint")
        elif self.keyphrase:
            self._check_words(decoder, self.keyphrase)
            decoder.add_keyphrase("mockint", self.keyphrase)
            decoder.activate_search("mockint")
        self._decoder_obj = decoder
        return decoder

    @staticmethod
    def _check_words(decoder: Any, text: str) -> None:
        body = text.split("=", 1)[1] if text.lstrip().startswith("#JSGF") else text
        unknown = sorted({w for w in _grammar_words(body) if decoder.lookup_word(w) is None})
        if unknown:
            raise TranscriptionError("not in the pocketsphinx dictionary: " + ", ".join(unknown))

    def warm_up(self) -> None:
        """Load the model now rather than on the first transcription."""
        with self._lock:
            self._decoder()

    def transcribe(self, samples: np.ndarray, rate: int) -> Transcript:
        """Decode in pieces of about :data:`CHUNK_S` seconds cut at the quietest moment nearby.

        One utterance of 2.6 minutes grew pocketsphinx by 35 MB and the growth is linear, so a
        long answer would take hundreds; pieces keep memory flat whatever the length."""
        duration = samples.size / rate if rate else 0.0
        audio = np.ascontiguousarray(resample(samples, rate, MODEL_RATE), dtype="<i2")
        words: list[Word] = []
        texts: list[str] = []
        with self._lock:
            decoder = self._decoder()
            frate = float(decoder.config["frate"] or 100)
            for start, end in split_at_quiet(audio, MODEL_RATE):
                offset = start / MODEL_RATE
                try:
                    decoder.start_utt()
                    decoder.process_raw(audio[start:end].tobytes(), full_utt=True)
                    decoder.end_utt()
                except RuntimeError as exc:
                    raise TranscriptionError(f"pocketsphinx could not decode the audio ({exc})") from exc
                hyp = decoder.hyp()
                if hyp is None:  # with a grammar: this piece matches no sentence
                    continue
                found = [
                    Word(
                        _base_word(seg.word),
                        offset + seg.start_frame / frate,
                        offset + (seg.end_frame + 1) / frate,
                    )
                    for seg in (decoder.seg() or ())
                    if _is_word(seg.word)
                ]
                words += found
                texts.append(" ".join(w.text for w in found) if found else hyp.hypstr)
        text = " ".join(t for t in texts if t)
        return Transcript(text=text, words=tuple(words), duration_s=duration, backend=self.name)


def _is_word(token: str) -> bool:
    return not (token.startswith("<") or token.startswith("[") or token.startswith("+"))


def _base_word(token: str) -> str:
    """'to(3)' -> 'to': pocketsphinx marks alternate pronunciations with a number."""
    return token.split("(", 1)[0]
