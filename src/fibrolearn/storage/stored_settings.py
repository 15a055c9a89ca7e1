"""Collection settings read back checked: a value no version of FibroLearn writes is damage.

Settings are JSON values in one table, each read where it is used. A damaged byte can leave
one still valid JSON of another shape: a key renamed, a letter of a word changed, a number
where an object was. Read unchecked, such a value failed as a mistake in the code would
(``KeyError``, ``TypeError``); read through :func:`stored_setting`, it is damage, named.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from fibrolearn.storage.damaged_data import StoredSettingError, StoredValueError

T = TypeVar("T")

# What reading a value of the wrong shape raises: a key missing, a value of another type or
# out of range (an hour of 25), text that is no time, a number too large for a whole one.
# Readers are small and take what :func:`json_object` checked, so a mistake in one is unlikely
# to hide among these.
_MISREAD = (KeyError, TypeError, ValueError, OverflowError)


def stored_setting(name: str, read: Callable[[Any], T], value: Any) -> T:
    """``read(value)`` for a setting's stored value; whatever ``read`` refuses is damage.

    ``read`` builds the setting's meaning from the value and raises on anything else;
    ``name`` says what the setting is in the message ("energy check-in").

    Raises:
        StoredSettingError: ``read`` refused the value.
    """
    try:
        return read(value)
    except StoredSettingError:
        raise
    except (*_MISREAD, StoredValueError) as error:
        raise StoredSettingError(f"the stored {name} is not one ({value!r:.60})") from error


def unparsed(key: str, error: StoredValueError) -> StoredSettingError:
    """Damage in a setting whose stored text is no JSON at all, naming the setting."""
    return StoredSettingError(f"the stored setting {key} is not JSON ({error})")


def json_object(value: Any) -> dict[str, Any]:
    """A setting that holds a JSON object, whose fields its reader reads next."""
    if not isinstance(value, dict):
        raise TypeError("not a JSON object")
    return value


def text_map(value: Any) -> dict[str, str]:
    """A setting mapping texts to texts (deck files loaded at start, decks renamed)."""
    if not isinstance(value, dict) or not all(
        isinstance(key, str) and isinstance(text, str) for key, text in value.items()
    ):
        raise TypeError("not a table of texts")
    return value


def text_list(value: Any) -> list[str]:
    """A setting listing texts (the decks the learner deleted)."""
    if not isinstance(value, list) or not all(isinstance(text, str) for text in value):
        raise TypeError("not a list of texts")
    return value


def yes_or_no(value: Any) -> bool:
    """A setting that is on or off."""
    if type(value) is not bool:
        raise TypeError("not a yes or a no")
    return value


def whole_number(value: Any, low: int, high: int | None = None) -> int:
    """A whole number from ``low`` (to ``high``) held in a setting; ``ValueError`` otherwise."""
    if type(value) is not int or value < low or (high is not None and value > high):
        raise ValueError(f"not a whole number from {low}" + (f" to {high}" if high else ""))
    return value
