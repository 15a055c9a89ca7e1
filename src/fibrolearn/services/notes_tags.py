"""Tags as the learner types them: separated by spaces, compared without regard to case."""

from __future__ import annotations

from collections.abc import Sequence


def split_tags(text: str) -> list[str]:
    """The tags in ``text``, in order, each once (the first spelling wins)."""
    seen: dict[str, str] = {}
    for tag in text.split():
        seen.setdefault(tag.casefold(), tag)
    return list(seen.values())


def same_tags(typed: str, saved: str) -> bool:
    """Whether ``typed`` gives the tags ``saved`` has, as a save keeps them.

    Order, spacing and a tag typed twice (in any case) aside.
    """
    return sorted(split_tags(typed)) == sorted(split_tags(saved))


def added_tags(tags: str, new: Sequence[str]) -> str:
    """``tags`` (space separated) with ``new`` added at the end where missing."""
    return " ".join(split_tags(" ".join([tags, *new])))


def removed_tags(tags: str, unwanted: Sequence[str]) -> str:
    """``tags`` without any of ``unwanted``."""
    drop = {tag.casefold() for tag in unwanted}
    return " ".join(tag for tag in split_tags(tags) if tag.casefold() not in drop)
