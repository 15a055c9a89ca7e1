"""Long work the command line shows a progress line for tells how far it has got."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from deckdata import small_deck_text
from fibrolearn.domain.backups import BackupReason
from fibrolearn.domain.progress import BACKING_UP_FIRST, READING_THE_FILE
from fibrolearn.paths import AppPaths
from fibrolearn.services.container import Services
from fibrolearn.services.recovery import RESTORE_STEPS, restore_backup


def review_log(folder: Path, answers: int, *, cards: int) -> Path:
    """A review-log file, ``log.csv``: ``answers`` Good answers an hour apart to ``cards``."""
    start = datetime(2025, 1, 1, tzinfo=UTC)
    rows = [
        f"{number % cards},3,{(start + timedelta(hours=number)).isoformat()},4000"
        for number in range(answers)
    ]
    log = folder / "log.csv"
    log.write_text(
        "card_id,review_rating,review_time,review_duration\n" + "\n".join(rows) + "\n",
        encoding="utf-8",
    )
    return log


def other_deck(folder: Path) -> Path:
    """A deck file of the learner's own, ``mine.toml``: "My deck", not in the collection."""
    deck = folder / "mine.toml"
    text = small_deck_text().replace('id = "small"', 'id = "mine"')
    deck.write_text(text.replace('title = "Small deck"', 'title = "My deck"'), encoding="utf-8")
    return deck


class Heard:
    """A ``Progress`` that keeps what it was told."""

    def __init__(self) -> None:
        self.told: list[tuple[int, int]] = []

    def advance(self, done: int, total: int) -> None:
        self.told.append((done, total))


def test_a_backup_tells_the_bytes_it_has_read_up_to_the_whole(
    services: Services, paths: AppPaths
) -> None:
    paths.media_dir.mkdir(parents=True, exist_ok=True)
    for number in range(3):
        (paths.media_dir / f"picture{number}.png").write_bytes(bytes([number]) * 40_000)
    heard = Heard()
    services.backups.backup(BackupReason.MANUAL, progress=heard)
    total = heard.told[0][1]
    assert total > 3 * 40_000  # the media files, and the collection
    assert {whole for _done, whole in heard.told} == {total}
    done = [done for done, _whole in heard.told]
    assert done == sorted(done)
    assert done[0] == 0 and done[-1] == total
    assert len(done) >= 6  # at the start, the collection, each media file, the archive


def test_a_restore_tells_each_of_its_steps_and_its_safety_backups_bytes(
    services: Services, paths: AppPaths
) -> None:
    backup = services.backups.backup(BackupReason.MANUAL)
    heard, backing_up = Heard(), Heard()
    restore_backup(backup.path, paths, services, progress=heard, backing_up=backing_up)
    steps = len(RESTORE_STEPS)
    assert heard.told == [(step, steps) for step in range(steps)]
    total = backing_up.told[0][1]  # the bytes the backup of the collection replaced read
    assert total > 0
    assert backing_up.told[0] == (0, total) and backing_up.told[-1] == (total, total)


def test_a_review_log_export_tells_the_answers_written_of_all(
    services: Services, tmp_path: Path
) -> None:
    services.revlog.import_csv(review_log(tmp_path, 5_001, cards=40))
    heard = Heard()
    written = services.revlog.export_csv(tmp_path / "out.csv", heard)
    assert written == 5_001
    assert heard.told == [(0, 5_001), (5_000, 5_001), (5_001, 5_001)]


class Phases:
    """A ``Phased`` callback that keeps what it was told, each phase with its last count."""

    def __init__(self) -> None:
        self.told: list[tuple[str, int, int]] = []

    def __call__(self, what: str, done: int, total: int) -> None:
        self.told.append((what, done, total))

    def phases(self) -> list[str]:
        return list(dict.fromkeys(what for what, _done, _total in self.told))

    def last(self, what: str) -> tuple[int, int]:
        return next((d, t) for w, d, t in reversed(self.told) if w == what)


def test_a_review_log_import_tells_each_phase_and_the_answers_added(
    services: Services, tmp_path: Path
) -> None:
    heard = Phases()
    services.revlog.import_csv(review_log(tmp_path, 10_001, cards=9), heard)
    assert heard.phases() == [
        READING_THE_FILE,
        BACKING_UP_FIRST,
        "Adding answers",
        "Saving the answers",
    ]
    for in_bytes in (READING_THE_FILE, BACKING_UP_FIRST):
        done, total = heard.last(in_bytes)
        assert done == total > 0
    size = (tmp_path / "log.csv").stat().st_size
    read = [(done, total) for what, done, total in heard.told if what == READING_THE_FILE]
    assert read[0] == (0, size) and read[-1] == (size, size)
    assert any(0 < done < size for done, _total in read)  # midway too
    assert heard.last("Adding answers") == (10_001, 10_001)


def test_a_deck_file_load_tells_its_backup_then_the_loading(
    services: Services, tmp_path: Path
) -> None:
    heard = Phases()
    services.decks.load_deck_file(other_deck(tmp_path), heard)
    assert heard.phases() == [BACKING_UP_FIRST, "Loading “My deck”"]
    done, total = heard.last(BACKING_UP_FIRST)
    assert done == total > 0
