"""Write FibroLearn notes as an Anki deck package (.apkg).

The package uses the layout Anki itself writes when "Support older Anki versions" is ticked:
``collection.anki21`` (schema 11) with the notes, a ``collection.anki2`` that asks Anki 2.0 users
to update, a JSON media map with media stored as they are, and ``meta`` saying version 2. Every
Anki since 2.1 (2018), AnkiDroid and AnkiMobile import it, while the current layout
(``collection.anki21b``) needs Anki 2.1.50 or newer; nothing in FibroLearn's notes needs the
newer schema.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from fibrolearn.domain.enums import CardState
from fibrolearn.domain.review_log import LoggedAnswer
from fibrolearn.domain.study import MemoryState
from fibrolearn.interop import anki_proto
from fibrolearn.interop.anki_schema11 import (
    DEFAULT_DECK_ID,
    AnkiRows,
    parent_names,
    write_collection,
)
from fibrolearn.interop.errors import InteropError
from fibrolearn.interop.note_types import OWN_NOTE_TYPES, anki_fields
from fibrolearn.interop.values import ExportCard, ExportNote, NoteTypeSpec
from fibrolearn.scheduling.study_day import StudyDay

_OWN_TYPE_IDS = {
    spec.key: 1_700_000_000_000 + index for index, spec in enumerate(OWN_NOTE_TYPES.values(), 1)
}
_LEGACY_VERSION = 2
_UPDATE_NOTICE = (
    "This package needs Anki 2.1 or newer.",
    "Please update Anki, then import the package again.",
)


@dataclass(frozen=True, slots=True)
class _AnkiDays:
    """Anki's day numbers for the learner's study days, counted from today's as day zero.

    The collection's creation time (``crt``) is the start of today's study day, so day ``n``
    is ``n`` study days from now; importing, Anki moves every due day by its own count of days
    since ``crt``, so the cards stay due on the same days.
    """

    study_day: StudyDay
    today: date

    def number(self, moment: datetime) -> int:
        """The day number of the study day ``moment`` falls in."""
        return (self.study_day.date_of(moment) - self.today).days

    def between(self, start: datetime, end: datetime) -> int:
        """An interval as Anki keeps it: the study days from one to the other, at least one."""
        return max(1, self.number(end) - self.number(start))


@dataclass(frozen=True, slots=True)
class ApkgContents:
    """What went into a package."""

    notes: int
    cards: int
    reviews: int
    media_files: int


def write_apkg(
    target: Path,
    notes: Sequence[ExportNote],
    note_types: Mapping[str, NoteTypeSpec],
    media: Mapping[str, Path],
    *,
    with_history: bool,
    now: datetime,
    study_day: StudyDay,
) -> ApkgContents:
    """Write ``notes`` (and the ``media`` files, name -> path) as an .apkg at ``target``.

    The file appears at ``target`` only once complete. Due days and intervals are counted in
    ``study_day``'s days, so a card due in three study days is due in three days in Anki.

    Raises:
        InteropError: The package cannot be written there.
    """
    rows = _rows(notes, note_types, with_history=with_history, now=now, study_day=study_day)
    stub = _update_notice(now, rows.created)
    folder = target.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(prefix=".fibrolearn-export-", dir=folder) as work:
            collection, notice = Path(work) / "collection.anki21", Path(work) / "collection.anki2"
            write_collection(collection, rows)
            write_collection(notice, stub)
            partial = Path(work) / "package.apkg"
            with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as archive:
                archive.writestr("meta", anki_proto.encode_package_version(_LEGACY_VERSION))
                archive.write(collection, "collection.anki21")
                archive.write(notice, "collection.anki2")
                names = {}
                for number, (name, path) in enumerate(sorted(media.items())):
                    archive.write(path, str(number))
                    names[str(number)] = name
                archive.writestr("media", json.dumps(names))
            os.replace(partial, target)
    except OSError as error:
        raise InteropError(f"{target} cannot be written: {error.strerror or error}.") from error
    return ApkgContents(
        notes=len(rows.notes),
        cards=len(rows.cards),
        reviews=len(rows.reviews),
        media_files=len(media),
    )


def note_type_id(key: str) -> int:
    """The Anki id of a note type: Anki's own for imported ones, fixed for FibroLearn's."""
    if key in _OWN_TYPE_IDS:
        return _OWN_TYPE_IDS[key]
    number = key.removeprefix("anki-")
    if number.isdigit() and 0 < int(number) < 2**63:
        return int(number)
    return 1_600_000_000_000 + int(hashlib.sha256(key.encode()).hexdigest()[:8], 16)


def _rows(
    notes: Sequence[ExportNote],
    note_types: Mapping[str, NoteTypeSpec],
    *,
    with_history: bool,
    now: datetime,
    study_day: StudyDay,
) -> AnkiRows:
    days = _AnkiDays(study_day, study_day.date_of(now))
    base = int(now.timestamp() * 1000)
    deck_ids = {
        name: DEFAULT_DECK_ID if name.lower() == "default" else base - 1 - index
        for index, name in enumerate(sorted(parent_names(c.deck for n in notes for c in n.cards)))
    }
    types: dict[int, NoteTypeSpec] = {}
    note_rows, card_rows, review_rows = [], [], []
    review_ids: set[int] = set()
    for note_index, note in enumerate(notes):
        spec, values = anki_fields(note.kind, note.fields, note_types.get(note.note_type_key or ""))
        type_id = note_type_id(spec.key)
        types[type_id] = spec
        note_id = base + note_index
        modified = int(note.modified.timestamp())
        note_rows.append((note_id, note.guid, type_id, modified, note.tags, values))
        for card in note.cards:
            card_id = base + len(card_rows)
            ordinal = card.ordinal - 1 if spec.kind == "cloze" else card.ordinal
            scheduling = (
                _scheduled(card, days) if with_history else _new(card.position, card.suspended)
            )
            card_rows.append(
                (card_id, note_id, deck_ids[card.deck], ordinal, modified, *scheduling)
            )
            if with_history:
                review_rows += _review_rows(card_id, card.reviews, review_ids, days)
    return AnkiRows(
        created=int(study_day.start(now).timestamp()),
        modified_ms=base,
        note_types=types,
        decks={deck_id: name for name, deck_id in deck_ids.items() if deck_id != DEFAULT_DECK_ID},
        notes=note_rows,
        cards=card_rows,
        reviews=review_rows,
        next_position=len(card_rows) + 1,
        rollover_hour=study_day.rollover_hour,
    )


def _new(position: int, suspended: bool) -> tuple[object, ...]:
    # type, queue, due, ivl, factor, reps, lapses, left, data
    return (0, -1 if suspended else 0, position, 0, 0, 0, 0, 0, "{}")


def _scheduled(card: ExportCard, days: _AnkiDays) -> tuple[object, ...]:
    state = card.state
    if state.state is CardState.NEW:
        return _new(card.position, card.suspended)
    factor = _ease_permille(state.difficulty)
    data = json.dumps(_memory(state)) if state.stability is not None else "{}"
    if state.state is CardState.REVIEW:
        interval = days.between(state.last_review or state.due, state.due)
        due_day = days.number(state.due)
        queue = -1 if card.suspended else 2
        return (2, queue, due_day, interval, factor, state.reps, state.lapses, 0, data)
    card_type = 1 if state.state is CardState.LEARNING else 3
    remaining = 1 if state.step is None else max(1, 2 - state.step)
    left = remaining * 1000 + remaining
    seen = state.last_review or state.due
    if days.number(state.due) > days.number(seen):
        # Its step crosses the rollover: Anki's day learning, due from the start of that day
        # (as FibroLearn offers it), not at the hour (queue 1 would wait for the hour).
        queue, due = (-1 if card.suspended else 3), days.number(state.due)
    else:
        queue, due = (-1 if card.suspended else 1), int(state.due.timestamp())
    return (card_type, queue, due, 0, factor, state.reps, state.lapses, left, data)


def _memory(state: MemoryState) -> dict[str, object]:
    memory: dict[str, object] = {
        "s": round(state.stability or 0.0, 4),
        "d": round(state.difficulty or 5.0, 3),
        "dr": 0.9,
    }
    if state.last_review is not None:
        memory["lrt"] = int(state.last_review.timestamp())
    return memory


def _ease_permille(difficulty: float | None) -> int:
    """SM-2 ease for Anki users without FSRS: the inverse of the import's estimate."""
    if difficulty is None:
        return 2500
    return round(min(3.5, max(1.3, 2.5 - (difficulty - 5.0) * 0.24)) * 1000)


def _review_rows(
    card_id: int, reviews: Sequence[LoggedAnswer], taken: set[int], days: _AnkiDays
) -> list[tuple[int, ...]]:
    rows = []
    for review in reviews:
        review_id = int(review.reviewed_at.timestamp() * 1000)
        while review_id in taken:  # Anki's log is keyed by the millisecond
            review_id += 1
        taken.add(review_id)
        rows.append(
            (
                review_id,
                card_id,
                int(review.rating),
                _interval(review.after, review.reviewed_at, days),
                _interval(review.before, review.before.last_review or review.reviewed_at, days),
                _ease_permille(review.after.difficulty),
                max(0, min(review.duration_ms, 60_000)),
                _log_type(review.before.state),
            )
        )
    return rows


def _interval(state: MemoryState, since: datetime, days: _AnkiDays) -> int:
    """Anki's log interval: days in review, negative seconds while (re)learning."""
    if state.state is CardState.REVIEW:
        return days.between(since, state.due)
    if state.state is CardState.NEW:
        return 0
    return -max(1, int((state.due - since).total_seconds()))


def _log_type(before: CardState) -> int:
    return {CardState.REVIEW: 1, CardState.RELEARNING: 2}.get(before, 0)


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
