"""The Backups window tells the truth about sizes: each backup's own, the shared media once."""

from __future__ import annotations

from datetime import timedelta

from fitting import cut_off, fits_screen
from ui_driving import laid_out

from fibrolearn.domain.backups import BackupReason
from fibrolearn.domain.clock import FixedClock
from fibrolearn.paths import AppPaths
from fibrolearn.services.container import Services
from fibrolearn.ui.app_preferences import AppPreferences
from fibrolearn.ui.backup_dialog import BackupDialog

PHOTO = b"a photo of a tender point " * 80_000  # 2 MB


def test_the_shared_media_are_counted_once_under_the_list(
    qtbot, make_window, services: Services, paths: AppPaths, clock: FixedClock, screenshot
) -> None:
    """Found in review: with the media stored once for every backup, each listed at the
    media's size would have added up to many times the disk they take."""
    paths.media_dir.mkdir(parents=True)
    (paths.media_dir / "tender-points.jpg").write_bytes(PHOTO)
    for _ in range(3):
        services.backups.backup(BackupReason.MANUAL)
        clock.advance(timedelta(hours=1))
    window = make_window(services)
    window.apply_preferences(AppPreferences(text_scale=200))
    dialog = BackupDialog(window, services.backups.list_backups, lambda: None, paths.backups_dir)
    dialog.show()
    qtbot.waitExposed(dialog)
    laid_out(qtbot)
    screenshot(dialog, "backups-shared-media-200-percent")

    sizes = [dialog.table.item(row, 3).text() for row in range(dialog.table.rowCount())]
    assert all(size.endswith("kB") for size in sizes), sizes  # the backup's own, not 2 MB
    assert dialog.shared.isVisible()
    assert dialog.shared.text() == (
        "The backups share 1 media file (2.1 MB), each stored once in the media folder beside "
        "them; each size above is the backup's own."
    )
    assert dialog.shared.accessibleName() == "Media shared by the backups"
    assert fits_screen(dialog) and cut_off(dialog) == []
