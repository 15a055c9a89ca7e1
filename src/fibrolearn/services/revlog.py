"""Review-log files in the py-fsrs column layout.

The columns are ``card_id, review_rating, review_time, review_duration``: rating 1-4, an ISO
8601 time with a zone (from 1970 on), a duration in milliseconds (kept as an hour at most, as
an Anki import keeps it).

Import is all-or-nothing, and a file with answers to add is backed up before (as every import
is): what it adds to the history cannot be taken back otherwise. Answers about cards this
collection does not have are kept as history only: they count in the statistics and in FSRS
fitting, and no card's schedule changes. Their before/after states come from replaying each
outside card's history with the scheduler, so true retention can tell review-state answers from
learning ones.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from fibrolearn.domain.backups import BackupReason
from fibrolearn.domain.clock import Clock
from fibrolearn.domain.decks import DeckOptions
from fibrolearn.domain.enums import Rating
from fibrolearn.domain.progress import (
    BACKING_UP_FIRST,
    READING_THE_FILE,
    NoProgress,
    Phase,
    Phased,
    Progress,
)
from fibrolearn.domain.review_log import (
    ANKI_CARD_PREFIX,
    ANSWER_CLOCK_SLACK,
    DELETED_CARD_PREFIX,
    EARLIEST_ANSWER,
    LONGEST_IMPORTED_ANSWER_MS,
)
from fibrolearn.domain.statistics import RevlogImport
from fibrolearn.domain.study import MemoryState
from fibrolearn.domain.words import quoted_excerpt, size_words
from fibrolearn.interop.csv_text import csv_reason
from fibrolearn.scheduling.fsrs_scheduler import CardScheduler
from fibrolearn.services.backups import BackupService
from fibrolearn.services.fsrs_parameters import parameters_in_use
from fibrolearn.services.study_day import current_study_day
from fibrolearn.storage import import_repo, revlog_repo
from fibrolearn.storage.db import Database, DbSession
from fibrolearn.storage.import_repo import NewReview
from fibrolearn.storage.plain_reads import connection_of
from fibrolearn.whole_file import written_whole

COLUMNS = ("card_id", "review_rating", "review_time", "review_duration")
_OUTSIDE_CARD_PREFIXES = (ANKI_CARD_PREFIX, DELETED_CARD_PREFIX)
MAX_BYTES = 512_000_000  # in decimal units, as sizes are said: "512.0 MB"
_REPORT_EVERY = 5000  # answers written between progress reports
MAX_PROBLEMS = 20  # listed before giving up; a wrong file would otherwise print thousands


class RevlogFileError(ValueError):
    """A review-log file that cannot be imported; ``problems`` says where and why."""

    def __init__(self, path: Path, problems: list[str]) -> None:
        self.problems = problems
        super().__init__(f"{path}: nothing was imported.\n" + "\n".join(problems))


@dataclass(frozen=True, slots=True)
class LogRow:
    """One line of a review-log file, read and checked."""

    card: str
    rating: Rating
    moment: datetime
    duration_ms: int


class RevlogService:
    """Imports and exports the review log."""

    def __init__(self, database: Database, clock: Clock, backups: BackupService) -> None:
        self._db = database
        self._clock = clock
        self._backups = backups

    def export_csv(self, path: Path, progress: Progress | None = None) -> int:
        """Write every answer, oldest first; returns the number of rows. Written atomically.

        ``progress`` is told the answers written of the total, every few thousand; a cancel
        leaves no file.
        """
        report = progress or NoProgress()
        count = 0
        with written_whole(Path(path)) as part, part.open("w", newline="", encoding="utf-8") as out:
            writer = csv.writer(out, lineterminator="\n")
            writer.writerow(COLUMNS)
            with self._db.read() as session:
                total = revlog_repo.logged_count(session)
                report.advance(0, total)
                for card, rating, moment, duration in revlog_repo.export_rows(session):
                    writer.writerow((card, rating, moment.isoformat(), duration))
                    count += 1
                    if count % _REPORT_EVERY == 0:
                        report.advance(count, total)
        report.advance(count, total)
        return count

    def import_csv(self, path: Path, progress: Phased | None = None) -> RevlogImport:
        """Add a file's answers to the log as history (all or nothing), after a backup.

        The backup is made once the file has been read and found sound, before anything is
        written, when the file holds answers the log lacks: one of its own, even where the
        newest backup holds the collection, as that may be a routine one, thinned sooner.
        ``progress`` is told each phase as it goes: the reading and the backup (in bytes),
        the new answers added of all, and their saving; it cannot cancel.

        Raises:
            RevlogFileError: Listing every problem (up to 20) with its line number.
            OSError: If the file cannot be read, or the backup cannot be written.
        """
        path = Path(path)
        if path.stat().st_size > MAX_BYTES:
            raise RevlogFileError(path, [f"the file is larger than {size_words(MAX_BYTES)}"])
        rows = read_log(path, self._clock.now(), Phase(progress, READING_THE_FILE))
        if not rows:
            return RevlogImport(rows=0, imported=0, duplicates=0, cards=0)
        with self._db.read() as session:
            anything_new = bool(_fresh(session, rows))
        if anything_new:  # a file imported again adds nothing: no backup to push out others
            self._backups.backup(
                BackupReason.BEFORE_IMPORT, progress=Phase(progress, BACKING_UP_FIRST)
            )
        with self._db.write() as session:
            fresh = _fresh(session, rows)  # again, as what is logged now decides
            parameters = parameters_in_use(connection_of(session))
            history = revlog_repo.external_history(session, {r.card for r in fresh})
            scheduler = CardScheduler(
                DeckOptions(), parameters, fuzz=False, study_day=current_study_day(session)
            )
            reviews = _replay(fresh, history, scheduler, Phase(progress, "Adding answers"))
            Phase(progress, "Saving the answers").advance(0, 0)  # seconds, for a large file
            import_repo.insert_reviews(session, reviews)
            shared = revlog_repo.shared_ids(session, {r.card for r in fresh})
        return RevlogImport(
            rows=len(rows),
            imported=len(fresh),
            duplicates=len(rows) - len(fresh),
            cards=len({r.card for r in fresh}),
            shared_ids=sum(1 for r in fresh if r.card in shared),
        )


def unreadable_file(path: Path, error: OSError) -> str | None:
    """Why the review-log file ``path`` could not be read, when that is what ``error`` is.

    None when ``error`` is about something else (the backup made before, the collection).
    """
    if error.filename is not None and Path(error.filename) == path:
        return f"{path} cannot be read: {error.strerror or error}."
    return None


def read_log(path: Path, now: datetime, progress: Progress | None = None) -> list[LogRow]:
    """Every line of a review-log file, read at ``now``: none may be answered after it.

    A day's slack allows for another device's clock running ahead. ``progress`` is told the
    bytes read of the file's size, every few thousand lines.

    Raises:
        RevlogFileError: Listing every problem (up to 20) with its line number.
        OSError: If the file cannot be read.
    """
    latest = now + ANSWER_CLOCK_SLACK
    problems: list[str] = []
    rows: list[LogRow] = []
    reader = None
    told = progress or NoProgress()
    try:
        size = path.stat().st_size
        told.advance(0, size)
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.reader(handle)
            header = next(reader, None)
            if header is None:
                raise RevlogFileError(path, ["the file is empty; expected a header line"])
            names = [name.strip() for name in header]
            missing = [c for c in COLUMNS if c not in names]
            if missing:
                raise RevlogFileError(
                    path,
                    [
                        f"line 1: the header lacks {', '.join(missing)}; expected the py-fsrs "
                        f"columns {','.join(COLUMNS)}"
                    ],
                )
            where = [names.index(c) for c in COLUMNS]
            for fields in reader:
                line = reader.line_num
                if line % _REPORT_EVERY == 0:
                    told.advance(handle.buffer.tell(), size)  # read ahead, a little
                if not any(field.strip() for field in fields):
                    continue
                padded = [fields[i] if i < len(fields) else "" for i in where]
                try:
                    rows.append(_parse(padded, latest))
                except ValueError as error:
                    problems.append(f"line {line}: {error}")
                    if len(problems) >= MAX_PROBLEMS:
                        problems.append("(stopped after 20 problems)")
                        break
    except UnicodeDecodeError as error:
        raise RevlogFileError(path, [f"the file is not UTF-8 text ({error.reason})"]) from error
    except csv.Error as error:  # the reader gave up on a line: nothing after it is read
        line = reader.line_num if reader else 1
        raise RevlogFileError(path, [f"line {line}: {csv_reason(error)}"]) from error
    except OSError as error:
        if error.filename is None:  # a read that failed mid-file (a stick pulled out): name it
            raise OSError(error.errno, error.strerror, str(path)) from error
        raise
    if problems:
        raise RevlogFileError(path, problems)
    told.advance(size, size)
    return rows


def _fresh(session: DbSession, rows: list[LogRow]) -> list[LogRow]:
    """The rows not logged already (nor earlier in ``rows``)."""
    seen = revlog_repo.existing_keys(
        session, min(r.moment for r in rows), max(r.moment for r in rows)
    )
    fresh: list[LogRow] = []
    for row in rows:
        key = (row.card, row.moment, int(row.rating))
        if key not in seen:
            seen.add(key)
            fresh.append(row)
    return fresh


def _parse(fields: list[str], latest: datetime) -> LogRow:
    card, rating_text, time_text, duration_text = (f.strip() for f in fields)
    card = _card_name(card)
    try:
        rating = Rating(int(rating_text))
    except ValueError:
        raise ValueError(
            f"review_rating {quoted_excerpt(rating_text)} is not 1 (Again), 2 (Hard), 3 (Good) "
            "or 4 (Easy)"
        ) from None
    try:
        moment = datetime.fromisoformat(time_text)
    except ValueError:
        raise ValueError(
            f"review_time {quoted_excerpt(time_text)} is not an ISO 8601 time"
        ) from None
    if moment.tzinfo is None:
        raise ValueError(
            f"review_time {quoted_excerpt(time_text)} has no time zone (add +00:00 for UTC)"
        )
    # Compared before converting: near the calendar's ends, UTC has no date for it.
    if moment < EARLIEST_ANSWER:
        raise ValueError(f"review_time {time_text!r} is before 1970-01-01 00:00 UTC")
    if moment > latest:
        raise ValueError(f"review_time {time_text!r} is in the future")
    try:
        duration = int(duration_text) if duration_text else 0
    except ValueError:
        raise ValueError(
            f"review_duration {quoted_excerpt(duration_text)} is not whole milliseconds"
        ) from None
    if duration < 0:
        raise ValueError(f"review_duration {duration} is negative")
    return LogRow(
        card,
        rating,
        moment.astimezone(UTC),
        min(duration, LONGEST_IMPORTED_ANSWER_MS),
    )


def _card_name(card: str) -> str:
    """A row's card as the log keeps it.

    A whole number, or the name FibroLearn's own export gives history without a card here,
    read back as it was written.
    """
    if card.startswith(_OUTSIDE_CARD_PREFIXES) and card.partition(":")[2]:
        return card
    try:
        return str(int(card))
    except ValueError:
        raise ValueError(f"card_id {quoted_excerpt(card)} is not a whole number") from None


def _replay(
    rows: list[LogRow],
    history: dict[str, list[tuple[datetime, Rating]]],
    scheduler: CardScheduler,
    progress: Progress,
) -> list[NewReview]:
    """Before/after states of the new answers, replaying each card's whole history in order.

    ``progress`` is told the new answers replayed of all, every few thousand.
    """
    by_card: dict[str, list[tuple[datetime, Rating, LogRow | None]]] = defaultdict(list)
    for card, answers in history.items():
        by_card[card].extend((moment, rating, None) for moment, rating in answers)
    for row in rows:
        by_card[row.card].append((row.moment, row.rating, row))
    reviews: list[NewReview] = []
    progress.advance(0, len(rows))
    for card, answers in by_card.items():
        answers.sort(key=lambda a: a[0])
        state = MemoryState.new(answers[0][0])
        for moment, rating, row in answers:
            after = scheduler.answer(0, state, rating, moment)
            if row is not None:
                reviews.append(
                    NewReview(None, card, moment, int(rating), row.duration_ms, state, after)
                )
                if len(reviews) % _REPORT_EVERY == 0:
                    progress.advance(len(reviews), len(rows))
            state = after
    progress.advance(len(reviews), len(rows))
    reviews.sort(key=lambda r: r.reviewed_at)
    return reviews
