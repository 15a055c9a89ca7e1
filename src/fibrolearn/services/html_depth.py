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

The depths are counted from the tags, with only the parser's simplest rules for ending
elements without one: they can run ahead of the parser's, so the limits are far past what
cards nest, for no card to lose a tag it needs.
"""

from __future__ import annotations

import re

# Open elements of any kind. At each tag the parser may look through all of them.
DEEPEST = 2000
# Formatting elements open at once, left open or not: at most this many are copied into
# each later paragraph. Cards nest three or four. Ones alike in name and attributes are
# copied at most three times by the standard's own rule, so a note that leaves every <b>
# open loses nothing it shows.
MOST_FORMATTING_OPEN = 12

_SPACE = r"\t\n\f\r "
_ATTRIBUTES = (  # a name may hold quotes; only a value may be quoted, and holds ">" then
    rf"(?:[{_SPACE}/]++|[^{_SPACE}/>][^{_SPACE}/=>]*+"
    rf"(?:[{_SPACE}]*+=[{_SPACE}]*+(?:\"[^\"]*+\"?|'[^']*+'?|[^{_SPACE}>]*+))?+)*+>?"
)
# Their content is text to the tokenizer until their end tag, whatever it looks like.
_TEXT_ONLY = "iframe|noembed|noframes|noscript|script|style|textarea|title|xmp"
# One piece of markup, as the tokenizer reads it. Each alternative reads to its end or to the
# end of the text (where the tokenizer drops what it began), so the whole is read in one pass.
_MARKUP = re.compile(
    r"<!--(?:-?>|.*?(?:--!?>|\Z))"  # a comment, empty ones and unfinished ones included
    r"|<[!?][^>]*+>?"  # a doctype, CDATA or processing instruction: read as a comment
    r"|</(?![A-Za-z])[^>]*+>?"  # "</" and no name: read as a comment too
    rf"|<plaintext(?=[{_SPACE}/>]).*"  # all that follows is text
    rf"|<(?P<text_only>{_TEXT_ONLY})(?=[{_SPACE}/>]){_ATTRIBUTES}"
    rf"(?:.*?(?=</(?P=text_only)[{_SPACE}/>])|.*)"
    rf"|<(?P<end>/?)(?P<name>[A-Za-z][^{_SPACE}/>]*+){_ATTRIBUTES}",
    re.DOTALL | re.IGNORECASE,
)
# Never open: nothing to count.
_VOID = frozenset(
    {
        "area", "base", "basefont", "bgsound", "br", "col", "embed", "frame", "hr", "img",
        "input", "keygen", "link", "meta", "param", "source", "track", "wbr",
    }
)  # fmt: skip
# Table parts: only a table holds them, and each ends the one before it, so they cannot pile up
# without a table (counted) between them. A paragraph ends the paragraph open. Counting
# them would only run ahead of the parser, for each one whose end tag is left out.
_ENDED_IN_PLACE = frozenset(
    {"p", "tr", "td", "th", "thead", "tbody", "tfoot", "caption", "colgroup"}
)  # fmt: skip
# Each of these ends the one of its kind right before it, if nothing was opened between.
# Counted, as with other elements between they do pile up (<li><h1><li><h1>...).
_KINDS = ({"li"}, {"dt", "dd"}, {"h1", "h2", "h3", "h4", "h5", "h6"}, {"option"})
_RUBY_PARTS = frozenset({"rb", "rt", "rtc", "rp"})  # so within a <ruby> only
_KIND_OF = {name: frozenset(kind) for kind in (*_KINDS, _RUBY_PARTS) for name in kind}
# A list's end tag ends its items left open, and so on.
_PARTS_ENDED_BY = {
    "ul": ("li",), "ol": ("li",), "menu": ("li",), "dl": ("dt", "dd"),
    "select": ("option",), "datalist": ("option",), "ruby": tuple(_RUBY_PARTS),
}  # fmt: skip
_FORMATTING_NAMES = "a|b|big|code|em|font|i|nobr|s|small|strike|strong|tt|u"
_FORMATTING = frozenset(_FORMATTING_NAMES.split("|"))
# More start tags than these could reach a limit: any text may, so this finds as many or more.
_FORMATTING_START = re.compile(rf"<(?:{_FORMATTING_NAMES})[{_SPACE}/>]", re.IGNORECASE)
# In a table the parser passes over end tags for formatting begun outside it (or outside the
# cell): the formatting put before the table from between its cells stays open after it, and
# that left open in a cell or caption (after the standard's "marker") ends with the cell.
_TABLE_PARTS = frozenset(
    {"caption", "col", "colgroup", "tbody", "td", "tfoot", "th", "thead", "tr"}
)
_CELLS = frozenset({"td", "th", "caption"})
_NOT_COUNTED = _VOID | _ENDED_IN_PLACE
# Where the parser reads foreign content, with rules of its own: left out, content kept.
_FOREIGN = frozenset({"svg", "math"})


class _Table:
    """An open table, or a cell or caption open in one: the formatting begun in it still open."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.formatting: dict[str, int] = {}


class _Depths:
    """How deep the tags read so far nest, and whether the next one is within the limits."""

    def __init__(self) -> None:
        self.depth = 0
        self.formatting = 0
        self.open_by_name: dict[str, int] = {}
        self.just_opened: str | None = None  # the last element begun, if none began or ended since
        self.tables: list[_Table] = []  # each table open, and above it the cell open in it

    def keeps(self, name: str, *, end: bool) -> bool:
        """Whether the tag ``<name>`` (``</name>`` with ``end``) stays; counts it."""
        if name == "table" or name in _TABLE_PARTS:
            self._follow_tables(name, end=end)
        if name in _NOT_COUNTED:
            return True
        if not end and self._ends_the_one_before(name):
            self.open_by_name[self.just_opened] -= 1
            self.depth -= 1
        self.just_opened = None if end else name
        is_formatting = name in _FORMATTING
        in_table = self.tables[-1].formatting if self.tables and is_formatting else None
        open_now = self.open_by_name.get(name, 0)
        if end:
            if not open_now or (in_table is not None and not in_table.get(name)):
                return True  # it ends nothing: the parser passes over it
            self.open_by_name[name] = open_now - 1
            self._end_parts_of(name)
        else:
            self.open_by_name[name] = open_now + 1
            self.depth += 1
            self.formatting += is_formatting
        if in_table is not None:
            in_table[name] = in_table.get(name, 0) + (-1 if end else 1)
        # An end tag is judged by the depths its element began at: kept or left out with it.
        within = self.depth <= DEEPEST and (
            not is_formatting or self.formatting <= MOST_FORMATTING_OPEN
        )
        if end:
            self.depth -= 1
            self.formatting -= is_formatting
        return within

    def _end_parts_of(self, name: str) -> None:
        for part in _PARTS_ENDED_BY.get(name, ()):
            self.depth -= self.open_by_name.pop(part, 0)

    def _ends_the_one_before(self, name: str) -> bool:
        kind = _KIND_OF.get(name)
        if kind is None or self.just_opened not in kind:
            return False
        return name not in _RUBY_PARTS or self.open_by_name.get("ruby", 0) > 0

    def _follow_tables(self, name: str, *, end: bool) -> None:
        open_now = self.tables[-1].name if self.tables else None
        if name == "table":  # a table ends the one open, unless it is in a cell of it
            if end or open_now in {"table", "caption"}:
                self._end_cell()
                self._end_table()
            if not end:
                self.tables.append(_Table("table"))
        elif open_now is None:
            return  # out of a table, the parser passes over its parts
        elif not end:  # each part begins after the cell or caption open, which it ends
            self._end_cell()
            if name in _CELLS:
                self.tables.append(_Table(name))
        elif name == open_now or (name == "tr" and open_now in {"td", "th"}):
            self._end_cell()

    def _end_cell(self) -> None:
        """The formatting left open in the cell or caption open, if any, ends with it."""
        if self.tables and self.tables[-1].name in _CELLS:
            for name, count in self.tables.pop().formatting.items():
                self.open_by_name[name] -= count
                self.depth -= count
                self.formatting -= count

    def _end_table(self) -> None:
        """The formatting begun between its cells stays open, where the table is."""
        if self.tables:
            for name, count in self.tables.pop().formatting.items():
                if self.tables:
                    around = self.tables[-1].formatting
                    around[name] = around.get(name, 0) + count


def within_parser_reach(html: str) -> str:
    """``html`` without the tags nested past the limits, their text kept.

    Left out: elements begun past :data:`DEEPEST` levels, and formatting elements begun
    where :data:`MOST_FORMATTING_OPEN` are open already; each with its end tag.
    """
    if html.count("<") <= DEEPEST and len(_FORMATTING_START.findall(html)) <= MOST_FORMATTING_OPEN:
        return html  # as most cards: it cannot reach either limit
    depths = _Depths()

    def kept(markup: re.Match[str]) -> str:
        name = markup["name"]
        if name is None:  # a comment, or an element holding text alone
            return markup[0]
        name = name.lower()
        if name in _FOREIGN:
            return ""
        return markup[0] if depths.keeps(name, end=bool(markup["end"])) else ""

    return _MARKUP.sub(kept, html)
