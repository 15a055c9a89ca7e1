"""Importing Anki packages and CSV files, and exporting .apkg and CSV.

An import is all-or-nothing: the file is read and checked completely before anything is written,
every row goes in within one write transaction, and media files wait in a staging folder until
that transaction is about to commit. A failure or a cancel leaves the collection and its media
as they were; but a commit the disk reported an error for may be saved all the same, so the
media it placed stay.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from fibrolearn.content.render import RenderedCard
from fibrolearn.domain.clock import Clock
from fibrolearn.domain.progress import Phased
from fibrolearn.interop.archive import Limits
from fibrolearn.interop.csv_columns import roles_named
from fibrolearn.interop.errors import ImportCancelledError, InteropError
from fibrolearn.interop.export_notes import stored_spec
from fibrolearn.interop.media_staging import MediaStaging
from fibrolearn.interop.preview import preview_cards, render_fields, studied_cards
from fibrolearn.interop.report import (
    SKIPPED_NAMED,
    empty_cards_notice,
    export_lines,
    preview_lines,
    report_lines,
)
from fibrolearn.interop.sources import inspect_source, open_plan
from fibrolearn.interop.values import (
    COLUMN_ROLE_NAMES,
    EXPORT_ENDINGS,
    TEMPLATE_KIND,
    ColumnRole,
    CsvLayout,
    CsvSettings,
    ExportReport,
    FileVersion,
    ImportOptions,
    ImportPreview,
    ImportReport,
    ImportSource,
    NoteTypeSpec,
    SourceKind,
)
from fibrolearn.services.import_tracker import Tracker
from fibrolearn.services.interop_export import ExportService
from fibrolearn.services.interop_matches import match_existing, repeats_skipped
from fibrolearn.services.interop_writer import (
    PlanWriter,
    collection_note_types,
    goes_to_its_deck,
    with_media_renamed,
)
from fibrolearn.storage import note_types_repo
from fibrolearn.storage.db import Database, DbSession
from fibrolearn.storage.durable import UncertainCommitError

# The dialogs and the command line take these from here (the UI imports services only).
__all__ = [
    "COLUMN_ROLE_NAMES",
    "EXPORT_ENDINGS",
    "SKIPPED_NAMED",
    "TEMPLATE_KIND",
    "ColumnRole",
    "CsvLayout",
    "CsvSettings",
    "ExportReport",
    "ExportService",
    "FileVersion",
    "ImportCancelledError",
    "ImportOptions",
    "ImportPreview",
    "ImportReport",
    "ImportService",
    "ImportSource",
    "InteropError",
    "SourceKind",
    "export_lines",
    "preview_lines",
    "render_template_card",
    "report_lines",
    "roles_named",
]


class ImportService:
    """Brings Anki packages and CSV/TSV files into the collection."""

    def __init__(
        self, database: Database, clock: Clock, media_dir: Path, limits: Limits | None = None
    ) -> None:
        self._db = database
        self._clock = clock
        self._media_dir = media_dir
        self._limits = limits or Limits()

    def inspect(
        self, path: Path, *, delimiter: str | None = None, row_separator: str | None = None
    ) -> ImportSource:
        """What the file is (judged by its content) and, for text, its layout.

        A text file's row separator, delimiter, header row, HTML and columns are detected; with
        ``delimiter`` or ``row_separator`` the file is read with that one instead.

        Raises:
            InteropError: The file cannot be imported; the message says why.
        """
        return inspect_source(path, self._limits, delimiter, row_separator)

    def preview(self, path: Path, options: ImportOptions) -> ImportPreview:
        """What importing would do; nothing is written.

        Raises:
            InteropError: The file cannot be imported; the message says why.
        """
        with (
            _collector_off(),
            open_plan(path, options, self._clock.now(), self._limits, self._note_types()) as read,
        ):
            with self._db.read() as session:
                found = match_existing(session, read.notes)
                plan = repeats_skipped(session, read, found)
            existing = len(found)
            decks = sorted(  # those the import puts cards in, as PlanWriter does
                {
                    card.deck
                    for note in plan.notes
                    for card in note.cards
                    if goes_to_its_deck(note, card, note_found=note.where in found)
                }
            )
            studied = studied_cards(plan)
            empty = sum(len(note.cards) for note in plan.notes) - len(studied)
            return ImportPreview(
                source_label=plan.source_label,
                notes=len(plan.notes),
                cards=len(studied),
                reviews=sum(len(c.history) for n in plan.notes for c in n.cards)
                + len(plan.orphan_reviews),
                answers_in_file=plan.answers_in_file,
                keeps_history=options.with_history,
                media_files=len(plan.media),
                decks=tuple(decks),
                new_notes=len(plan.notes) - existing,
                existing_notes=existing,
                first_cards=preview_cards(plan, studied),
                skipped=plan.skipped,
                problems=plan.problems + empty_cards_notice(empty),
                read_as=plan.read_as,
            )

    def run(
        self,
        path: Path,
        options: ImportOptions,
        *,
        progress: Phased | None = None,
        cancel: threading.Event | None = None,
    ) -> ImportReport:
        """Import ``path`` in one transaction; on any failure or cancel nothing changes.

        Args:
            path: The file.
            options: Deck, history and CSV choices.
            progress: Told what is being done, as it goes (from this thread).
            cancel: When set, the import stops and rolls back at the next step.

        Raises:
            InteropError: The file cannot be imported; the message says why.
            ImportCancelledError: ``cancel`` was set.
            UncertainCommitError: The disk reported an error as the notes were committed: they
                may be saved all the same, so their media files are kept in place.
        """
        tracker = Tracker(progress, cancel)
        now = self._clock.now()
        note_types = self._note_types()
        tracker.start(f"Reading {path.name}", 0)  # a large package takes a while
        with (
            _collector_off(),
            open_plan(path, options, now, self._limits, note_types, check=tracker.check) as plan,
        ):
            tracker.check()
            staging = MediaStaging(self._media_dir)
            try:
                tracker.start("Copying media files", len(plan.media))
                staged = staging.stage(plan.media, tracker.step)
                placed = with_media_renamed(plan, staged.renamed)
                with self._db.write(locked=True) as session:  # see PlanWriter.write
                    report = PlanWriter(session, placed, now=now, tracker=tracker).write()
                    tracker.check()  # the last moment a cancel still undoes everything
                    staging.place()  # before the commit: no note is kept without its media
            except UncertainCommitError:
                # The notes may be saved all the same (back after a crash): their media stay.
                # Kept for notes the commit dropped, they are only files no note shows yet.
                staging.done()
                raise
            except BaseException:
                staging.discard()
                raise
            staging.done()
        return replace(report, media_added=staged.added, media_renamed=staged.added_renamed)

    def _note_types(self) -> list[NoteTypeSpec]:
        """The collection's note types, which the lines of a text file may name."""
        with self._db.read() as session:
            return collection_note_types(session)


def render_template_card(session: DbSession, card_id: int) -> RenderedCard:
    """Both sides of a card of a template note (an imported Anki note type).

    The study screen's renderer calls this for notes of kind :data:`TEMPLATE_KIND`; the HTML
    comes from the note's fields and must be sanitized before it is shown.

    Raises:
        LookupError: There is no such card, or its note is not a template note.
    """
    card = note_types_repo.template_card(session, card_id)
    if card is None:
        raise LookupError(f"card {card_id} is not a card of a template note")
    return render_fields(
        TEMPLATE_KIND,
        card.fields,
        card.ordinal,
        stored_spec(card.note_type),
        tags=card.tags,
        deck=card.deck,
    )


@contextmanager
def _collector_off() -> Iterator[None]:
    """Keep Python's cycle collector from running while an import builds its objects.

    Reading and writing a package allocates a few hundred thousand small objects that all live
    until the import ends, and the collector walks them for nothing: the import makes few
    cycles, collected as usual once it ends. At the default threshold it took a quarter of
    the time of a 10,000-note import; at a threshold of 100,000 it still ran once, for 35 to
    65 ms. Imports run one at a time, on the one worker.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
