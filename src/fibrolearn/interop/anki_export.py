"""Write FibroLearn notes as an Anki deck package (.apkg).

The package uses the layout Anki itself writes when "Support older Anki versions" is ticked:
``collection.anki21`` (schema 11) with the notes, a ``collection.anki2`` that asks Anki 2.0 users
to update, a JSON media map with media stored as they are, and ``meta`` saying version 2. Every
Anki since 2.1 (2018), AnkiDroid and AnkiMobile import it, while the current layout
(``collection.anki21b``) needs Anki 2.1.50 or newer; nothing in FibroLearn's notes needs the
newer schema.
"""

from __future__ import annotations

import json
import os
import pickle
import sqlite3
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from fibrolearn.interop import anki_proto
from fibrolearn.interop.anki_export_schedule import (
    AnkiDays,
    log_rows,
    new_card_columns,
    scheduled_columns,
)
from fibrolearn.interop.anki_schema11 import (
    DEFAULT_DECK_ID,
    AnkiRows,
    parent_names,
    write_collection,
)
from fibrolearn.interop.errors import InteropError, refused_by_disk
from fibrolearn.interop.note_types import OWN_NOTE_TYPES, anki_fields, note_type_id
from fibrolearn.interop.values import ExportNote, NoteTypeSpec
from fibrolearn.paths import unwritable_target
from fibrolearn.scheduling.study_day import StudyDay
from fibrolearn.storage.zip_dates import dated_member
from fibrolearn.whole_file import remove_abandoned

_WORK_PREFIX = ".fibrolearn-export-"  # the work folder beside the package being written
_LEGACY_VERSION = 2
_UPDATE_NOTICE = (
    "This package needs Anki 2.1 or newer.",
    "Please update Anki, then import the package again.",
)


@dataclass(frozen=True, slots=True)
class ApkgContents:
    """What went into a package."""

    notes: int
    cards: int
    reviews: int
    media_files: int


class _Spool:
    """Rows waiting in a file until the collection is written, so memory holds one batch."""

    def __init__(self, folder: Path) -> None:
        self._file = tempfile.TemporaryFile(dir=folder)  # noqa: SIM115 - closed by close()
        self._batches = 0
        self.count = 0

    def extend(self, rows: list[tuple[Any, ...]]) -> None:
        """Keep ``rows`` after those kept before."""
        if rows:
            pickle.dump(rows, self._file, pickle.HIGHEST_PROTOCOL)
            self._batches += 1
            self.count += len(rows)

    def rows(self, check: Callable[[], None]) -> Iterator[tuple[Any, ...]]:
        """Every row kept, in order, read back a batch at a time; ``check`` before each."""
        self._file.seek(0)
        for _batch in range(self._batches):
            check()
            yield from pickle.load(self._file)

    def close(self) -> None:
        """Delete the file."""
        self._file.close()


class _ReviewLog:
    """The review log's rows, waiting in a scratch SQLite file until the collection is written.

    Anki keys its log by the millisecond: an answer at a millisecond already taken moves to
    the next free one. The scratch file's unique index knows which are taken, so neither the
    rows nor their ids are held in memory (a set of a million ids would be, and the garbage
    collector would walk it every time it ran, freezing the window).
    """

    _ADD = "INSERT OR IGNORE INTO revlog VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
    _BATCH = 5000

    def __init__(self, path: Path) -> None:
        self._db = sqlite3.connect(path)
        self._db.executescript(
            "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;"  # a scratch file: no recovery
            "CREATE TABLE revlog (id INTEGER NOT NULL UNIQUE, cid, ease, ivl, lastIvl, factor,"
            " time, type);"
        )
        self.count = 0

    def extend(self, rows: list[tuple[int, ...]]) -> None:
        """Keep ``rows`` after those kept before, each at its millisecond or the next free."""
        for wanted, *rest in rows:
            review_id = wanted
            while self._db.execute(self._ADD, (review_id, *rest)).rowcount == 0:
                review_id += 1
        self.count += len(rows)

    def rows(self, check: Callable[[], None]) -> Iterator[tuple[int, ...]]:
        """Every row kept, in the order kept; ``check`` every few thousand."""
        cursor = self._db.execute("SELECT * FROM revlog ORDER BY rowid")
        while batch := cursor.fetchmany(self._BATCH):
            check()
            yield from batch

    def close(self) -> None:
        """Let go of the file (its folder is deleted with it)."""
        self._db.close()


class ApkgWriter:
    """Writes a package from notes given a chunk at a time; made by :func:`apkg_writer`.

    The rows of the notes, cards and review log wait in files in the work folder until
    :meth:`finish` writes the collection from them, so however large the export, memory holds
    one chunk.
    """

    def __init__(
        self,
        target: Path,
        work: Path,
        note_types: Mapping[str, NoteTypeSpec],
        *,
        with_history: bool,
        now: datetime,
        study_day: StudyDay,
    ) -> None:
        self._target = target
        self._work = work
        self._note_types = note_types
        self._with_history = with_history
        self._now = now
        self._study_day = study_day
        self._days = AnkiDays(study_day, study_day.date_of(now))
        self._base = int(now.timestamp() * 1000)
        self._types: dict[int, NoteTypeSpec] = {}
        self._decks: set[str] = set()
        self._notes, self._cards = _Spool(work), _Spool(work)
        self._reviews = _ReviewLog(work / "revlog.sqlite")

    @property
    def note_types(self) -> list[NoteTypeSpec]:
        """The note types of the notes added so far, as they go into the package."""
        return list(self._types.values())

    def add(self, notes: Iterable[ExportNote]) -> None:
        """Add notes with their cards (and, with history, their review log)."""
        note_rows, card_rows, review_rows = [], [], []
        for note in notes:
            spec, values = anki_fields(
                note.kind,
                note.fields,
                self._note_types.get(note.note_type_key or ""),
                self._note_types.get(note.origin_type_key or ""),
            )
            type_id = note_type_id(spec.key)
            self._types[type_id] = spec
            note_id = self._base + self._notes.count + len(note_rows)
            modified = int(note.modified.timestamp())
            note_rows.append((note_id, note.guid, type_id, modified, note.tags, values))
            for card in note.cards:
                card_id = self._base + self._cards.count + len(card_rows)
                ordinal = card.ordinal - 1 if spec.kind == "cloze" else card.ordinal
                scheduling = (
                    scheduled_columns(card, self._days, self._now)
                    if self._with_history
                    else new_card_columns(card.position, card.suspended)
                )
                # The deck's name for now: Anki's deck ids are known once every deck is.
                card_rows.append((card_id, note_id, card.deck, ordinal, modified, *scheduling))
                self._decks.add(card.deck)
                if self._with_history:
                    review_rows += log_rows(card_id, card.reviews, self._days, card.resets)
        self._notes.extend(note_rows)
        self._cards.extend(card_rows)
        self._reviews.extend(review_rows)

    def finish(
        self, media: Mapping[str, Path], check: Callable[[], None] = lambda: None
    ) -> ApkgContents:
        """Write the package with the ``media`` files (name -> path); it appears at the target.

        Args:
            media: The media files to include, by name.
            check: Called every few thousand rows and files; raising from it (a cancel, say)
                stops the writing, and nothing appears at the target.

        Raises:
            InteropError: A media file cannot be read (the message names it); nothing appears
                at the target.
        """
        base = self._base
        deck_ids = {
            name: DEFAULT_DECK_ID if name.lower() == "default" else base - 1 - index
            for index, name in enumerate(sorted(parent_names(self._decks)))
        }
        rows = AnkiRows(  # write_collection reads the rows once, in order, from the files
            created=int(self._study_day.start(self._now).timestamp()),
            modified_ms=base,
            note_types=self._types,
            decks={
                deck_id: name for name, deck_id in deck_ids.items() if deck_id != DEFAULT_DECK_ID
            },
            notes=self._notes.rows(check),  # type: ignore[arg-type]
            cards=(  # type: ignore[arg-type]
                (card_id, note_id, deck_ids[deck], *rest)
                for card_id, note_id, deck, *rest in self._cards.rows(check)
            ),
            reviews=self._reviews.rows(check),  # type: ignore[arg-type]
            next_position=self._cards.count + 1,
            rollover_hour=self._study_day.rollover_hour,
        )
        collection, notice = self._work / "collection.anki21", self._work / "collection.anki2"
        write_collection(collection, rows)
        write_collection(notice, _update_notice(self._now, rows.created))
        partial = self._work / "package.apkg"
        # Dated within the years zip holds: a clock battery that ran out says 1970.
        with zipfile.ZipFile(
            partial, "w", zipfile.ZIP_DEFLATED, strict_timestamps=False
        ) as archive:
            archive.writestr(
                dated_member("meta", self._now), anki_proto.encode_package_version(_LEGACY_VERSION)
            )
            archive.write(collection, "collection.anki21")
            archive.write(notice, "collection.anki2")
            names = {}
            for number, (name, path) in enumerate(sorted(media.items())):
                if number % 1000 == 0:
                    check()
                try:
                    archive.write(path, str(number))
                except OSError as error:
                    if error.filename is None:  # writing the package; reading a file names it
                        raise
                    raise self._unreadable(name, path, error) from error
                names[str(number)] = name
            archive.writestr(dated_member("media", self._now), json.dumps(names))
        os.replace(partial, self._target)
        return ApkgContents(
            notes=self._notes.count,
            cards=self._cards.count,
            reviews=self._reviews.count,
            media_files=len(media),
        )

    def _unreadable(self, name: str, path: Path, error: OSError) -> InteropError:
        """A media file at fault, named: the target folder is not (nothing was written there)."""
        return InteropError(
            f"The media file {name} in {path.parent} cannot be read: "
            f"{error.strerror or error}. Nothing was written to {self._target}. Make the file "
            "readable, or export without media, then export again."
        )

    def close(self) -> None:
        """Delete the rows kept."""
        for spool in (self._notes, self._cards, self._reviews):
            spool.close()


@contextmanager
def apkg_writer(
    target: Path,
    note_types: Mapping[str, NoteTypeSpec],
    *,
    with_history: bool,
    now: datetime,
    study_day: StudyDay,
) -> Iterator[ApkgWriter]:
    """A writer of an .apkg at ``target``: ``add`` the notes, then ``finish`` with the media.

    The file appears at ``target`` only once finished; if the block ends early (an error, a
    cancel), nothing is left behind and a file already there stays as it was. Due days and
    intervals are counted in ``study_day``'s days, so a card due in three study days is due
    in three days in Anki.

    Raises:
        InteropError: The package cannot be written there (its folder must exist already).
    """
    unfit = unwritable_target(target)  # no new folders, nor FibroLearn's own files
    if unfit is not None:
        raise InteropError(unfit)
    try:
        remove_abandoned(target.parent, f"{_WORK_PREFIX}*")
        with tempfile.TemporaryDirectory(prefix=_WORK_PREFIX, dir=target.parent) as work:
            writer = ApkgWriter(
                target,
                Path(work),
                note_types,
                with_history=with_history,
                now=now,
                study_day=study_day,
            )
            try:
                yield writer
            finally:
                writer.close()
    except OSError as error:
        raise refused_by_disk(f"{target} cannot be written", error, "export again") from error


def write_apkg(
    target: Path,
    notes: Iterable[ExportNote],
    note_types: Mapping[str, NoteTypeSpec],
    media: Mapping[str, Path],
    *,
    with_history: bool,
    now: datetime,
    study_day: StudyDay,
) -> ApkgContents:
    """Write ``notes`` (and the ``media`` files, name -> path) as an .apkg at ``target``.

    The whole of :func:`apkg_writer` in one call, for notes that are all at hand.

    Raises:
        InteropError: The package cannot be written there.
    """
    with apkg_writer(
        target, note_types, with_history=with_history, now=now, study_day=study_day
    ) as package:
        package.add(notes)
        return package.finish(media)


def _update_notice(now: datetime, created: int) -> AnkiRows:
    spec = OWN_NOTE_TYPES[next(iter(OWN_NOTE_TYPES))]
    base = int(now.timestamp() * 1000)
    type_id = note_type_id(spec.key)
    return AnkiRows(
        created=created,
        modified_ms=base,
        note_types={type_id: spec},
        decks={},
        notes=[(base, "fibrolearn-update", type_id, base // 1000, (), list(_UPDATE_NOTICE))],
        cards=[(base, base, 1, 0, base // 1000, 0, 0, 1, 0, 0, 0, 0, 0, "{}")],
        reviews=[],
        next_position=2,
    )
