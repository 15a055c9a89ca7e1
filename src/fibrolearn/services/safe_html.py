"""The one policy for HTML shown on cards: what survives, and which files images may load.

Cards can hold HTML from imported decks, so everything shown passes through
:func:`sanitize_card_html` (nh3, the Python binding of the Ammonia sanitizer) before a rich-text
view sees it. The rules:

* No scripts, no event handlers, no links: ``<script>`` and ``<style>`` go with their content,
  ``on*`` attributes and ``<a>`` tags go (a link's text stays), so nothing can run or navigate.
* Images only from the collection's media folder: ``src`` must be a plain relative file name
  inside it; URLs with a scheme (``http:``, ``data:``, ``javascript:``...), absolute paths,
  protocol-relative ``//host`` addresses and ``..`` are dropped. :func:`media_file` applies the
  same rule when the view asks for the file.
* ``style`` attributes keep only emphasis and alignment. Colours and font sizes go: the theme
  and the learner's text size must win, and colour may not be the only carrier of meaning.
* Anki's ``[sound:file]`` tags, which FibroLearn cannot play, show as "(sound: file)" rather
  than as raw markup.
"""

from __future__ import annotations

import re
from html import escape, unescape
from pathlib import Path, PurePosixPath

import nh3

from fibrolearn.interop.sound_tags import SOUND_REFERENCE

ALLOWED_TAGS = frozenset(
    {
        "p", "br", "div", "span", "b", "strong", "i", "em", "u", "s", "sub", "sup", "small",
        "code", "pre", "blockquote", "ul", "ol", "li", "dl", "dt", "dd", "hr",
        "h1", "h2", "h3", "h4", "h5", "h6",
        "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption",
        "img", "ruby", "rt", "rp",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "*": {"class", "style", "align", "title"},
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan"},
    "ol": {"start"},
}
ALLOWED_STYLE_PROPERTIES = frozenset(
    {"font-weight", "font-style", "text-decoration", "text-align", "vertical-align"}
)
_DROPPED_WITH_CONTENT = frozenset({"script", "style"})
# Containers the HTML parser looks for among the open elements at each tag: nested some
# thousands deep (only a broken or hostile note is), sanitizing took seconds to minutes, and
# the card stood still each time it came up. Past this depth they are left out, their
# content kept: 2,000 levels take nh3 about 10 ms. Counted by their tags alone, so an
# element the parser closes without one (an <rt> by its </ruby>) counts on: the depth is
# far past what any card nests, for no card to lose a tag it needs.
_DEEPEST_CONTAINERS = 2000
_CONTAINER_TAG = re.compile(
    r"<(/?)(?:div|ul|ol|dl|blockquote|pre|address|article|aside|center|details|dir|fieldset"
    r"|figcaption|figure|footer|header|hgroup|main|menu|nav|section|summary|search|listing"
    r"|rb|rt|rp)(?=[\s/>])(?:\"[^\"]*\"|'[^']*'|[^'\">])*>",  # a ">" in quotes is no end
    re.IGNORECASE,
)


def sanitize_card_html(html: str) -> str:
    """The card HTML with everything outside the policy removed."""
    html = SOUND_REFERENCE.sub(
        lambda found: f"<i>(sound: {escape(unescape(found['name']))})</i>", html
    )  # the field's HTML holds the name with its entities: said once, not doubly escaped
    return nh3.clean(
        _containers_within_reach(html),
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(_DROPPED_WITH_CONTENT),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        attribute_filter=_keep_attribute,
        filter_style_properties=set(ALLOWED_STYLE_PROPERTIES),
        url_schemes=set(),
        link_rel=None,
    )


def _containers_within_reach(html: str) -> str:
    """``html`` without the container tags nested past ``_DEEPEST_CONTAINERS``."""
    if html.count("<") <= _DEEPEST_CONTAINERS:  # as nearly every card: cannot nest that deep
        return html
    depth = 0

    def kept(tag: re.Match[str]) -> str:
        nonlocal depth
        if tag[1]:  # a closing tag: it ends the container opened at the depth it returns to
            depth = max(depth - 1, 0)
            return tag[0] if depth < _DEEPEST_CONTAINERS else ""
        depth += 1
        return tag[0] if depth <= _DEEPEST_CONTAINERS else ""

    return _CONTAINER_TAG.sub(kept, html)


def is_media_reference(reference: str) -> bool:
    """Whether an image ``src`` names a file inside the media folder, by its form alone."""
    if not reference or "\\" in reference or ":" in reference or "\x00" in reference:
        return False
    path = PurePosixPath(reference)
    return not path.is_absolute() and ".." not in path.parts and not reference.startswith("//")


def media_file(media_dir: Path, reference: str) -> Path | None:
    """The media file an image reference names, or None if it may not or cannot be loaded.

    The resolved path must lie inside ``media_dir`` (a symbolic link pointing out is refused)
    and be an existing file.
    """
    if not is_media_reference(reference):
        return None
    root = media_dir.resolve()
    candidate = (root / reference).resolve()
    if not candidate.is_relative_to(root) or not candidate.is_file():
        return None
    return candidate


def _keep_attribute(tag: str, attribute: str, value: str) -> str | None:
    if tag == "img" and attribute == "src":
        return value if is_media_reference(value) else None
    return value
