from __future__ import annotations

import pytest

from fibrolearn.content.english_words import is_english_word


@pytest.mark.parametrize("word", ["dirt", "diet", "glutamine", "infections", "serotonin"])
def test_english_words_are_known(word: str) -> None:
    assert is_english_word(word)


@pytest.mark.parametrize("word", ["seratonin", "dopamin", "snris", "inflamation", ""])
def test_misspellings_and_abbreviations_are_not(word: str) -> None:
    assert not is_english_word(word)
