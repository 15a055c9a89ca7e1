"""The Backups window tells the truth about sizes: each backup's own, the shared media once."""

from __future__ import annotations

from datetime import timedelta

from fitting import cut_off, fits_screen
from test_ui_accessibility import hidden_texts
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
    assert dialog.shared.accessibleDescription() == "Media shared by the backups"
    assert fits_screen(dialog) and cut_off(dialog) == []


def test_a_file_that_keeps_every_shared_media_file_is_named_under_the_list(
    qtbot, make_window, services: Services, paths: AppPaths, screenshot
) -> None:
    """Found in review: a "junk.zip" of text in the backups folder kept every shared media
    file for good, the ones no backup needs too, and nothing said so."""
    paths.media_dir.mkdir(parents=True)
    (paths.media_dir / "tender-points.jpg").write_bytes(PHOTO)
    services.backups.backup(BackupReason.MANUAL)
    (paths.backups_dir / "junk.zip").write_text("not a zip at all", encoding="utf-8")
    window = make_window(services)
    window.apply_preferences(AppPreferences(text_scale=200))
    dialog = BackupDialog(window, services.backups.list_backups, lambda: None, paths.backups_dir)
    dialog.show()
    qtbot.waitExposed(dialog)
    laid_out(qtbot)
    screenshot(dialog, "backups-media-kept-by-junk-200-percent")

    assert dialog.shared.text().endswith(
        "each size above is the backup's own. “junk.zip” cannot be read, so it might name any "
        "shared media file: none is removed while it is in the backups folder, even those no "
        "backup needs. Move it elsewhere to let those go at the next backup."
    )
    assert "junk.zip" in dialog.unlisted.text()  # and why it is not listed
    assert fits_screen(dialog) and cut_off(dialog) == []
    assert hidden_texts(dialog) == []  # a screen reader hears both lines, not just their names
