"""The real start-up path puts every place and collection command in the window."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from collection_driving import when_modal

from fibrolearn.paths import AppPaths


def test_started_app_has_every_place_and_file_command(qtbot, paths: AppPaths, screenshot) -> None:
    from fibrolearn.cli import open_services
    from fibrolearn.ui.app import create_window
    from fibrolearn.ui.tasks import TaskRunner

    tasks = TaskRunner()
    window = create_window(paths, lambda: open_services(paths), tasks)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.services is not None, timeout=30000)
    assert list(window.places) == ["decks", "study", "browse", "quiz", "progress"]
    tabs = [window.navigation.tabText(i) for i in range(window.navigation.count())]
    assert tabs == ["Decks", "Study", "Browse", "Quiz", "Progress"]
    file_menu = [a.text() for a in window.menus.file.actions() if not a.isSeparator()]
    assert file_menu == ["&Import…", "&Load deck file…", "&Export…", "&Backups…", "&Quit"]
    for key in ("browse", "quiz", "progress"):
        window.show_place(key)
        assert window.current_place() == key
    screenshot(window, "app-progress-place")
    window.close()
    tasks.wait()


def test_once_the_collection_is_open_the_collector_leaves_the_apps_objects_alone(
    qtbot, paths: AppPaths
) -> None:
    """So a background export or import does not hold the UI up while it walks them."""
    import gc

    from fibrolearn.cli import open_services
    from fibrolearn.ui.app import create_window
    from fibrolearn.ui.tasks import TaskRunner

    gc.unfreeze()  # as a fresh process starts
    tasks = TaskRunner()
    window = create_window(paths, lambda: open_services(paths), tasks)
    qtbot.addWidget(window)
    try:
        qtbot.waitUntil(lambda: window.services is not None, timeout=30000)
        # The app's own objects, set aside (on a turn of the event loop of its own).
        qtbot.waitUntil(lambda: gc.get_freeze_count() > 10_000, timeout=5000)
    finally:
        window.close()
        tasks.wait()
        gc.unfreeze()  # the next tests start as they would have


def test_memory_settles_after_the_collection_opened_on_a_turn_of_its_own(
    qtbot, paths: AppPaths, monkeypatch
) -> None:
    """Both at once held the window still for ~190 ms; one after the other, each less."""
    import fibrolearn.ui.app as app_module
    from fibrolearn.cli import open_services
    from fibrolearn.ui.tasks import TaskRunner

    happened: list[str] = []
    monkeypatch.setattr(app_module, "settle_memory", lambda: happened.append("settled"))
    tasks = TaskRunner()
    window = app_module.create_window(paths, lambda: open_services(paths), tasks)
    qtbot.addWidget(window)
    opened = window.collection_opened

    def opening(services, **how) -> None:  # type: ignore[no-untyped-def]
        happened.append("opening")
        opened(services, **how)
        happened.append("opened")

    monkeypatch.setattr(window, "collection_opened", opening)
    try:
        qtbot.waitUntil(lambda: "settled" in happened, timeout=30000)
        assert happened == ["opening", "opened", "settled"]
    finally:
        window.close()
        tasks.wait()


def test_the_first_settling_collects_only_the_young_generations(monkeypatch) -> None:
    """A full collection at start found nothing to free and held the window 60-100 ms."""
    import gc

    from fibrolearn.ui.app import settle_memory

    collected: list[tuple[int, ...]] = []
    monkeypatch.setattr(gc, "collect", lambda *generation: collected.append(generation) or 0)
    gc.unfreeze()
    try:
        settle_memory()
        assert collected == [(1,)] and gc.get_freeze_count() > 0
        settle_memory()  # the collection was opened again
        assert collected == [(1,), ()]
    finally:
        gc.unfreeze()


def test_settling_again_frees_what_was_frozen_and_has_died_since() -> None:
    """After a restore the old collection's objects, frozen with the app's, are freed."""
    import gc
    import weakref

    from fibrolearn.ui.app import settle_memory

    class Node:
        pass

    gc.unfreeze()
    node = Node()
    node.loop = node  # a cycle: only the collector frees it
    alive = weakref.ref(node)
    try:
        settle_memory()  # still in use: frozen
        del node
        settle_memory()  # the collection was opened again
        assert alive() is None
    finally:
        gc.unfreeze()


@pytest.mark.parametrize("where", ["services", "window"])
def test_code_that_cannot_load_is_said_in_the_window(
    qtbot, paths: AppPaths, monkeypatch, where: str
) -> None:
    """A broken install: the window stays up and says why the collection did not open."""
    from fibrolearn.cli import open_services
    from fibrolearn.ui import app
    from fibrolearn.ui.tasks import TaskRunner

    if where == "services":  # loaded on the worker
        missing = "fibrolearn.no_such_module"
        monkeypatch.setattr(app, "COLLECTION_CODE", (*app.COLLECTION_CODE, missing))
    else:  # the window's own part, loaded on the UI thread once the services are
        missing = "fibrolearn.ui.collection_keeper"
        monkeypatch.setitem(sys.modules, missing, None)
    seen: list[str] = []
    when_modal(qtbot, lambda box: (seen.append(box.text()), box.accept()))
    tasks = TaskRunner()
    window = app.create_window(paths, lambda: open_services(paths), tasks)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: bool(seen), timeout=30000)
    assert missing in seen[0]
    assert window.pages.currentWidget() is window.loading
    assert "could not open your collection" in window.loading.text()
    assert window.services is None
    window.close()
    tasks.wait()


def test_a_collection_the_disk_will_not_open_is_said_in_plain_words(
    qtbot, paths: AppPaths, screenshot
) -> None:
    """Found in review: SQLAlchemy's own text was shown, with a link to its documentation."""
    import sqlite3

    from sqlalchemy.exc import OperationalError

    from fibrolearn.ui import app
    from fibrolearn.ui.tasks import TaskRunner

    def unopenable() -> None:  # what a data folder path longer than SQLite takes gives
        cause = sqlite3.OperationalError("unable to open database file")
        raise OperationalError("PRAGMA journal_mode", {}, cause) from cause

    seen: list[str] = []
    when_modal(qtbot, lambda box: (seen.append(box.text()), box.accept()))
    tasks = TaskRunner()
    window = app.create_window(paths, unopenable, tasks)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: bool(seen), timeout=30000)
    screenshot(window, "app-collection-unreachable")

    assert seen[0].startswith("FibroLearn could not reach its data folder")
    assert "sqlalche" not in seen[0] and "sqlalche" not in window.loading.text()
    assert "opening your collection could not finish" in window.loading.text()
    window.close()
    tasks.wait()


def test_a_data_folder_path_too_long_for_the_database_is_said_in_the_window(
    qtbot, tmp_path: Path, screenshot
) -> None:
    """Found in a bug hunt: it was called a disk error, "check that the disk is connected"."""
    from fibrolearn import cli
    from fibrolearn.paths import resolve_paths
    from fibrolearn.ui import app
    from fibrolearn.ui.tasks import TaskRunner

    paths = resolve_paths(tmp_path.joinpath(*["a-long-folder-name" * 5] * 6))
    seen: list[str] = []
    when_modal(qtbot, lambda box: (seen.append(box.text()), box.accept()))
    tasks = TaskRunner()
    window = app.create_window(paths, lambda: cli.open_services(paths), tasks)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: bool(seen), timeout=30000)
    screenshot(window, "app-data-folder-path-too-long")

    assert seen[0].startswith("The path to FibroLearn's data folder is too long")
    assert "Move the data folder to a shorter path" in window.loading.text()
    assert "disk" not in seen[0]
    window.close()
    tasks.wait()
