"""The HTML parser's rules in tables and templates, as html5ever follows them.

Mixed into html_tree's TreeBuilder, whose rules for the body ("in body") these hand over to,
as the parser does: ``start``, ``end``, ``_start_in_body``, ``_end_in_body``, ``_template``
and ``_template_end`` are its. The mode (table, row, cell...) is always the one the innermost
table part or template open sets, so it is found from those rather than kept.
"""

from __future__ import annotations

from fibrolearn.services.html_stack import Entry, OpenElements

BODY, TABLE, TABLE_BODY, ROW, CELL, CAPTION, COLUMN_GROUP, TEMPLATE = range(8)
_TABLE_SECTIONS = frozenset({"tbody", "tfoot", "thead"})
_CELLS = frozenset({"td", "th"})
# The mode each table part sets while it is the innermost open.
_MODES = {
    "td": CELL, "th": CELL, "tr": ROW, "tbody": TABLE_BODY, "thead": TABLE_BODY,
    "tfoot": TABLE_BODY, "caption": CAPTION, "colgroup": COLUMN_GROUP, "table": TABLE,
}  # fmt: skip
# Each ends a cell or caption open, to be read again in the table.
_TABLE_PARTS_START = frozenset(
    {"caption", "col", "colgroup", "tbody", "td", "tfoot", "th", "thead", "tr"}
)
# What a table part ends, back to: the table, its section or row (or a template holding it).
_TABLE_CONTEXT = frozenset({"table", "template"})
_BODY_CONTEXT = frozenset({"tbody", "tfoot", "thead", "template"})
_ROW_CONTEXT = frozenset({"tr", "template"})
# Read by the rules of the document's head: begun and ended at once (or holding text).
_IN_HEAD = frozenset(
    {"base", "basefont", "bgsound", "link", "meta", "noframes", "script", "style", "title"}
)
# The first tag in a template sets how the rest of it is read.
_TEMPLATE_MODES = {
    "caption": TABLE, "colgroup": TABLE, "tbody": TABLE, "tfoot": TABLE, "thead": TABLE,
    "col": COLUMN_GROUP, "tr": TABLE_BODY, "td": ROW, "th": ROW,
}  # fmt: skip
_NOT_ON_STACK = -2.0  # the key of a form the parser points to but never held open
# End tags passed over in a table.
_IGNORED_END_IN_TABLE = frozenset(
    {"body", "caption", "col", "colgroup", "html", "tbody", "td", "tfoot", "th", "thead", "tr"}
)


class TableRules(OpenElements):
    """The parser's insertion modes for tables and templates, and which one is in force."""

    def __init__(self) -> None:
        super().__init__()
        self.template_modes: list[int] = []

    def mode(self) -> int:
        """The insertion mode: set by the innermost table part or template open."""
        modal = self.kinds["modal"]
        if not modal:
            return BODY
        name = self.name_of[modal[-1]]
        return self.template_modes[-1] if name == "template" else _MODES[name]

    def _start_in_table(self, name: str, attributes: object, alike: list[Entry]) -> None:
        if name in ("caption", "colgroup") or name in _TABLE_SECTIONS:
            self._clear_back_to(_TABLE_CONTEXT)
            if name == "caption":
                self._mark()
            self._push(name)
        elif name == "col":
            self._clear_back_to(_TABLE_CONTEXT)
            self._push("colgroup")  # (and the <col> in it, ended at once)
        elif name in ("td", "th", "tr"):
            self._clear_back_to(_TABLE_CONTEXT)
            self._push("tbody")
            self._start_in_table_body(name, attributes, alike)
        elif name == "table":
            key = self._in_table_scope("table")
            if key is not None:
                self._pop_until(key)
                self.start(name, attributes)
        elif name == "template":
            self._template(name)
        elif name == "form":
            if self.form is None and not self.kinds["template"]:
                self.form = _NOT_ON_STACK
        elif name not in ("style", "script"):
            self._start_in_body(name, attributes, alike)  # put before the table

    def _start_in_table_body(self, name: str, attributes: object, alike: list[Entry]) -> None:
        if name in ("tr", "td", "th"):
            self._clear_back_to(_BODY_CONTEXT)
            self._push("tr")
            if name != "tr":
                self._start_in_row(name, attributes, alike)
        elif name in ("caption", "col", "colgroup") or name in _TABLE_SECTIONS:
            if self._in_table_scope("table", "tbody", "tfoot") is not None:
                self._clear_back_to(_BODY_CONTEXT)
                self._pop()
                self.start(name, attributes, alike=alike)
        else:
            self._start_in_table(name, attributes, alike)

    def _start_in_row(self, name: str, attributes: object, alike: list[Entry]) -> None:
        if name in _CELLS:
            self._clear_back_to(_ROW_CONTEXT)
            self._push(name)
            self._mark()
        elif name in _TABLE_PARTS_START:
            if self._in_table_scope("tr") is not None:
                self._clear_back_to(_ROW_CONTEXT)
                self._pop()
                self.start(name, attributes, alike=alike)
        else:
            self._start_in_table(name, attributes, alike)

    def _start_in_cell(self, name: str, attributes: object, alike: list[Entry]) -> None:
        if name in _TABLE_PARTS_START:
            if self._in_table_scope("td", "th") is not None:
                self._close_cell()
                self.start(name, attributes, alike=alike)
        else:
            self._start_in_body(name, attributes, alike)

    def _close_cell(self) -> None:
        self._end_implied()
        self._pop_until(max(self._innermost("td"), self._innermost("th")))
        self._clear_to_marker()

    def _start_in_caption(self, name: str, attributes: object, alike: list[Entry]) -> None:
        if name in _TABLE_PARTS_START:
            if self._close_caption():
                self.start(name, attributes, alike=alike)
        else:
            self._start_in_body(name, attributes, alike)

    def _close_caption(self) -> bool:
        key = self._in_table_scope("caption")
        if key is not None:
            self._end_implied()
            self._pop_until(key)
            self._clear_to_marker()
        return key is not None

    def _start_in_column_group(self, name: str, attributes: object, alike: list[Entry]) -> None:
        if name == "template":
            self._template(name)
        elif name not in ("col", "html") and self.current() == "colgroup":
            self._pop()
            self.start(name, attributes, alike=alike)

    def _start_in_template(self, name: str, attributes: object, alike: list[Entry]) -> None:
        if name == "template":
            self._template(name)
        elif name not in _IN_HEAD:
            self.template_modes[-1] = _TEMPLATE_MODES.get(name, BODY)
            self.start(name, attributes, alike=alike)

    # End tags.

    def _end_in_table(self, name: str) -> None:
        if name == "table":
            key = self._in_table_scope("table")
            if key is not None:
                self._pop_until(key)
        elif name == "template":
            self._template_end(name)
        elif name not in _IGNORED_END_IN_TABLE:
            self._end_in_body(name)

    def _end_in_table_body(self, name: str) -> None:
        if name in _TABLE_SECTIONS:
            if self._in_table_scope(name) is not None:
                self._clear_back_to(_BODY_CONTEXT)
                self._pop()
        elif name == "table":
            if self._in_table_scope("table", "tbody", "tfoot") is not None:
                self._clear_back_to(_BODY_CONTEXT)
                self._pop()
                self.end(name)
        elif name not in ("td", "th", "tr"):
            self._end_in_table(name)

    def _end_in_row(self, name: str) -> None:
        ends_row = name in ("tr", "table") or name in _TABLE_SECTIONS
        if ends_row and (name in ("tr", "table") or self._in_table_scope(name) is not None):
            if self._in_table_scope("tr") is not None:
                self._clear_back_to(_ROW_CONTEXT)
                self._pop()
                if name != "tr":
                    self.end(name)
        elif name not in ("td", "th"):
            self._end_in_table(name)

    def _end_in_cell(self, name: str) -> None:
        if name in _CELLS:
            key = self._in_table_scope(name)
            if key is not None:
                self._end_implied()
                self._pop_until(key)
                self._clear_to_marker()
        elif name in ("table", "tr") or name in _TABLE_SECTIONS:
            if self._in_table_scope(name) is not None:
                self._close_cell()
                self.end(name)
        elif name not in ("body", "caption", "col", "colgroup", "html"):
            self._end_in_body(name)

    def _end_in_caption(self, name: str) -> None:
        if name in ("caption", "table"):
            if self._close_caption() and name == "table":
                self.end(name)
        elif name not in _IGNORED_END_IN_TABLE:
            self._end_in_body(name)

    def _end_in_column_group(self, name: str) -> None:
        if name == "template":
            self._template_end(name)
        elif name != "col" and self.current() == "colgroup":
            self._pop()
            if name != "colgroup":
                self.end(name)

    def _end_in_template(self, name: str) -> None:
        if name == "template":
            self._template_end(name)


# The rules of each mode but the body's, by mode.
START_IN = {
    TABLE: TableRules._start_in_table,
    TABLE_BODY: TableRules._start_in_table_body,
    ROW: TableRules._start_in_row,
    CELL: TableRules._start_in_cell,
    CAPTION: TableRules._start_in_caption,
    COLUMN_GROUP: TableRules._start_in_column_group,
    TEMPLATE: TableRules._start_in_template,
}
END_IN = {
    TABLE: TableRules._end_in_table,
    TABLE_BODY: TableRules._end_in_table_body,
    ROW: TableRules._end_in_row,
    CELL: TableRules._end_in_cell,
    CAPTION: TableRules._end_in_caption,
    COLUMN_GROUP: TableRules._end_in_column_group,
    TEMPLATE: TableRules._end_in_template,
}
