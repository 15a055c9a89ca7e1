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
# Each of these ends an element it names if that is the innermost open (the parser's current
# node): an item the item, a heading the heading... Else they pile up (<li><h1><li><h1>...).
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
        # The items, headings, lists... open, each with its depth, deepest last: levels rising.
        self.kinds: list[tuple[str, int]] = []
        self.tables: list[_Table] = []  # each table open, and above it the cell open in it

    def keeps(self, name: str, *, end: bool) -> bool:
        """Whether the tag ``<name>`` (``</name>`` with ``end``) stays; counts it."""
        if name == "table" or name in _TABLE_PARTS:
            self._follow_tables(name, end=end)
        if name in _NOT_COUNTED:
            return True
        if not end:
            self._end_before(name)
            if name == "a":
                self._end_link()
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
            if name in _ENDS or name in _PARTS:
                self.kinds.append((name, self.depth))
        if in_table is not None:
            in_table[name] = in_table.get(name, 0) + (-1 if end else 1)
        # An end tag is judged by the depths its element began at: kept or left out with it.
        within = self.depth <= DEEPEST and (
            not is_formatting or self.formatting <= MOST_FORMATTING_OPEN
        )
        if end:
            self._forget(name)
            self.depth -= 1
            self.formatting -= is_formatting
            self._forget_deeper()
        return within

    def _end_before(self, name: str) -> None:
        """End the items, headings... that the start tag ``<name>`` ends."""
        ends = _ENDS.get(name, ())
        while self.kinds and self.kinds[-1][1] == self.depth and self.kinds[-1][0] in ends:
            if name in _RUBY_PARTS and not self._in_ruby():
                return
            self._end_top_kind()
            if name not in _RUBY_PARTS:
                return

    def _end_link(self) -> None:
        """A link ends the link still open before it, as the parser nests no link in a link."""
        begun_here = self.tables[-1].formatting if self.tables else self.open_by_name
        if begun_here.get("a"):
            begun_here["a"] -= 1
            if begun_here is not self.open_by_name:
                self.open_by_name["a"] -= 1
            self.depth -= 1
            self.formatting -= 1
            self._forget_deeper()

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
            while len(self.kinds) > first:
                self._end_top_kind()

    def _end_top_kind(self) -> None:
        self.open_by_name[self.kinds.pop()[0]] -= 1
        self.depth -= 1

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
            self._forget_deeper()

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
