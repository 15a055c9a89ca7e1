"""Review-log CSV import and export in the py-fsrs layout."""

from __future__ import annotations

import csv
import errno
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from fibrolearn.domain.backups import BackupReason
from fibrolearn.domain.clock import FixedClock
from fibrolearn.domain.enums import Rating
from fibrolearn.services import revlog
from fibrolearn.services.container import Services
from fibrolearn.services.revlog import RevlogFileError
from fibrolearn.storage import revlog_repo
from fibrolearn.storage.models import CardRecord, ReviewRecord

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"
JOSH = SHARED / "data" / "review-logs" / "py-fsrs-josh-2024.csv"
HEADER = "card_id,review_rating,review_time,review_duration\n"
needs_josh = pytest.mark.skipif(
    not JOSH.exists(), reason=f"the shared review log is absent ({JOSH})"
)


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def log_rows(services: Services) -> list[ReviewRecord]:
    with services.database.read() as session:
        return list(session.query(ReviewRecord).order_by(ReviewRecord.reviewed_at))


@needs_josh
def test_real_log_imports_as_history_once_and_exports_back(
    services: Services, clock: FixedClock, tmp_path: Path
) -> None:
    report = services.revlog.import_csv(JOSH)
    assert (report.rows, report.imported, report.duplicates, report.cards) == (
        12580,
        12580,
        0,
        1205,
    )
    again = services.revlog.import_csv(JOSH)
    assert (again.imported, again.duplicates) == (0, 12580)
    stats = services.progress.overview()
    assert stats.total_reviews == stats.history_only_reviews == 12580
    summary = services.stats.summary()  # what `fibrolearn stats --json` prints
    assert summary["reviews"] == {"total": 12580, "history_only": 12580}
    assert summary["decks"][0]["reviews_total"] == 0  # no card was touched

    out = tmp_path / "out.csv"
    assert services.revlog.export_csv(out) == 12580
    with JOSH.open() as original, out.open() as exported:
        source = sorted(csv.reader(original))
        written = sorted(csv.reader(exported))
    assert written == source  # same rows, same text, header included


def test_history_rows_carry_replayed_states_and_keep_cards_untouched(
    services: Services, tmp_path: Path
) -> None:
    path = write(
        tmp_path / "log.csv",
        HEADER
        + "77,3,2026-01-05T10:00:00+00:00,900\n"
        + "77,3,2026-01-05T10:10:00+00:00,\n"  # an empty duration is allowed (py-fsrs None)
        + "77,1,2026-01-20T10:00:00Z,1200\n",
    )
    report = services.revlog.import_csv(path)
    assert (report.imported, report.cards, report.shared_ids) == (3, 1, 0)
    rows = log_rows(services)
    assert [(r.card_id, r.external_card, r.rating) for r in rows] == [
        (None, "77", 3),
        (None, "77", 3),
        (None, "77", 1),
    ]
    assert [r.duration_ms for r in rows] == [900, 0, 1200]
    assert [(r.before_state, r.after_state) for r in rows] == [(0, 1), (1, 2), (2, 3)]
    assert rows[2].reviewed_at == datetime(2026, 1, 20, 10, tzinfo=UTC)


def test_ids_shared_with_collection_cards_stay_history(services: Services, tmp_path: Path) -> None:
    card = services.study.card(1)
    report = services.revlog.import_csv(
        write(tmp_path / "log.csv", HEADER + "1,3,2026-01-05T10:00:00+00:00,900\n")
    )
    assert report.shared_ids == 1
    assert services.study.card(1).state == card.state


def test_a_card_id_past_sqlites_integers_is_history_of_no_card_here(
    services: Services, tmp_path: Path
) -> None:
    """Found by fuzzing: looking it up among the cards' ids raised OverflowError."""
    huge = 2**63
    report = services.revlog.import_csv(
        write(tmp_path / "log.csv", HEADER + f"{huge},3,2026-01-05T10:00:00+00:00,900\n")
    )
    assert (report.imported, report.shared_ids) == (1, 0)


def test_our_own_export_reimports_as_duplicates(
    services: Services, clock: FixedClock, tmp_path: Path
) -> None:
    card = services.study.next_card(1)
    assert card is not None
    services.study.answer(card.card_id, Rating.GOOD, 4000, shown_state=card.state)
    out = tmp_path / "mine.csv"
    assert services.revlog.export_csv(out) == 1
    assert out.read_text().splitlines()[1] == f"{card.card_id},3,{clock.now().isoformat()},4000"
    report = services.revlog.import_csv(out)
    assert (report.imported, report.duplicates) == (0, 1)


def test_our_own_export_with_history_of_a_deleted_card_reimports_as_duplicates(
    services: Services, clock: FixedClock, tmp_path: Path
) -> None:
    """Found in a bug hunt: the export names such a card "deleted:<deck>/<note>/<ordinal>",
    and importing the file (on a restored backup, say) refused the whole of it."""
    for _ in range(2):
        card = services.study.next_card(1)
        assert card is not None
        services.study.answer(card.card_id, Rating.GOOD, 4000, shown_state=card.state)
        clock.advance(timedelta(seconds=30))
    with services.database.read() as session:
        studied_note = session.get(CardRecord, card.card_id).note_id
    services.notes.delete([studied_note])
    out = tmp_path / "mine.csv"
    assert services.revlog.export_csv(out) == 2
    assert "deleted:" in out.read_text()
    before = len(log_rows(services))

    report = services.revlog.import_csv(out)

    assert (report.imported, report.duplicates) == (0, 2)
    assert len(log_rows(services)) == before
    other = write(tmp_path / "other.csv", HEADER + "anki:77,3,2026-01-05T10:00:00+00:00,10\n")
    assert services.revlog.import_csv(other).imported == 1  # kept as the export names it
    assert log_rows(services)[0].external_card == "anki:77"


def test_bad_rows_are_listed_with_line_numbers_and_nothing_is_imported(
    services: Services, tmp_path: Path
) -> None:
    path = write(
        tmp_path / "bad.csv",
        HEADER
        + "5,3,2026-01-05T10:00:00+00:00,10\n"
        + "abc,3,2026-01-05T10:00:00+00:00,10\n"
        + "deleted:,3,2026-01-05T10:00:00+00:00,10\n"
        + "5,7,2026-01-05T10:00:00+00:00,10\n"
        + "5,3,yesterday,10\n"
        + "5,3,2026-01-05T10:00:00,10\n"
        + "5,3,2026-01-06T10:00:00+00:00,-4\n"
        + "5,3,2099-01-06T10:00:00+00:00,4\n"
        # At either end of the calendar, where converting to UTC once raised OverflowError:
        + "5,3,0001-01-01T00:00:00+14:00,4\n"
        + "5,3,9999-12-31T23:00:00-05:00,4\n"
        + "5,3,1970-01-01T00:30:00+01:00,4\n",
    )
    with pytest.raises(RevlogFileError) as raised:
        services.revlog.import_csv(path)
    assert raised.value.problems == [
        "line 3: card_id 'abc' is not a whole number",
        "line 4: card_id 'deleted:' is not a whole number",
        "line 5: review_rating '7' is not 1 (Again), 2 (Hard), 3 (Good) or 4 (Easy)",
        "line 6: review_time 'yesterday' is not an ISO 8601 time",
        "line 7: review_time '2026-01-05T10:00:00' has no time zone (add +00:00 for UTC)",
        "line 8: review_duration -4 is negative",
        "line 9: review_time '2099-01-06T10:00:00+00:00' is in the future",
        "line 10: review_time '0001-01-01T00:00:00+14:00' is before 1970-01-01 00:00 UTC",
        "line 11: review_time '9999-12-31T23:00:00-05:00' is in the future",
        "line 12: review_time '1970-01-01T00:30:00+01:00' is before 1970-01-01 00:00 UTC",
    ]
    assert "nothing was imported" in str(raised.value)
    assert log_rows(services) == []


def test_a_log_with_answers_is_backed_up_before_and_a_refused_one_is_not(
    services: Services, tmp_path: Path
) -> None:
    card = services.study.next_card(1)
    assert card is not None
    services.study.answer(card.card_id, Rating.GOOD, 4000, shown_state=card.state)
    bad = write(tmp_path / "bad.csv", HEADER + "5,7,2026-01-05T10:00:00+00:00,10\n")
    with pytest.raises(RevlogFileError):
        services.revlog.import_csv(bad)
    assert services.backups.list_backups() == []

    log = HEADER + "5,3,2026-01-05T10:00:00+00:00,900\n6,1,2026-01-05T10:01:00+00:00,900\n"
    assert services.revlog.import_csv(write(tmp_path / "log.csv", log)).imported == 2

    [backup] = services.backups.list_backups()
    assert backup.reason is BackupReason.BEFORE_IMPORT
    assert backup.reviews == 1  # the history as it was before the two answers were added
    assert len(log_rows(services)) == 3

    services.backups.backup(BackupReason.MANUAL)
    assert services.revlog.import_csv(tmp_path / "log.csv").duplicates == 2
    assert len(services.backups.list_backups()) == 2  # that backup holds all there is


def test_a_log_with_answers_gets_its_own_backup_where_a_routine_one_holds_the_collection(
    services: Services, tmp_path: Path
) -> None:
    """Found in a hunt: it made none, so the state before it lived only in a backup made at
    start, of those thinned soonest."""
    routine = services.backups.backup_if_changed()
    assert routine is not None and routine.reason is BackupReason.START
    log = HEADER + "5,3,2026-01-05T10:00:00+00:00,900\n"
    assert services.revlog.import_csv(write(tmp_path / "log.csv", log)).imported == 1
    assert [b.reason for b in services.backups.list_backups()] == [
        BackupReason.BEFORE_IMPORT,
        BackupReason.START,
    ]


def test_answers_longer_than_an_hour_are_kept_as_an_hour(
    services: Services, tmp_path: Path
) -> None:
    """As an Anki import keeps them: a card left open is not study (and 10**30 ms once failed
    the import with an OverflowError from SQLite)."""
    path = write(
        tmp_path / "long.csv",
        HEADER
        + "5,3,2026-01-05T10:00:00+00:00,7200000\n"
        + f"5,3,2026-01-06T10:00:00+00:00,{10**30}\n"
        + "5,3,2026-01-07T10:00:00+00:00,3600000\n"
        + "5,3,2026-01-08T10:00:00+00:00,12000\n",
    )
    services.revlog.import_csv(path)
    assert [row.duration_ms for row in log_rows(services)] == [3_600_000] * 3 + [12_000]


def test_a_value_thousands_of_characters_long_is_quoted_by_its_start(
    services: Services, tmp_path: Path
) -> None:
    path = write(tmp_path / "long.csv", HEADER + f"5,{'7' * 5000},2026-01-05T10:00:00+00:00,1\n")
    with pytest.raises(RevlogFileError) as raised:
        services.revlog.import_csv(path)
    assert raised.value.problems == [
        f"line 2: review_rating {'7' * 40!r}… (5,000 characters) is not 1 (Again), 2 (Hard), "
        "3 (Good) or 4 (Easy)"
    ]


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("", "the file is empty"),
        # Said as "not a CSV file", with Python's words ("field larger than field limit").
        (
            HEADER + "5,3,2026-01-05T10:00:00+00:00,1\n" + "x" * 200_000 + ",3\n",
            "line 3: a field on it is longer than 131,072 characters",
        ),
        ("card,rating\n1,3\n", "line 1: the header lacks card_id, review_rating"),
        (b"card_id\xff\n", "not UTF-8"),
    ],
)
def test_unreadable_files_say_why(
    services: Services, tmp_path: Path, content: str | bytes, problem: str
) -> None:
    path = tmp_path / "x.csv"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content)
    with pytest.raises(RevlogFileError, match=problem):
        services.revlog.import_csv(path)


def test_the_log_goes_to_the_file_as_it_is_read(
    services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A million answers are never all in memory: each row is written as it comes."""
    written_before_the_last: list[int] = []
    first = datetime(2024, 1, 1, tzinfo=UTC)

    def rows(_session: object) -> Iterator[tuple[str, int, datetime, int]]:
        for number in range(20_000):
            if number == 19_999:
                parts = tmp_path.glob(".log.csv.*.part")  # the file, until it is whole
                written_before_the_last.extend(part.stat().st_size for part in parts)
            yield str(number), 3, first + timedelta(seconds=number), 1000

    monkeypatch.setattr(revlog_repo, "export_rows", rows)

    assert services.revlog.export_csv(tmp_path / "log.csv") == 20_000
    assert written_before_the_last and written_before_the_last[0] > 500_000
    assert len((tmp_path / "log.csv").read_text(encoding="utf-8").splitlines()) == 1 + 20_000


def test_the_log_is_read_as_a_stream(services: Services) -> None:
    deck = services.decks.list_decks()[0].deck_id
    card = services.study.next_card(deck)
    assert card is not None
    services.study.answer(card.card_id, Rating.GOOD, 3000, shown_state=card.state)
    with services.database.read() as session:
        rows = revlog_repo.export_rows(session)
        assert isinstance(rows, Iterator)  # a generator: rows are fetched as they are wanted
        assert [(card_id, rating) for card_id, rating, _time, _ms in rows] == [
            (str(card.card_id), 3)
        ]


def test_a_file_failing_mid_read_is_named_as_the_unreadable_one(
    services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Found in a hunt of faults: a read failing mid-file (a USB stick pulled out) carries no
    file name, so the message blamed FibroLearn's data folder instead of the file."""
    path = tmp_path / "log.csv"
    path.write_text(HEADER + "5,3,2026-01-05T10:00:00+00:00,1\n")

    def pulled_out(_handle: object) -> Iterator[list[str]]:
        yield list(revlog.COLUMNS)
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(revlog.csv, "reader", pulled_out)
    with pytest.raises(OSError) as caught:
        services.revlog.import_csv(path)
    assert revlog.unreadable_file(path, caught.value) == (
        f"{path} cannot be read: Input/output error."
    )
