"""The FSRS parameters a collection keeps: the learner's fitted ones, or FSRS's defaults."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

from fibrolearn.scheduling.fsrs_scheduler import DEFAULT_PARAMETERS, fsrs_parameters
from fibrolearn.storage.plain_reads import setting
from fibrolearn.storage.stored_settings import stored_setting

PARAMETERS_SETTING = "fsrs_parameters"  # a list of numbers; unset or null: the defaults


def fitted_parameters(connection: sqlite3.Connection) -> tuple[float, ...] | None:
    """The parameters an optimization put in use, if one did.

    Raises:
        StoredValueError: The stored ones are not parameters FSRS takes.
    """
    stored = setting(connection, PARAMETERS_SETTING)
    return (
        None
        if stored is None
        else stored_setting("set of FSRS parameters", fsrs_parameters, stored)
    )


def parameters_in_use(connection: sqlite3.Connection) -> Sequence[float]:
    """The parameters cards are scheduled with: the fitted ones, or else the defaults.

    Raises:
        StoredValueError: The stored ones are not parameters FSRS takes.
    """
    return fitted_parameters(connection) or DEFAULT_PARAMETERS
