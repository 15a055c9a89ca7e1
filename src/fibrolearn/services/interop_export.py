"""Exporting decks as Anki packages (.apkg) and as text files of notes (.txt, .csv).

Both read the collection a chunk of notes at a time and write each chunk before reading the
next, so memory stays small however large the collection; the work reports its progress in
notes and stops, leaving no file, when the learner cancels.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import chain
from pathlib import Path

from fibrolearn.domain.clock import Clock
from fibrolearn.domain.progress import NoProgress, Progress
from fibrolearn.interop.anki_export import apkg_writer
from fibrolearn.interop.csv_export import write_notes_csv
from fibrolearn.interop.export_notes import (
    export_notes,
    media_to_export,
    stored_spec,
    wanted_media,
)
from fibrolearn.interop.media import note_type_media
from fibrolearn.interop.values import ExportNote, ExportReport, NoteTypeSpec, Skipped
from fibrolearn.services.study_day import current_study_day
from fibrolearn.storage import export_repo, note_types_repo
from fibrolearn.storage.db import Database, DbSession


class ExportService:
    """Writes the collection, or one deck of it, in formats other apps read."""

    def __init__(self, database: Database, clock: Clock, media_dir: Path) -> None:
        self._db = database
        self._clock = clock
        self._media_dir = media_dir

    def export_apkg(
        self,
        target: Path,
        *,
        deck_id: int | None = None,
        with_history: bool = False,
        with_media: bool = False,
        progress: Progress | None = None,
    ) -> ExportReport:
        """Write an Anki deck package; the file appears only once complete.

        Args:
            target: Where to write the .apkg.
            deck_id: Only this deck; every deck when None.
            with_history: Keep scheduling and the review log; otherwise cards arrive new.
            with_media: Include the media files the notes show, through their fields or their
                note types' templates and CSS.
            progress: Told the notes read of the total after each chunk, then told all of
                them again now and then while the file is written.

        Raises:
            InteropError: The file cannot be written; the message says why.
            Cancelled: ``progress`` was cancelled; nothing was written.
        """
        report = progress or NoProgress()
        with self._db.read() as session:
            study_day = current_study_day(session)
            specs = _note_types(session)
        wanted: set[str] = set()
        with apkg_writer(
            target,
            {spec.key: spec for spec in specs.values()},
            with_history=with_history,
            now=self._clock.now(),
            study_day=study_day,
        ) as package:
            with self._db.read() as session:
                notes = _ExportedNotes(session, deck_id, specs, with_history=with_history)
                for chunk in notes.chunks(report):
                    package.add(chunk)
                    if with_media:
                        wanted |= wanted_media(chunk)
            if with_media:  # the pictures and fonts the note types' templates and CSS show
                wanted |= {name for spec in package.note_types for name in note_type_media(spec)}
            media, missing = media_to_export(wanted, self._media_dir)
            read = len(notes.scope.note_ids)
            # Every note is read; the file is written now, and a cancel still stops it.
            contents = package.finish(media, lambda: report.advance(read, read))
        return ExportReport(
            path=target,
            notes=contents.notes,
            cards=contents.cards,
            reviews=contents.reviews,
            media_files=contents.media_files,
            skipped=(*notes.skipped, *missing),
        )

    def export_csv(
        self, target: Path, *, deck_id: int | None = None, progress: Progress | None = None
    ) -> ExportReport:
        """Write the notes as text with Anki's header lines: comma-separated when named .csv.

        Args:
            target: Where to write the text file.
            deck_id: Only this deck; every deck when None.
            progress: Told the notes done of the total after each chunk.

        Raises:
            InteropError: The file cannot be written; the message says why.
            Cancelled: ``progress`` was cancelled; nothing was written.
        """
        with self._db.read() as session:
            specs = _note_types(session)
            notes = _ExportedNotes(session, deck_id, specs, with_history=False)
            kinds = [
                (kind, specs[type_id].key if type_id in specs else None)
                for kind, type_id in notes.scope.kinds
            ]
            write_notes_csv(
                target,
                chain.from_iterable(notes.chunks(progress or NoProgress())),
                {spec.key: spec for spec in specs.values()},
                kinds,
            )
        return ExportReport(
            path=target,
            notes=notes.notes,
            cards=notes.cards,
            reviews=0,
            media_files=0,
            skipped=tuple(notes.skipped),
        )


def _note_types(session: DbSession) -> dict[int, NoteTypeSpec]:
    """The stored note types, by id, as the writers take them."""
    stored = note_types_repo.note_types(session)
    return {type_id: stored_spec(note_type) for type_id, note_type in stored.items()}


class _ExportedNotes:
    """The notes an export writes, read a chunk at a time in one session; counts what went by."""

    def __init__(
        self,
        session: DbSession,
        deck_id: int | None,
        specs: dict[int, NoteTypeSpec],
        *,
        with_history: bool,
    ) -> None:
        self._session = session
        self.scope = export_repo.export_scope(session, deck_id)
        self._specs = specs
        self._with_history = with_history
        self.notes = 0
        self.cards = 0
        self.skipped: list[Skipped] = []

    def chunks(self, progress: Progress) -> Iterator[list[ExportNote]]:
        """The notes with their cards (and history), a chunk at a time.

        Raises:
            Cancelled: ``progress`` was cancelled (it is told before and after each chunk).
        """
        total, done = len(self.scope.note_ids), 0
        progress.advance(done, total)
        for data in export_repo.export_chunks(
            self._session, self.scope, with_reviews=self._with_history
        ):
            notes, skipped = export_notes(data, self._specs)
            self.notes += len(notes)
            self.cards += sum(len(note.cards) for note in notes)
            self.skipped += skipped
            yield notes
            done += len(data.notes)
            progress.advance(done, total)
