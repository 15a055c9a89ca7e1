"""Tags as a note keeps them: separated by spaces, compared without regard to case.

What the learner types is read by :func:`typed`, where a comma separates too.
"""

from __future__ import annotations

from collections.abc import Sequence

from fibrolearn.domain.typed_tags import typed_tags


def split_tags(text: str) -> list[str]:
    """The tags in ``text``, in order, each once (the first spelling wins)."""
    seen: dict[str, str] = {}
    for tag in text.split():
        seen.setdefault(tag.casefold(), tag)
    return list(seen.values())


def typed(text: str) -> list[str]:
    """The tags the learner typed in ``text`` (spaces or commas between them), each once."""
    return split_tags(" ".join(typed_tags(text)))


def same_tags(typed_text: str, saved: str) -> bool:
    """Whether ``typed_text`` gives the tags ``saved`` has, as a save keeps them.

    Order, spacing, commas between them and a tag typed twice (in any case) aside.
    """
    return sorted(typed(typed_text)) == sorted(typed(saved))


def added_tags(tags: str, new: Sequence[str]) -> str:
    """``tags`` (space separated) with ``new`` added at the end where missing."""
    return " ".join(split_tags(" ".join([tags, *new])))


def removed_tags(tags: str, unwanted: Sequence[str]) -> str:
    """``tags`` without any of ``unwanted``."""
    drop = {tag.casefold() for tag in unwanted}
    return " ".join(tag for tag in split_tags(tags) if tag.casefold() not in drop)
