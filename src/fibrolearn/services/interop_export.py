"""Exporting decks as Anki packages (.apkg) and as tab-separated notes (CSV)."""

from __future__ import annotations

from pathlib import Path

from fibrolearn.domain.clock import Clock
from fibrolearn.interop.anki_export import write_apkg
from fibrolearn.interop.csv_export import write_notes_csv
from fibrolearn.interop.export_notes import export_notes, media_to_export
from fibrolearn.interop.values import ExportNote, ExportReport, NoteTypeSpec, Skipped
from fibrolearn.services.study_day import current_study_day
from fibrolearn.storage import export_repo, note_types_repo
from fibrolearn.storage.db import Database


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
    ) -> ExportReport:
        """Write an Anki deck package; the file appears only once complete.

        Args:
            target: Where to write the .apkg.
            deck_id: Only this deck; every deck when None.
            with_history: Keep scheduling and the review log; otherwise cards arrive new.
            with_media: Include the media files the notes show.

        Raises:
            InteropError: The file cannot be written; the message says why.
        """
        notes, note_types, skipped = self._read(deck_id, with_history=with_history)
        media: dict[str, Path] = {}
        if with_media:
            media, missing = media_to_export(notes, self._media_dir)
            skipped += missing
        with self._db.read() as session:
            study_day = current_study_day(session)
        contents = write_apkg(
            target,
            notes,
            note_types,
            media,
            with_history=with_history,
            now=self._clock.now(),
            study_day=study_day,
        )
        return ExportReport(
            path=target,
            notes=contents.notes,
            cards=contents.cards,
            reviews=contents.reviews,
            media_files=contents.media_files,
            skipped=tuple(skipped),
        )

    def export_csv(self, target: Path, *, deck_id: int | None = None) -> ExportReport:
        """Write the notes as tab-separated text with Anki's header lines.

        Raises:
            InteropError: The file cannot be written; the message says why.
        """
        notes, note_types, skipped = self._read(deck_id, with_history=False)
        write_notes_csv(target, notes, note_types)
        return ExportReport(
            path=target,
            notes=len(notes),
            cards=sum(len(note.cards) for note in notes),
            reviews=0,
            media_files=0,
            skipped=tuple(skipped),
        )

    def _read(
        self, deck_id: int | None, *, with_history: bool
    ) -> tuple[list[ExportNote], dict[str, NoteTypeSpec], list[Skipped]]:
        with self._db.read() as session:
            data = export_repo.export_data(session, deck_id, with_reviews=with_history)
            type_ids = {note.note_type_id for note in data.notes if note.note_type_id}
            stored = note_types_repo.note_types(session, type_ids)
        return export_notes(data, stored)
