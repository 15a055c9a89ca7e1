"""Cancel while a large text file is read stops the reading, not only what comes after it.

The rows were all read (a file of a million lines takes a while) before the cancel was looked
at, so the progress window said "Cancelling…" until the whole file had been read.
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from fibrolearn.services.container import Services
from fibrolearn.services.interop import ImportCancelledError, ImportOptions, InteropError


def test_cancel_stops_the_reading_of_a_text_file(services: Services, tmp_path: Path) -> None:
    # A stray quote on the last line: a reading that goes on to the end refuses the file there.
    path = tmp_path / "big.csv"
    rows = "".join(f'"term, {number}",definition {number}\n' for number in range(5_000))
    path.write_text(f'{rows}"unclosed,quote\n', encoding="utf-8")
    with pytest.raises(InteropError, match="quote"):
        services.importer.run(path, ImportOptions())
    cancel = threading.Event()

    def progress(what: str, done: int, total: int) -> None:
        if what.startswith("Reading"):
            cancel.set()  # the learner pressed Cancel as the reading began

    with pytest.raises(ImportCancelledError):
        services.importer.run(path, ImportOptions(), progress=progress, cancel=cancel)
    assert "big" not in {deck.name for deck in services.decks.list_decks()}
