"""Try again, over a read-only collection: saving works once the folder, file or disk lets it.

Before it, a learner who freed space or made the folder writable had to close FibroLearn and
start it again.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from datetime import UTC, datetime

import pytest
from collection_driving import bare_window
from PySide6.QtCore import Qt

from driver_faults import no_room_for_the_log_index
from fibrolearn import cli
from fibrolearn.domain.backups import RESTORE_FINISHED, BackupInfo, BackupReason, RestoreResult
from fibrolearn.domain.clock import FixedClock
from fibrolearn.domain.faults import StorageProblemKind
from fibrolearn.instance_lock import AlreadyRunningError
from fibrolearn.paths import AppPaths
from fibrolearn.services import recovery
from fibrolearn.services.container import Services
from fibrolearn.storage import db
from fibrolearn.ui.collection_features import install_collection_features
from fibrolearn.ui.collection_keeper import CollectionKeeper, restored_words
from fibrolearn.ui.main_window import MainWindow
from fibrolearn.ui.storage_errors import install_storage_error_hook
from fibrolearn.ui.tasks import TaskRunner
from studying import review_count

OpenWindow = Callable[..., MainWindow]


@pytest.fixture
def open_window(
    qtbot, paths: AppPaths, clock: FixedClock, services: Services, monkeypatch: pytest.MonkeyPatch
) -> Iterator[OpenWindow]:
    """Open the window as the app does, on ``open_services`` (a new start's, by default).

    The collection ``services`` opened is closed first: the window opens it itself.
    """
    services.close()
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # restored after the test
    runners: list[TaskRunner] = []

    def open_(open_services: Callable[[], Services] = lambda: cli.open_services(paths)):
        window = bare_window(qtbot, paths, clock)
        tasks = TaskRunner(window)
        runners.append(tasks)
        keeper = CollectionKeeper(window, tasks, paths, open_services)
        install_collection_features(window, tasks, keeper)
        install_storage_error_hook(keeper.notice)
        keeper.open()
        qtbot.waitUntil(lambda: window.services is not None, timeout=15_000)
        return window

    yield open_
    for tasks in runners:
        tasks.wait()


def try_again(qtbot, window: MainWindow, said: str) -> None:
    """Press Try again from the keyboard, and wait until the status bar says ``said``."""
    button = window.read_only_notice.button
    assert button is not None and button.isVisible()
    button.setFocus()
    qtbot.keyClick(button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: said in window.statusBar().currentMessage(), timeout=15_000)


def answer_shown(qtbot, window: MainWindow) -> int:
    """Study the first deck, and show the first card's answer; the card's id."""
    assert window.services is not None
    window.start_study(window.services.decks.list_decks()[0].deck_id)
    qtbot.keyClick(window.study, Qt.Key.Key_Return)
    session = window.study.session
    assert session is not None and session.card is not None
    return session.card.card_id


def test_a_folder_made_writable_is_saved_to_after_try_again(
    qtbot, open_window: OpenWindow, paths: AppPaths, monkeypatch: pytest.MonkeyPatch, screenshot
) -> None:
    writable = False
    monkeypatch.setattr(cli, "folder_writable", lambda _folder: writable)  # root ignores chmod
    window = open_window()
    read_only = window.services
    assert read_only is not None and read_only.database.read_only
    assert window.read_only_notice.isVisible()
    screenshot(window, "read-only-try-again")

    # Still not writable: nothing on screen changes, and the learner is told what stops it.
    try_again(qtbot, window, "still read-only")
    assert window.statusBar().currentMessage() == (
        "Your collection is still read-only. Make the data folder writable, then choose Try again."
    )
    assert window.services is read_only and window.read_only_notice.isVisible()

    card_id = answer_shown(qtbot, window)  # reading needs no write
    writable = True
    try_again(qtbot, window, "can be saved again")
    assert window.services is not read_only and not window.services.database.read_only
    assert not window.read_only_notice.isVisible()
    # Studying goes on where it was, in the same deck, now saved.
    session = window.study.session
    assert window.current_place() == "study" and session is not None
    assert session.card is not None and session.card.card_id == card_id
    qtbot.keyClick(window.study, Qt.Key.Key_Return)
    qtbot.keyClick(window.study, Qt.Key.Key_3)
    assert review_count(paths) == 1


def test_freed_space_is_saved_to_after_try_again(
    qtbot, open_window: OpenWindow, paths: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_engine = db.make_engine
    no_room_for_the_log_index(monkeypatch)
    window = open_window()
    assert window.services is not None and window.services.database.read_only

    try_again(qtbot, window, "still read-only")
    assert window.statusBar().currentMessage() == (
        "Your collection is still read-only. Free some space, then choose Try again."
    )

    window.show_place("browse")
    monkeypatch.setattr(db, "make_engine", make_engine)  # space freed
    try_again(qtbot, window, "can be saved again")
    assert window.current_place() == "browse"  # the learner stays where they were
    answer_shown(qtbot, window)
    qtbot.keyClick(window.study, Qt.Key.Key_3)
    assert review_count(paths) == 1


def test_another_copy_holding_the_folder_keeps_this_one_read_only(
    qtbot, open_window: OpenWindow, paths: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A second window started while the folder could not be locked takes it once writable."""
    monkeypatch.setattr(cli, "folder_writable", lambda _folder: False)
    taken = AlreadyRunningError("FibroLearn is already running with the data folder …")
    opened = iter([cli.open_services(paths)])

    def open_services() -> Services:
        for services in opened:
            return services
        raise taken

    window = open_window(open_services)
    read_only = window.services
    try_again(qtbot, window, str(taken))
    assert window.services is read_only and window.read_only_notice.isVisible()


def test_tab_reaches_try_again_first_as_it_is_seen_first(
    open_window: OpenWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Found in review: made when first shown, Try again came last, after the place's buttons."""
    monkeypatch.setattr(cli, "folder_writable", lambda _folder: False)
    window = open_window()
    chain = [window.nextInFocusChain()]  # the window's focus chain, from its start
    while chain[-1] is not window:
        chain.append(chain[-1].nextInFocusChain())
    order = [chain.index(widget) for widget in (window.read_only_notice.button, window.navigation)]
    assert order == sorted(order)
    assert chain.index(window.navigation) < chain.index(window.deck_list.table)


def test_try_again_from_the_deck_list_begins_no_session_of_its_own(
    qtbot, open_window: OpenWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Found in review: opening anew resumed the session saved before the collection went
    read-only, unseen behind the deck list, and Study then went to that deck."""
    writable = True
    monkeypatch.setattr(cli, "folder_writable", lambda _folder: writable)
    first = open_window()
    assert first.services is not None
    first.start_study(first.services.decks.list_decks()[0].deck_id)
    first.close()  # the study place is kept, and the collection closed

    writable = False
    window = open_window()  # resumes that session, read-only
    assert window.current_place() == "study"
    window.show_decks()
    writable = True
    try_again(qtbot, window, "can be saved again")
    assert window.current_place() == "decks" and window.study.session is None


def test_still_read_only_for_another_reason_the_notice_says_the_new_one(
    qtbot, open_window: OpenWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Found in review: the folder made writable but not the file, the notice kept asking
    for the folder."""
    monkeypatch.setattr(cli, "file_writable", lambda _path: False)
    monkeypatch.setattr(cli, "folder_writable", lambda _folder: False)
    window = open_window()
    assert "until the folder is writable" in window.read_only_notice.text()
    monkeypatch.setattr(cli, "folder_writable", lambda _folder: True)
    try_again(qtbot, window, "still read-only")
    assert window.statusBar().currentMessage() == (
        "Your collection is still read-only. Make the collection file writable, then choose "
        "Try again."
    )
    assert "cannot write to your collection file" in window.read_only_notice.text()
    # And the Backups window, Check and refused actions: all the collection's words.
    assert window.services is not None
    assert window.services.database.read_only_because is StorageProblemKind.FILE_READ_ONLY


def test_a_restore_cut_short_that_try_again_finishes_is_said_with_it(
    qtbot, open_window: OpenWindow, paths: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Found in review: the words that the collection can be saved again replaced those
    saying that the restore a crash had cut short (left while read-only) was finished."""
    finished = RestoreResult(
        BackupInfo(
            paths.backups_dir / "b.zip",
            datetime(2026, 3, 1, 9, tzinfo=UTC),
            BackupReason.MANUAL,
            1000,
            5,
            2,
            0,
        ),
        None,
    )
    writable = False
    monkeypatch.setattr(cli, "folder_writable", lambda _folder: writable)  # root ignores chmod
    monkeypatch.setattr(  # what finishing the restore, once the folder is writable, returns
        recovery,
        "check_collection",
        lambda *_args, **kwargs: None if kwargs["read_only"] else finished,
    )
    window = open_window()
    writable = True
    try_again(qtbot, window, "can be saved again")

    said = window.statusBar().currentMessage()
    assert said.startswith(f"{RESTORE_FINISHED} {restored_words(finished)}")
    assert said.endswith("Your collection can be saved again.")
