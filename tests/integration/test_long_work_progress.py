"""Long work the command line shows a progress line for tells how far it has got."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from fibrolearn.domain.backups import BackupReason
from fibrolearn.paths import AppPaths
from fibrolearn.services.container import Services
from fibrolearn.services.recovery import RESTORE_STEPS, restore_backup


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


def test_a_restore_tells_each_of_its_steps_as_it_begins(
    services: Services, paths: AppPaths
) -> None:
    backup = services.backups.backup(BackupReason.MANUAL)
    heard = Heard()
    restore_backup(backup.path, paths, services, progress=heard)
    steps = len(RESTORE_STEPS)
    assert heard.told == [(step, steps) for step in range(steps)]


def test_a_review_log_export_tells_the_answers_written_of_all(
    services: Services, tmp_path: Path
) -> None:
    log = tmp_path / "log.csv"
    start = datetime(2025, 1, 1, tzinfo=UTC)
    rows = [
        f"{number % 40},3,{(start + timedelta(hours=number)).isoformat()},4000"
        for number in range(5_001)
    ]
    log.write_text(
        "card_id,review_rating,review_time,review_duration\n" + "\n".join(rows) + "\n",
        encoding="utf-8",
    )
    services.revlog.import_csv(log)
    heard = Heard()
    written = services.revlog.export_csv(tmp_path / "out.csv", heard)
    assert written == 5_001
    assert heard.told == [(0, 5_001), (5_000, 5_001), (5_001, 5_001)]
