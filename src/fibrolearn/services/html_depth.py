"""Keep a card's HTML within what the HTML parser handles quickly, before it is sanitized.

The parser (html5ever, in nh3) follows the HTML standard, and two of its rules cost time in
proportion to what is open:

* at many tags it looks through the elements open for one in scope, so elements nested tens
  of thousands deep, under thousands of other tags, took seconds to minutes;
* a formatting element (``<b>``, ``<i>``...) left open when its paragraph or list item ends
  is opened again in each one after it. Left open by the thousand, each with other
  attributes, they were copied into every later paragraph: 22 KB of such a note became
  10 MB, and 130 KB took seconds.

Each time the card came up at study, it stood still that long. Past depths no card needs,
the extra start tags are left out here, and their end tags with them; the text stays.

The tags are read as the parser's tokenizer reads them (comments, text-only elements such as
``<style>``, quotes only around attribute values), so that a quote or a comment cannot hide
tags from the count. Inside SVG and MathML the parser reads ``<style>``, ``<title>`` and the
like as elements, not text: ``<svg>`` and ``<math>`` tags are left out (the policy drops both),
so the parser reads their content as HTML, as it is read here.

The parser's stack of open elements and its list of formatting elements are followed tag by
tag, with its own rules (html_tree): what an end tag ends (all opened after its element, but
not past a block or out of a table cell), what a start tag ends (an item the item open, past
inline elements and <div>s), and where formatting left open is opened again. Where the rules
turn on what is not followed (whether two formatting tags' attributes are alike, with
character references in them; an <input>'s type), the tag is left out. The limits are far
past what cards nest, for no card to lose a tag it needs.

The formatting left open past its paragraph is copied into every later one, attributes and
all (116 KB of title on a <b> became 200 MB in 2,000 paragraphs): a formatting tag longer than
any card's keeps only its name.
"""

from __future__ import annotations

import re
import string

from fibrolearn.services.html_stack import FORMATTING
from fibrolearn.services.html_tree import TreeBuilder

# Open elements of any kind. At each tag the parser may look through all of them: under
# 2,000, a 300 KB card of end tags took 0.5 s; under 1,000, 0.28 s (under 500, 0.16 s). Cards
# nest a few dozen.
DEEPEST = 1000
# Formatting elements in the parser's list at once, left open or not: at most this many are
# copied into each later paragraph (each copy some 30 ms in 300 KB of short ones). Cards nest
# three or four. Ones alike in name and attributes are copied at most three times by the standard's
# own rule, so a note that leaves every <b> open loses nothing it shows.
MOST_FORMATTING_OPEN = 12

_SPACE = r"\t\n\f\r "
_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)
# What stands for a tag left out: an empty comment, shown as nothing and dropped by the
# sanitizer. Nothing at all would join what was either side into a new tag ("<" "<svg>"
# "span>" is "<span>"), one not counted.
LEFT_OUT = "<!---->"
_ATTRIBUTES = (  # a name may hold quotes; only a value may be quoted, and holds ">" then
    rf"(?:[{_SPACE}/]++|[^{_SPACE}/>][^{_SPACE}/=>]*+"
    rf"(?:[{_SPACE}]*+=[{_SPACE}]*+(?:\"[^\"]*+\"?|'[^']*+'?|[^{_SPACE}>]*+))?+)*+"
)  # then the ">" that ends the tag, unless the text ends first
# One piece of markup, as the tokenizer reads it. Each alternative reads to its end or to the
# end of the text (where the tokenizer drops what it began), so the whole is read in one pass.
_MARKUP = re.compile(
    r"<!--(?:-?>|.*?(?:--!?>|\Z))"  # a comment, empty ones and unfinished ones included
    r"|<[!?][^>]*+>?"  # a doctype, CDATA or processing instruction: read as a comment
    r"|</(?![A-Za-z])[^>]*+>?"  # "</" and no name: read as a comment too
    rf"|<(?P<end>/?)(?P<name>[A-Za-z][^{_SPACE}/>]*+){_ATTRIBUTES}(?P<closed>>?)",
    re.DOTALL | re.IGNORECASE | re.ASCII,  # the parser folds ASCII letters alone (not ſ to s)
)
# The elements whose content is text to the tokenizer, once the parser begins one: to their
# end tag, whatever it looks like (<plaintext>: to the end).
_TEXT = {
    name: re.compile(rf"(?:.*?(?=</{name}[{_SPACE}/>])|.*)", re.DOTALL | re.IGNORECASE | re.ASCII)
    for name in (
        "iframe", "noembed", "noframes", "noscript", "script", "style", "textarea", "title", "xmp",
    )
}  # fmt: skip
_TEXT["plaintext"] = re.compile(".*", re.DOTALL)
# A script's, past "</script>" in its "escaped" parts: from "<!--" to "-->", where a "<script"
# begins a doubly escaped one that a "</script" ends (and "-->" too, with the escaped one).
_SCRIPT_TAG = rf"script[{_SPACE}/>]"  # after "<" or "</"
_DOUBLY_ESCAPED = rf"<{_SCRIPT_TAG}(?:[^<-]++|-(?!->)|<(?!/{_SCRIPT_TAG}))*+"
_ESCAPED = (
    rf"<!(?=--)(?:[^<-]++|-(?!->)|<(?!/?{_SCRIPT_TAG})|{_DOUBLY_ESCAPED}</{_SCRIPT_TAG})*+"
    rf"(?:-->|{_DOUBLY_ESCAPED}(?:-->)?)?"
)
_TEXT["script"] = re.compile(
    rf"(?:[^<]++|<(?!!--|/{_SCRIPT_TAG})|{_ESCAPED})*+", re.DOTALL | re.IGNORECASE | re.ASCII
)
_FORMATTING_NAMES = "|".join(sorted(FORMATTING))
# More start tags than these could reach a limit: any text may, so this finds as many or more.
_FORMATTING_START = re.compile(
    rf"<(?:{_FORMATTING_NAMES})(?=[{_SPACE}/>]){_ATTRIBUTES}>?", re.IGNORECASE | re.ASCII
)
# One attribute of a tag, read as the tokenizer reads it: its name, and its value, if any.
_ATTRIBUTE = re.compile(
    rf"([^{_SPACE}/>][^{_SPACE}/=>]*+)(?:[{_SPACE}]*+=[{_SPACE}]*+(\"[^\"]*+\"?|'[^']*+'?|[^{_SPACE}>]*+))?+"
)
# The parser copies each formatting element left open at most once at each tag or text after
# it: a card with no more formatting tags times tags than this is let through unread (reading
# it takes 4 times as long as sanitizing it). Its copies are then no more than a 1,000-tag
# card cut back to the limits may make.
_QUICK_COPIES = MOST_FORMATTING_OPEN * DEEPEST
# Word's <b style="mso-bidi-font-weight:normal"> is 40 characters. Longer ones are cut to their
# name: each copy the parser makes of one left open is then as short.
LONGEST_FORMATTING_TAG = 200
# Never open: nothing to count.
_VOID = frozenset(
    {
        "area", "base", "basefont", "bgsound", "br", "col", "embed", "frame", "hr", "img",
        "image", "keygen", "link", "meta", "param", "source", "track", "wbr",
    }
)  # fmt: skip
# Where the parser reads foreign content, with rules of its own: left out, content kept. So is
# an <input> (dropped by the policy): whether it ends a select open turns on its type.
_LEFT_OUT_ALWAYS = frozenset({"svg", "math", "input"})


def _attributes(tag: str, name: str) -> tuple[tuple[str, str], ...]:
    """A tag's attributes as the parser compares them.

    By name, the first of each, in any order; values as written, without their quotes.
    """
    found: dict[str, str] = {}
    for attribute in _ATTRIBUTE.finditer(tag, 1 + len(name), len(tag) - tag.endswith(">")):
        value = attribute[2] or ""
        if value[:1] in ("'", '"'):
            value = value[1:-1] if value[-1:] == value[0] and len(value) > 1 else value[1:]
        found.setdefault(attribute[1].translate(_ASCII_LOWER), value)
    return tuple(sorted(found.items()))


class _Reach:
    """What the parser holds open at each tag read so far, and whether the next one stays."""

    def __init__(self) -> None:
        self.tree = TreeBuilder()
        self.left_out: dict[str, int] = {}  # start tags left out, whose end tags go too

    def keeps(self, name: str, tag: str, *, end: bool) -> bool:
        """Whether the tag ``tag`` (``<name>``, ``</name>`` with ``end``) stays; follows it."""
        if end:
            if self.left_out.get(name):
                self.left_out[name] -= 1
                return False
            self.tree.end(name)
            return True
        if name in _VOID:
            self.tree.start(name)
            return True
        if name in FORMATTING:
            return self._formatting(name, tag)
        if self._past_the_limit():
            return self._leave_out(name)
        self.tree.start(name)
        return True

    def _formatting(self, name: str, tag: str) -> bool:
        """Whether a formatting element stays; follows it.

        With three alike in the list already, the parser drops the first: one more alike adds
        none to the list.
        """
        attributes = (_attributes(tag, name), "&" not in tag and "\0" not in tag)
        alike, sure = self._alike(name, attributes)
        listed = self.tree.formatting + 1 - (len(alike) >= 3)
        if not sure or listed > MOST_FORMATTING_OPEN or self._past_the_limit():
            return self._leave_out(name)
        self.tree.start(name, attributes, alike=alike)
        return True

    def _past_the_limit(self) -> bool:
        """Whether an element begun now would be nested past :data:`DEEPEST`.

        With the formatting the parser opens again first: no more than it holds in its list.
        """
        tree = self.tree
        return len(tree.keys) + tree.formatting >= DEEPEST and tree.depth_rebuilt() >= DEEPEST

    def _alike(self, name: str, attributes: tuple) -> tuple[list[list], bool]:
        """The formatting elements in the list that the parser takes for alike, and if surely.

        Attributes written alike are alike; but with a character reference or a NUL, two
        written apart may be alike too.
        """
        alike, unsure = [], 0
        for entry in self.tree.since_marker(name):
            if entry[2][0] == attributes[0]:
                alike.append(entry)
            elif not (attributes[1] and entry[2][1]):
                unsure += 1
        return alike, not unsure or len(alike) + unsure < 3

    def _leave_out(self, name: str) -> bool:
        self.left_out[name] = self.left_out.get(name, 0) + 1
        return False


def within_parser_reach(html: str) -> str:
    """``html`` without the tags nested past the limits, their text kept.

    Left out: elements begun past :data:`DEEPEST` levels, and formatting elements begun
    where :data:`MOST_FORMATTING_OPEN` are in the parser's list already, each with its end
    tag; the tags of SVG and MathML, and <input>s; and the attributes of formatting tags
    longer than :data:`LONGEST_FORMATTING_TAG`.
    """
    tags = html.count("<")
    formatting = _FORMATTING_START.findall(html)
    if (
        tags <= DEEPEST
        and len(formatting) * tags <= _QUICK_COPIES
        and all(len(tag) <= LONGEST_FORMATTING_TAG for tag in formatting)
    ):
        return html  # as most cards: the parser's work on it is small, whatever it nests
    reach = _Reach()
    text_only = ""  # the element holding text alone whose end tag comes next

    def kept(markup: re.Match[str]) -> str:
        nonlocal text_only
        name, tag = markup["name"], markup[0]
        if name is None:
            reach.tree.comment()
            return tag
        name, end = name.translate(_ASCII_LOWER), bool(markup["end"])
        if text_only:
            ended, text_only = text_only, ""
            if end and name == ended:
                return tag  # read by the parser as the end of that text, not as a tag
        if not end and name in _TEXT and reach.tree.begins_text():
            reach.tree.start(name)  # begun here, and ended by the end tag after its text
            text_only = name
            return tag
        if not end and name in FORMATTING and len(tag) > LONGEST_FORMATTING_TAG:
            # (One the text ends in is no tag to the parser, and is left as it is.)
            tag = f"<{name}>" if markup["closed"] else tag
        if name in _LEFT_OUT_ALWAYS or not reach.keeps(name, tag, end=end):
            return LEFT_OUT
        return tag

    pieces = []
    read_to = 0
    while (markup := _MARKUP.search(html, read_to)) is not None:
        if markup.start() > read_to:
            reach.tree.text(html[read_to : markup.start()])
        pieces += (html[read_to : markup.start()], kept(markup))
        read_to = markup.end()
        if text_only:  # its text, up to its end tag
            read_to = _TEXT[text_only].match(html, read_to).end()
            pieces.append(html[markup.end() : read_to])
    pieces.append(html[read_to:])
    return "".join(pieces)
