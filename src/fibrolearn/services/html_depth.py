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

The depths are counted from the tags, with the parser's rules for what an end tag ends (not
past a block, such as a <div>, nor out of a bound, such as a table cell) and for elements
ended without one (an item by the next, a cell's content with the cell...), as far as a count
can follow them: where it cannot tell, it counts an element as still open, ahead of the
parser. The limits are far past what cards nest, for no card to lose a tag it needs.

A count of elements cannot tell which formatting the parser has left open past its
paragraph, and copies into every later one, attributes and all (116 KB of title on a <b>
became 200 MB in 2,000 paragraphs). A formatting tag longer than any card's keeps only its
name.
"""

from __future__ import annotations

import re
import string
from bisect import bisect_left

# Open elements of any kind. At each tag the parser may look through all of them: under
# 2,000, a 300 KB card of end tags took 0.5 s; under 1,000, 0.28 s (under 500, 0.16 s). Cards
# nest a few dozen, but a count cannot see every element the parser ends without its end tag:
# at 1,000, a list of 600 items with <li> and a <span> in each left open loses tags (300 at
# 500).
DEEPEST = 1000
# Formatting elements open at once, left open or not: at most this many are copied into
# each later paragraph (each copy some 30 ms in 300 KB of short ones). Cards nest three or
# four. Ones alike in name and attributes are copied at most three times by the standard's
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
# Their content is text to the tokenizer until their end tag, whatever it looks like.
_TEXT_ONLY = "iframe|noembed|noframes|noscript|script|style|textarea|title|xmp"
# One piece of markup, as the tokenizer reads it. Each alternative reads to its end or to the
# end of the text (where the tokenizer drops what it began), so the whole is read in one pass.
_MARKUP = re.compile(
    r"<!--(?:-?>|.*?(?:--!?>|\Z))"  # a comment, empty ones and unfinished ones included
    r"|<[!?][^>]*+>?"  # a doctype, CDATA or processing instruction: read as a comment
    r"|</(?![A-Za-z])[^>]*+>?"  # "</" and no name: read as a comment too
    rf"|<plaintext(?=[{_SPACE}/>]).*"  # all that follows is text
    rf"|<(?P<text_only>{_TEXT_ONLY})(?=[{_SPACE}/>]){_ATTRIBUTES}>?"
    rf"(?:.*?(?=</(?P=text_only)[{_SPACE}/>])|.*)"
    rf"|<(?P<end>/?)(?P<name>[A-Za-z][^{_SPACE}/>]*+){_ATTRIBUTES}(?P<closed>>?)",
    re.DOTALL | re.IGNORECASE | re.ASCII,  # the parser folds ASCII letters alone (not ſ to s)
)
# Never open: nothing to count.
_VOID = frozenset(
    {
        "area", "base", "basefont", "bgsound", "br", "col", "embed", "frame", "hr", "img",
        "input", "keygen", "link", "meta", "param", "source", "track", "wbr",
    }
)  # fmt: skip
# Table parts: only a table holds them, and each ends the one before it, so they cannot pile up
# without a table (counted) between them. A paragraph ends the paragraph open, unless a button
# or a bound (counted) is between. Counting them would only run ahead of the parser, for each
# one whose end tag is left out. (A paragraph open still stops end tags: see _BLOCKS.)
_ENDED_IN_PLACE = frozenset(
    {"p", "tr", "td", "th", "thead", "tbody", "tfoot", "caption", "colgroup"}
)  # fmt: skip
# Each of these ends an element it names if that is the innermost open: an item the item, a
# heading the heading... (For a heading or an option that is the parser's rule; for an item,
# a term or a ruby part the parser looks further in, past inline elements, which is not
# followed here: the count then runs ahead.) Else they pile up (<li><h1><li><h1>...).
_RUBY_PARTS = frozenset({"rb", "rp", "rt", "rtc"})
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_ENDS: dict[str, frozenset[str]] = {
    "li": frozenset({"li"}), "dt": frozenset({"dt", "dd"}), "dd": frozenset({"dt", "dd"}),
    **dict.fromkeys(_HEADINGS, _HEADINGS), "option": frozenset({"option"}),
    # Within a <ruby> only, and each may end more than one (<rtc><rt>x<rb> ends both).
    "rb": _RUBY_PARTS, "rtc": _RUBY_PARTS, "rt": _RUBY_PARTS - {"rtc"}, "rp": _RUBY_PARTS - {"rtc"},
}  # fmt: skip
# A list's end tag ends the items left open in it, and so on.
_PARTS = {
    "ul": {"li"}, "ol": {"li"}, "menu": {"li"}, "dl": {"dt", "dd"},
    "select": {"option"}, "datalist": {"option"}, "ruby": _RUBY_PARTS,
}  # fmt: skip
# The parser's search for the element an end tag (but a block's or formatting's) ends stops
# at these (the standard's "special" ones, as counted here): it ends nothing past one. So does
# a paragraph, not counted, which these end (as far as this count can tell).
_BLOCKS = frozenset(
    {
        "address", "article", "aside", "blockquote", "button", "center", "dd", "details", "dir",
        "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3",
        "h4", "h5", "h6", "header", "hgroup", "li", "listing", "main", "menu", "nav", "ol",
        "pre", "section", "summary", "ul",
    }
)  # fmt: skip
_ENDS_PARAGRAPH = (_BLOCKS - {"button"}) | {"dialog", "hr", "p", "search", "table"}
_FORMATTING_NAMES = "a|b|big|code|em|font|i|nobr|s|small|strike|strong|tt|u"
_FORMATTING = frozenset(_FORMATTING_NAMES.split("|"))
# More start tags than these could reach a limit: any text may, so this finds as many or more.
_FORMATTING_START = re.compile(
    rf"<(?:{_FORMATTING_NAMES})(?=[{_SPACE}/>]){_ATTRIBUTES}>?", re.IGNORECASE | re.ASCII
)
# The parser copies each formatting element left open at most once at each tag or text after
# it: a card with no more formatting tags times tags than this is let through unread (reading
# it takes 4 times as long as sanitizing it). Its copies are then no more than a 1,000-tag
# card cut back to the limits may make.
_QUICK_COPIES = MOST_FORMATTING_OPEN * DEEPEST
# Word's <b style="mso-bidi-font-weight:normal"> is 40 characters. Longer ones are cut to their
# name: each copy the parser makes of one left open is then as short.
LONGEST_FORMATTING_TAG = 200
# The parser's searches for an element to end stop at a table, a cell or caption, a select,
# marquee, object, applet or template (the standard's scope boundaries): in one, an end tag
# ends only what was begun in it. What was left open in one ends with it; formatting too in
# all but a table or select: formatting put before a table from between its cells, or left
# open in a select, stays open past them (the others are the standard's "markers").
_BOUNDS = frozenset({"table", "select", "marquee", "object", "applet", "template"})
_TABLE_PARTS = frozenset(
    {"caption", "col", "colgroup", "tbody", "td", "tfoot", "th", "thead", "tr"}
)
_CELLS = frozenset({"td", "th", "caption"})
_MARKERS = _CELLS | {"marquee", "object", "applet", "template"}
_NOT_COUNTED = _VOID | _ENDED_IN_PLACE
# Where the parser reads foreign content, with rules of its own: left out, content kept.
_FOREIGN = frozenset({"svg", "math"})


class _Bound:
    """A table, cell, select... open, and the elements begun in it still open."""

    def __init__(self, name: str, since: int) -> None:
        self.name = name
        self.begun: dict[str, int] = {}
        self.since = since  # the number of the last element begun before it


class _Depths:
    """How deep the tags read so far nest, and whether the next one is within the limits."""

    def __init__(self) -> None:
        self.depth = 0
        self.formatting = 0
        # The items, headings, lists... open, each with its depth, deepest last: levels rising.
        self.kinds: list[tuple[str, int]] = []
        # Innermost last: a table, its cell, a table in that... and first, the card itself.
        self.bounds = [_Bound("", 0)]
        self.left_out: dict[str, int] = {}  # tables, selects... left out, whose end tags go too
        # Each element begun is numbered: those open, by name, and the blocks open, in order.
        self.serial = 0
        self.serials: dict[str, list[int]] = {}
        self.blocks: list[int] = []
        self.paragraphs: list[int] = []

    def keeps(self, name: str, *, end: bool) -> bool:
        """Whether the tag ``<name>`` (``</name>`` with ``end``) stays; counts it."""
        if name == "p" or (name in _ENDS_PARAGRAPH and not end):
            self._follow_paragraphs(begun=name == "p" and not end)
        if name in _BOUNDS:
            return self._bound(name, end=end)
        if name in _TABLE_PARTS:
            self._follow_tables(name, end=end)
        elif name == "input" and not end:
            self._end_bound("select")  # the parser ends the select an input is put in
        if name in _NOT_COUNTED:
            return True
        if end:
            if not self._begun_here().get(name) or self._past_a_block(name):
                return True  # it ends nothing: the parser passes over it
            self._end_parts_of(name)
        else:
            self._end_before(name)
            self._begin(name)
        # An end tag is judged by the depths now: in a card that nests as its tags say, those
        # its element began at, so it is kept or left out with it. (Where the parser ends
        # elements the count still holds open, the two can differ.)
        within = self.depth <= DEEPEST and (
            name not in _FORMATTING or self.formatting <= MOST_FORMATTING_OPEN
        )
        if end:
            self._forget(name)
            self._end(name)
        return within

    def _bound(self, name: str, *, end: bool) -> bool:
        """Whether the tag of a table, select... stays; follows the bounds it begins and ends.

        One left out is none to the parser, and an end tag of its name goes with it (the
        first to come: which one it ends matters less than that the parser and the count
        agree on what is open).
        """
        if end and self.left_out.get(name):
            self.left_out[name] -= 1
            return False
        at = self._reached(name)
        if end or (name == "select" and at is not None):  # (a select in one ends it, alone)
            self._end_bound(name)
            return True
        if name == "table" and at is not None and self._table_holder() == at:
            self._end_bounds(at)  # out of a cell, a table ends the one open, in its place
        elif self.depth < DEEPEST:
            self._begin(name)
        else:
            self.left_out[name] = self.left_out.get(name, 0) + 1
            return False
        self.bounds.append(_Bound(name, self.serial))
        return True

    def _reached(self, name: str) -> int | None:
        """Which bound open an end tag ``</name>`` ends, if any.

        The innermost of the name, if no other bound is between; but a table is ended from in
        its cells, and a template from anywhere.
        """
        for at in range(len(self.bounds) - 1, -1, -1):
            if self.bounds[at].name == name:
                return at
            if name != "template" and (name != "table" or self.bounds[at].name == "template"):
                return None
        return None

    def _table_holder(self) -> int | None:
        """The table, cell or caption the parser is in, if any: its table parts go there."""
        for at in range(len(self.bounds) - 1, -1, -1):
            if self.bounds[at].name in _CELLS | {"table", "template"}:
                return at
        return None

    def _begun_here(self) -> dict[str, int]:
        """The elements open that an end tag may end here: in the innermost bound."""
        return self.bounds[-1].begun

    def _past_a_block(self, name: str) -> bool:
        """Whether a block begun in the last ``name`` open is open, so its end tag ends none."""
        if name in _BLOCKS or name in _FORMATTING or not self.blocks:
            return False  # (these end what is open in them, or are moved out of blocks)
        return self.blocks[-1] > self.serials[name][-1]

    def _follow_paragraphs(self, *, begun: bool) -> None:
        """End the paragraph open, if any, and begin one if ``begun``."""
        if self.paragraphs:
            self._unblock(self.paragraphs.pop())
        if begun:
            self.serial += 1
            self.paragraphs.append(self.serial)
            self.blocks.append(self.serial)

    def _unblock(self, serial: int) -> None:
        del self.blocks[bisect_left(self.blocks, serial)]

    def _begin(self, name: str) -> None:
        self.serial += 1
        self.serials.setdefault(name, []).append(self.serial)
        if name in _BLOCKS:
            self.blocks.append(self.serial)
        begun = self._begun_here()
        begun[name] = begun.get(name, 0) + 1
        self.depth += 1
        self.formatting += name in _FORMATTING
        if name in _ENDS or name in _PARTS:
            self.kinds.append((name, self.depth))

    def _end(self, name: str) -> None:
        """One ``name`` begun where the parser is (in the innermost bound) ends."""
        self._end_serials(name, 1)
        self._begun_here()[name] -= 1
        self.depth -= 1
        self.formatting -= name in _FORMATTING
        self._forget_deeper()

    def _end_before(self, name: str) -> None:
        """End the items, headings... that the start tag ``<name>`` ends."""
        if name == "a" and self._begun_here().get("a"):
            self._end("a")  # the parser nests no link in a link: it ends the one left open
        ends = _ENDS.get(name, ())
        while self._innermost() in ends:
            if name in _RUBY_PARTS and not self._in_ruby():
                return
            self._end(self.kinds.pop()[0])
            if name not in _RUBY_PARTS:
                return

    def _innermost(self) -> str | None:
        """The item, heading... open that is the innermost element open, begun here, if any."""
        if self.kinds and self.kinds[-1][1] == self.depth:
            name = self.kinds[-1][0]
            return name if self._begun_here().get(name) else None
        return None

    def _in_ruby(self) -> bool:
        """Whether the innermost elements open are ruby parts in a <ruby>, and nothing else."""
        level = self.depth
        for name, at in self.kinds[:-4:-1]:  # <ruby><rtc><rt> at most
            if at != level or name not in _RUBY_PARTS | {"ruby"}:
                return False
            if name == "ruby":
                return True
            level -= 1
        return False

    def _end_parts_of(self, name: str) -> None:
        """End the items left open right in the list ``name`` ends (a level deeper each)."""
        parts = _PARTS.get(name, ())
        first = len(self.kinds)
        while first > 1 and self.kinds[first - 1][0] in parts:
            if self.kinds[first - 1][1] != self.kinds[first - 2][1] + 1:
                return  # something else open between: the parser may pass over the end tag
            first -= 1
        if first < len(self.kinds) and self.kinds[first - 1][0] == name:
            while len(self.kinds) > first and self._begun_here().get(self.kinds[-1][0]):
                self._end(self.kinds.pop()[0])

    def _forget(self, name: str) -> None:
        """The innermost ``name`` among the items, headings... open ends with its end tag."""
        if name in _ENDS or name in _PARTS:
            for at in range(len(self.kinds) - 1, len(self.kinds) - 4, -1):
                if at >= 0 and self.kinds[at][0] == name:
                    del self.kinds[at]
                    return
            self.kinds.clear()  # (which one ended is not plain: none will be ended here)

    def _forget_deeper(self) -> None:
        """Those begun deeper than now are not innermost any more where they are (if open)."""
        while self.kinds and self.kinds[-1][1] > self.depth:
            self.kinds.pop()

    def _follow_tables(self, name: str, *, end: bool) -> None:
        """End the cell or caption that the table part ``name`` ends, and begin its own."""
        at = self._table_holder()
        if at is None or self.bounds[at].name == "template":
            return  # out of a table, the parser passes over its parts
        holder = self.bounds[at].name
        if not end:  # each part ends the cell or caption open, and what was put before
            table_at = at if holder == "table" else at - 1  # (a cell's is right above it)
            self._end_bounds(table_at + 1)
            self._end_all(self.bounds[table_at].begun, but_formatting=True)
            if name in _CELLS:
                self.bounds.append(_Bound(name, self.serial))
        elif name == holder or (name == "tr" and holder in {"td", "th"}):
            self._end_bounds(at)

    def _end_bound(self, name: str) -> None:
        """End the bound ``name`` that an end tag reaches, and all in it: the element too."""
        at = self._reached(name)
        if at is not None:
            self._end_bounds(at)
            self._end(name)

    def _end_bounds(self, at: int) -> None:
        """End the bounds open from ``at`` in, and what was left open in them.

        But the formatting in a table or select: handed to what holds it, as it stays open.
        """
        while len(self.bounds) > at:
            bound = self.bounds.pop()
            while self.paragraphs and self.paragraphs[-1] > bound.since:
                self._unblock(self.paragraphs.pop())
            self._end_all(bound.begun, but_formatting=bound.name not in _MARKERS)
            around = self._begun_here()
            for name, count in bound.begun.items():
                around[name] = around.get(name, 0) + count

    def _end_all(self, begun: dict[str, int], *, but_formatting: bool = False) -> None:
        for name in [name for name in begun if not (but_formatting and name in _FORMATTING)]:
            count = begun.pop(name)
            self._end_serials(name, count)
            self.depth -= count
            self.formatting -= count if name in _FORMATTING else 0
        self._forget_deeper()

    def _end_serials(self, name: str, count: int) -> None:
        """The last ``count`` of ``name`` open end (those begun in the innermost bound)."""
        serials = self.serials[name]
        for serial in serials[len(serials) - count :]:
            if name in _BLOCKS:
                self._unblock(serial)
        del serials[len(serials) - count :]


def within_parser_reach(html: str) -> str:
    """``html`` without the tags nested past the limits, their text kept.

    Left out: elements begun past :data:`DEEPEST` levels, and formatting elements begun
    where :data:`MOST_FORMATTING_OPEN` are open already, each with its end tag; the tags of
    SVG and MathML; and the attributes of formatting tags longer than
    :data:`LONGEST_FORMATTING_TAG`.
    """
    tags = html.count("<")
    formatting = _FORMATTING_START.findall(html)
    if (
        tags <= DEEPEST
        and len(formatting) * tags <= _QUICK_COPIES
        and all(len(tag) <= LONGEST_FORMATTING_TAG for tag in formatting)
    ):
        return html  # as most cards: the parser's work on it is small, whatever it nests
    depths = _Depths()

    def kept(markup: re.Match[str]) -> str:
        name = markup["name"]
        if name is None:  # a comment, or an element holding text alone
            return markup[0]
        name, end = name.translate(_ASCII_LOWER), bool(markup["end"])
        if name in _FOREIGN or not depths.keeps(name, end=end):
            return LEFT_OUT
        if name in _FORMATTING and not end and len(markup[0]) > LONGEST_FORMATTING_TAG:
            # (One the text ends in is no tag to the parser, and is left as it is.)
            return f"<{name}>" if markup["closed"] else markup[0]
        return markup[0]

    return _MARKUP.sub(kept, html)
