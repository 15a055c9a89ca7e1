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
* A table's ``border`` stays, as a thin grid whatever width it gives (its colour the theme's):
  without it, a table of doses or findings read as words scattered over the card.
* Anki's ``[sound:file]`` tags show as a "♪ file" label rather than as raw markup; the study
  screen plays the sounds themselves (see fibrolearn.domain.sounds).
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape, unescape
from pathlib import Path, PurePosixPath

import nh3

from fibrolearn.domain.html_text import SOUND_REFERENCE
from fibrolearn.services.html_depth import within_parser_reach

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
    # Not height: a picture capped at the card's width (card_html) kept the height it was
    # given, squeezed sideways, or 30,000 pixels tall, the card's text out of sight below it.
    # From its width (or its own size) a picture keeps its proportions.
    "img": {"src", "alt", "width"},
    "table": {"border"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan"},
    "ol": {"start"},
}
ALLOWED_STYLE_PROPERTIES = frozenset(
    {"font-weight", "font-style", "text-decoration", "text-align", "vertical-align"}
)
_DROPPED_WITH_CONTENT = frozenset({"script", "style"})


def sanitize_card_html(html: str) -> str:
    """The card HTML with everything outside the policy removed."""
    html = SOUND_REFERENCE.sub(
        lambda found: f"<i>♪\u00a0{escape(unescape(found['name']))}</i>", html
    )  # the field's HTML holds the name with its entities: said once, not doubly escaped
    return nh3.clean(
        within_parser_reach(html),
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(_DROPPED_WITH_CONTENT),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        attribute_filter=_keep_attribute,
        filter_style_properties=set(ALLOWED_STYLE_PROPERTIES),
        url_schemes=set(),
        link_rel=None,
    )


def is_media_reference(reference: str) -> bool:
    """Whether an image ``src`` names a file inside the media folder, by its form alone."""
    if not reference or "\\" in reference or ":" in reference or "\x00" in reference:
        return False
    path = PurePosixPath(reference)
    return not path.is_absolute() and ".." not in path.parts and not reference.startswith("//")


def media_file(media_dir: Path, reference: str) -> Path | None:
    """The media file an image reference names, or None if it may not or cannot be loaded.

    The resolved path must lie inside ``media_dir`` (a symbolic link pointing out is refused)
    and be an existing file. A name the system cannot look up (longer than a file name may
    be) or a folder it may not read is a file that cannot be loaded: asked, they raised.
    """
    if not is_media_reference(reference):
        return None
    root = media_dir.resolve()
    candidate = (root / reference).resolve()
    try:
        readable = candidate.is_relative_to(root) and candidate.is_file()
    except OSError:
        return None
    return candidate if readable else None


def media_files(media_dir: Path, names: Iterable[str]) -> tuple[list[Path], list[str]]:
    """The files ``names`` name in the media folder, in order, and the names of those not there.

    A name :func:`media_file` refuses (``../x.mp3``, a URL) counts as not there.
    """
    found: list[Path] = []
    missing: list[str] = []
    for name in names:
        path = media_file(media_dir, name)
        if path is None:
            missing.append(name)
        else:
            found.append(path)
    return found, missing


def _keep_attribute(tag: str, attribute: str, value: str) -> str | None:
    if tag == "img" and attribute == "src":
        return value if is_media_reference(value) else None
    if tag == "table" and attribute == "border":
        # As in a browser, any border but 0 (an empty one too) draws the grid; thin, as a
        # border="5000" would frame the card in thousands of pixels.
        width = value.strip()
        return None if width.isdigit() and int(width) == 0 else "1"
    return value
