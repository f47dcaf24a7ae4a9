"""What every screen needs, passed in explicitly (no global app singleton)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from mockint.bank import Bank
from mockint.settings import Settings
from mockint.speech import Speaker, UnavailableSpeaker

if TYPE_CHECKING:  # numpy (under the transcriber) stays off the launch path
    from mockint.speech.transcript import Transcriber
    from mockint.store import Store


@dataclass
class AppContext:
    """The data directory, the loaded bank, the open store and the speaker.

    ``store`` is ``None`` when the database could not be opened (``store_error`` says why); the
    app then still starts, shows the error and offers nothing that would write. Code that runs only
    with a store (a loop, the history, a report) reads :attr:`open_store`.
    """

    data_dir: Path
    bank: Bank
    store: Store | None
    store_error: str = ""
    speaker: Speaker = field(default_factory=lambda: UnavailableSpeaker("speech has not started yet"))
    settings: Settings = field(default_factory=Settings)
    #: False until the speaker has been created (after the window shows); no notice before then.
    speech_started: bool = False
    #: Speech-to-text for recorded answers, made on first use (mockint.speech.make_transcriber).
    transcriber: Transcriber | None = None

    @property
    def open_store(self) -> Store:
        """The open store; raises :class:`StoreUnavailable` when the database could not be opened
        (the screens that write are not offered then, so reaching this is a bug)."""
        if self.store is None:
            raise StoreUnavailable(self.store_error or "the history database is not open")
        return self.store


class StoreUnavailable(RuntimeError):
    """A screen needed the history database, but it could not be opened (the message says why)."""
