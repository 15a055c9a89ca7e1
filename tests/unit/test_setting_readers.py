"""Reading settings back: what a reader refuses is damage, named; FSRS's parameters checked."""

from __future__ import annotations

import pytest

from fibrolearn.scheduling.fsrs_scheduler import DEFAULT_PARAMETERS, fsrs_parameters
from fibrolearn.storage.damaged_data import StoredSettingError, StoredValueError
from fibrolearn.storage.stored_settings import stored_setting, text_list, text_map, whole_number


@pytest.mark.parametrize(
    "value",
    [5, "text", [1], {"b": 1}, {"a": "x"}, {"a": None}],
)
def test_what_a_reader_refuses_is_damage_named_with_the_value(value: object) -> None:
    def read(stored):
        return whole_number(stored["a"], 0)

    with pytest.raises(StoredValueError, match=r"the stored test setting is not one \("):
        stored_setting("test setting", read, value)


def test_a_value_a_reader_takes_is_returned() -> None:
    assert stored_setting("test setting", lambda stored: stored["a"], {"a": 3}) == 3


def test_damage_a_reader_meets_is_named_as_the_setting_s() -> None:
    def read(_stored):
        raise StoredValueError("a stored time is not one (x)")

    with pytest.raises(StoredSettingError, match=r"^the stored test setting is not one \(\{\}\)$"):
        stored_setting("test setting", read, {})


def test_a_setting_s_damage_from_an_inner_reader_is_passed_on_unchanged() -> None:
    def read(_stored):
        raise StoredSettingError("the stored inner setting is not one (5)")

    with pytest.raises(StoredSettingError, match=r"^the stored inner setting is not one \(5\)$"):
        stored_setting("test setting", read, {})


def test_tables_and_lists_of_texts() -> None:
    assert text_map({"a": "b"}) == {"a": "b"}
    assert text_list(["a"]) == ["a"]
    for wrong in ({"a": 1}, ["a"], 5):
        with pytest.raises(TypeError):
            text_map(wrong)
    for wrong in (["a", 1], {"a": "b"}, "ab"):
        with pytest.raises(TypeError):
            text_list(wrong)


def test_whole_numbers_in_a_range() -> None:
    assert whole_number(0, 0, 23) == 0
    assert whole_number(23, 0, 23) == 23
    for wrong in (-1, 24, 2.0, True, "3"):
        with pytest.raises(ValueError, match="not a whole number"):
            whole_number(wrong, 0, 23)


def test_fsrs_parameters_are_as_many_numbers_as_fsrs_takes_within_its_bounds() -> None:
    assert fsrs_parameters(list(DEFAULT_PARAMETERS)) == DEFAULT_PARAMETERS
    with pytest.raises(ValueError, match="FSRS takes 21"):
        fsrs_parameters(DEFAULT_PARAMETERS[:-1])
    with pytest.raises(ValueError, match="within its bounds"):
        fsrs_parameters([-5.0, *DEFAULT_PARAMETERS[1:]])
    with pytest.raises(ValueError, match="within its bounds"):
        fsrs_parameters([float("nan"), *DEFAULT_PARAMETERS[1:]])
    for wrong in ("0.5", True, None):
        with pytest.raises(TypeError):
            fsrs_parameters([wrong, *DEFAULT_PARAMETERS[1:]])
    with pytest.raises(TypeError):
        fsrs_parameters(5)  # type: ignore[arg-type] - as a damaged setting holds it
