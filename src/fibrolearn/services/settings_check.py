"""The collection's settings, each read back as it is used: for the check, and its repair.

Each setting is read by the code that uses it, which refuses a value of another shape as
damage (:mod:`fibrolearn.storage.stored_settings`). Unlike other damage, a setting has a
default: removing one that cannot be read puts its default back, and no card or review is
touched. That is what the check's Repair does with them.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from fibrolearn.scheduling.study_day import StudyDay
from fibrolearn.services import backlog_plans, daily_limits, today_extra
from fibrolearn.services.decks import (
    DELETED_FILES_SETTING,
    LOADED_FILES_SETTING,
    deleted_files,
    loaded_files,
)
from fibrolearn.services.fsrs_parameters import PARAMETERS_SETTING, fitted_parameters
from fibrolearn.services.optimize import FIT_SETTING, last_fit
from fibrolearn.services.quiz import BRING_FORWARD_SETTING, bring_forward_setting
from fibrolearn.services.study_day import ROLLOVER_SETTING, study_day_of
from fibrolearn.services.study_position import POSITION_SETTING, saved_position
from fibrolearn.storage import decks_repo
from fibrolearn.storage.damaged_data import StoredSettingError
from fibrolearn.storage.db import DbSession
from fibrolearn.storage.deck_sync import RENAMED_SETTING, renamed_decks
from fibrolearn.storage.plain_reads import connection_of


def unreadable_settings(session: DbSession) -> dict[str, str]:
    """The settings whose stored values cannot be read back: each key, and what is wrong.

    A setting never stored reads as its default, and passes.
    """
    found = {}
    for key, read in _readers(session).items():
        try:
            read()
        except StoredSettingError as error:
            found[key] = str(error)
    return found


def reset_unreadable_settings(session: DbSession) -> int:
    """Remove each setting that cannot be read back, so its default takes its place; how many."""
    found = unreadable_settings(session)
    for key in found:
        decks_repo.delete_setting(session, key)
    return len(found)


def _readers(session: DbSession) -> dict[str, Callable[[], object]]:
    """Each setting's key, and its reader on ``session``."""
    connection = connection_of(session)
    now = datetime.now(UTC)
    day = StudyDay()  # the energy check-in and raises are read whatever day they name
    readers: dict[str, Callable[[], object]] = {
        ROLLOVER_SETTING: lambda: study_day_of(connection),
        PARAMETERS_SETTING: lambda: fitted_parameters(connection),
        FIT_SETTING: lambda: last_fit(session),
        daily_limits.ENERGY_SETTING: lambda: daily_limits.energy_today(connection, day, now),
        today_extra.EXTRA_SETTING: lambda: today_extra.extra_today(connection, day, now),
        POSITION_SETTING: lambda: saved_position(session),
        BRING_FORWARD_SETTING: lambda: bring_forward_setting(session),
        LOADED_FILES_SETTING: lambda: loaded_files(session),
        DELETED_FILES_SETTING: lambda: deleted_files(session),
        RENAMED_SETTING: lambda: renamed_decks(session),
        decks_repo.FORMER_NAMES_SETTING: lambda: decks_repo.former_names(session),
    }
    for deck_id in decks_repo.deck_ids(session):
        key = backlog_plans.BACKLOG_SETTING.format(deck_id=deck_id)
        readers[key] = lambda deck_id=deck_id: backlog_plans.stored_plan(connection, deck_id)
    return readers
