"""``fibrolearn check``'s look at the collection's settings: each read back as it is used."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from fibrolearn.scheduling.study_day import StudyDay
from fibrolearn.services import daily_limits
from fibrolearn.services.decks import deleted_files, loaded_files
from fibrolearn.services.fsrs_parameters import fitted_parameters
from fibrolearn.services.optimize import last_fit_reviews
from fibrolearn.services.quiz import bring_forward_setting
from fibrolearn.services.study import saved_position
from fibrolearn.services.study_day import study_day_of
from fibrolearn.storage import decks_repo
from fibrolearn.storage.damaged_data import StoredValueError
from fibrolearn.storage.db import DbSession
from fibrolearn.storage.deck_sync import renamed_decks
from fibrolearn.storage.plain_reads import connection_of


def unreadable_settings(session: DbSession) -> list[str]:
    """The settings whose stored values cannot be read back, each named as its message names it.

    Each is read by the code that uses it, which refuses a value of another shape as damage
    (:mod:`fibrolearn.storage.stored_settings`); a setting never stored reads as its default.
    """
    connection = connection_of(session)
    now = datetime.now(UTC)
    day = StudyDay()  # the energy check-in is read whatever day it names
    readers: list[Callable[[], object]] = [
        lambda: study_day_of(connection),
        lambda: fitted_parameters(connection),
        lambda: last_fit_reviews(session),
        lambda: daily_limits.energy_today(connection, day, now),
        lambda: saved_position(session),
        lambda: bring_forward_setting(session),
        lambda: loaded_files(session),
        lambda: deleted_files(session),
        lambda: renamed_decks(session),
        lambda: decks_repo.former_names(session),
    ]
    readers += [
        lambda deck_id=deck_id: daily_limits.backlog_plan(connection, deck_id, now)
        for deck_id in decks_repo.deck_ids(session)
    ]
    found = []
    for read in readers:
        try:
            read()
        except StoredValueError as error:
            found.append(str(error))
    return found
