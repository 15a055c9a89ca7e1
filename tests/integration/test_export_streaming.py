"""Exports read the collection a chunk at a time, write the same files as before, and cancel.

A collection of 100,000 notes and a million answers once took 2.3 GB and froze the window for
seconds to export: every answer was loaded as an object first. Now each chunk of notes is
read and written before the next, so only one is in memory.

``small-exports.json`` holds what the exporter wrote for :func:`studied` before that change
(commit 37d6573): every row of each package's collection, its media, and the text file. The
files written now must hold the same.
"""

from __future__ import annotations

import json
import sqlite3
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import closing
from datetime import timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from fibrolearn.domain.clock import FixedClock
from fibrolearn.domain.enums import Rating
from fibrolearn.domain.progress import Cancelled
from fibrolearn.interop.anki_export import ApkgWriter
from fibrolearn.services.container import Services
from fibrolearn.services.interop import ImportOptions
from fibrolearn.storage import export_repo

DATA = Path(__file__).resolve().parents[1] / "data" / "interop"
EXPECTED = DATA / "small-exports.json"
RATINGS = [Rating.GOOD, Rating.AGAIN, Rating.GOOD, Rating.EASY, Rating.HARD, Rating.AGAIN]


def studied(services: Services, clock: FixedClock) -> None:
    """The small deck and an Anki package (a picture, a cloze), answered in every way.

    Some answers share an instant (Anki's log needs them a millisecond apart), a card is
    suspended, and a few days later the cards due are answered again.
    """
    services.importer.run(DATA / "small-latest.apkg", ImportOptions())
    for day in range(3):
        # Not "Fibro", made as the parent of "Fibro::Basics": it would study that deck's
        # cards a second time, and the files expected were written before it was made.
        for deck in (d for d in services.decks.list_decks() if d.name != "Fibro"):
            for index, rating in enumerate(RATINGS):
                card = services.study.next_card(deck.deck_id)
                if card is None:
                    break
                services.study.answer(card.card_id, rating, 3000 + index, shown_state=card.state)
                if index % 2:  # every other pair of answers at the same instant
                    clock.advance(timedelta(minutes=7))
        if day == 0:
            services.card_edits.suspend(1)
        clock.advance(timedelta(days=2, hours=3))


def export_all(services: Services, folder: Path) -> None:
    """Every kind of export, each to its own file in ``folder``."""
    basics = next(d.deck_id for d in services.decks.list_decks() if d.name == "Fibro::Basics")
    exporter = services.exporter
    exporter.export_apkg(folder / "history.apkg", with_history=True, with_media=True)
    exporter.export_apkg(folder / "plain.apkg", with_media=True)
    exporter.export_apkg(folder / "basics.apkg", deck_id=basics, with_history=True)
    exporter.export_csv(folder / "notes.txt")
    exporter.export_csv(folder / "basics.txt", deck_id=basics)


def contents(folder: Path) -> dict[str, Any]:
    """What each file in ``folder`` holds, as JSON values: rows, media, text."""
    found: dict[str, Any] = {}
    for path in sorted(folder.iterdir()):
        if path.suffix == ".txt":
            found[path.name] = path.read_text(encoding="utf-8")
        else:
            found[path.name] = package_contents(path)
    return json.loads(json.dumps(found))  # tuples as lists, as the stored file has them


def package_contents(path: Path) -> dict[str, Any]:
    with zipfile.ZipFile(path) as archive, tempfile.TemporaryDirectory() as work:
        found: dict[str, Any] = {"entries": archive.namelist()}
        for name in archive.namelist():
            if name.startswith("collection"):
                archive.extract(name, work)
                found[name] = collection_rows(Path(work) / name)
            else:
                found[name] = archive.read(name).decode("latin-1")
        return found


def collection_rows(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    with closing(sqlite3.connect(path)) as connection:
        return {
            table: connection.execute(f"SELECT * FROM {table} ORDER BY id").fetchall()
            for table in ("col", "notes", "cards", "revlog")
        }


@pytest.fixture
def collection(
    services: Services, clock: FixedClock, machine_in_berlin: ZoneInfo
) -> Iterator[Services]:
    """The studied collection, on a machine in Berlin (the days counted depend on the zone)."""
    studied(services, clock)
    yield services


def test_the_files_hold_what_they_held_before_the_export_streamed(
    collection: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(export_repo, "CHUNK_NOTES", 2)  # several chunks, even here
    folder = tmp_path / "exports"
    folder.mkdir()

    export_all(collection, folder)

    expected = json.loads(EXPECTED.read_text(encoding="utf-8"))
    found = contents(folder)
    assert found.keys() == expected.keys()
    for name, content in expected.items():
        assert found[name] == content, name
    revlog = found["history.apkg"]["collection.anki21"]["revlog"]
    assert len({row[0] for row in revlog}) == len(revlog) > 20  # each answer has its own id


def test_notes_are_read_and_written_a_chunk_at_a_time(
    collection: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(export_repo, "CHUNK_NOTES", 2)
    steps: list[tuple[str, int]] = []
    read_chunks = export_repo.export_chunks

    def chunks(*args: Any, **kwargs: Any) -> Iterator[export_repo.ExportData]:
        for data in read_chunks(*args, **kwargs):
            steps.append(("read", len(data.notes)))
            assert data.reviews  # with their cards' answers, and only those
            assert data.reviews.keys() <= {card.id for card in data.cards}
            yield data

    add = ApkgWriter.add

    def written(writer: ApkgWriter, notes: Any) -> None:
        notes = list(notes)
        steps.append(("written", len(notes)))
        add(writer, notes)

    monkeypatch.setattr(export_repo, "export_chunks", chunks)
    monkeypatch.setattr(ApkgWriter, "add", written)

    report = collection.exporter.export_apkg(tmp_path / "all.apkg", with_history=True)

    # Each chunk is written before the next is read: memory holds one at a time.
    assert steps == [("read", 2), ("written", 2)] * 3
    assert report.notes == 6 and report.reviews > 20


def test_the_chunks_come_one_by_one_as_they_are_asked_for(
    collection: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(export_repo, "CHUNK_NOTES", 4)
    with collection.database.read() as session:
        scope = export_repo.export_scope(session, None)
        chunks = export_repo.export_chunks(session, scope, with_reviews=True)
        assert isinstance(chunks, Iterator)  # a generator: nothing is read until asked
        sizes = [len(data.notes) for data in chunks]
    assert sizes == [4, 2]
    assert len(scope.note_ids) == 6


class CancelAt:
    """Progress that cancels at its ``at``-th report, as the learner's Cancel would."""

    def __init__(self, at: int) -> None:
        self.at = at
        self.reports: list[tuple[int, int]] = []

    def advance(self, done: int, total: int) -> None:
        self.reports.append((done, total))
        if len(self.reports) >= self.at:
            raise Cancelled


@pytest.mark.parametrize(
    ("kind", "at"),
    [("apkg", 2), ("apkg", 5), ("apkg", 8), ("csv", 2), ("csv", 4)],
    ids=["apkg-reading", "apkg-writing-starts", "apkg-writing", "csv-reading", "csv-at-the-end"],
)
def test_a_cancelled_export_leaves_no_file_and_an_older_one_as_it_was(
    collection: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str, at: int
) -> None:
    monkeypatch.setattr(export_repo, "CHUNK_NOTES", 2)  # reports: 0, 2, 4, 6 notes, then 6...
    folder = tmp_path / "exports"
    folder.mkdir()
    fresh, older = folder / f"new.{kind}", folder / f"older.{kind}"
    older.write_bytes(b"the learner's earlier export")
    exporter = collection.exporter

    for target in (fresh, older):
        progress = CancelAt(at)
        with pytest.raises(Cancelled):
            if kind == "apkg":
                exporter.export_apkg(target, with_history=True, with_media=True, progress=progress)
            else:
                exporter.export_csv(target, progress=progress)
        assert progress.reports[-1][1] == 6

    assert sorted(p.name for p in folder.iterdir()) == [older.name]  # no partial file either
    assert older.read_bytes() == b"the learner's earlier export"


def test_progress_counts_the_notes_read(
    collection: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(export_repo, "CHUNK_NOTES", 4)
    progress = CancelAt(at=10**6)  # never cancels

    collection.exporter.export_csv(tmp_path / "notes.txt", progress=progress)

    assert progress.reports == [(0, 6), (4, 6), (6, 6)]
