"""Shared fixtures: a fixed clock, throwaway data folders, a small deck, open services."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

# Qt must never need a display in tests; set before any test imports PySide6.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from bulk_collection import NOW, BulkCollection, copy_collection, shared_bulk_collection
from deckdata import small_deck_text
from fibrolearn.domain.clock import FixedClock
from fibrolearn.paths import AppPaths, bundled_dir, resolve_paths
from fibrolearn.services.container import Services
from fibrolearn.storage.migrate import open_collection

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"

# Noon UTC on a Wednesday: far from the 04:00 rollover in any time zone used by the tests.
START = datetime(2026, 3, 4, 12, 0, tzinfo=UTC)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(START)


@pytest.fixture
def paths(tmp_path: Path) -> AppPaths:
    return resolve_paths(tmp_path / "data")


@pytest.fixture
def deck_text() -> str:
    """The deck file the collection starts with; a test module may give another."""
    return small_deck_text()


@pytest.fixture
def deck_file(tmp_path: Path, deck_text: str) -> Path:
    path = tmp_path / "decks" / "small.toml"
    path.parent.mkdir()
    path.write_text(deck_text, encoding="utf-8")
    return path


@pytest.fixture
def services(paths: AppPaths, clock: FixedClock, deck_file: Path) -> Iterator[Services]:
    database = open_collection(paths.collection, paths.backups_dir)
    built = Services.build(database, clock)
    built.decks.load_deck_files([deck_file])
    yield built
    built.close()


@pytest.fixture
def machine_in_berlin(monkeypatch: pytest.MonkeyPatch) -> Iterator[ZoneInfo]:
    """The machine's time zone is Berlin for one test, then restored.

    Clocks change there on 29 March and 25 October 2026.
    """
    monkeypatch.setenv("TZ", "Europe/Berlin")
    time.tzset()
    yield ZoneInfo("Europe/Berlin")
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def bulk_copy(tmp_path_factory, tmp_path: Path) -> Iterator[tuple[Services, Path]]:
    """A copy of the shared 100,000-card collection, open, and its file: to change freely."""
    bulk: BulkCollection = shared_bulk_collection(tmp_path_factory.getbasetemp())
    path = copy_collection(bulk, tmp_path / "copy")
    opened = Services.build(open_collection(path, tmp_path / "backups"), FixedClock(NOW))
    yield opened, path
    opened.close()


@pytest.fixture
def bundled(paths: AppPaths, clock: FixedClock) -> Iterator[Services]:
    """A collection of the decks FibroLearn ships: twelve causal factors with long names."""
    built = Services.build(open_collection(paths.collection, paths.backups_dir), clock)
    built.decks.load_deck_files(bundled_dir("decks").glob("*.toml"))
    yield built
    built.close()
