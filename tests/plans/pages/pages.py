"""Reading a plan page back (stdlib html.parser): its figure tables, its JSON islands, its progress cards."""

import json
from html.parser import HTMLParser


class PageReader(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tables: dict[
            str, dict
        ] = {}  # data-table key -> {"head": [...], "body": [[...]], "foot": [[...]]}
        self.islands: dict[str, object] = {}  # json_script id -> parsed JSON
        self.figures: dict[str, dict[str, str]] = {}  # progress card id -> {data-figure: text}
        self.charts: list[dict[str, str]] = []  # attributes of every [data-chart] element
        self._table = self._part = self._row = self._cell = None
        self._script = None
        self._card = None
        self._figure = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "data-chart" in a:
            self.charts.append(a)
        if tag == "article" and "progress-card" in a.get("class", ""):
            self._card = a["id"]
            self.figures[self._card] = {}
        if "data-figure" in a and self._card:
            self._figure, self._text = a["data-figure"], []
        if tag == "script" and a.get("type") == "application/json":
            self._script, self._text = a["id"], []
        if tag == "table" and "data-table" in a:
            self._table = self.tables.setdefault(a["data-table"], {"head": [], "body": [], "foot": []})
        if self._table is not None:
            if tag in ("thead", "tbody", "tfoot"):
                self._part = {"thead": "head", "tbody": "body", "tfoot": "foot"}[tag]
            elif tag == "tr":
                self._row = []
            elif tag in ("th", "td"):
                self._cell, self._text = True, []

    def handle_endtag(self, tag):
        if self._figure and tag in ("span", "strong"):
            self.figures[self._card][self._figure] = "".join(self._text).strip()
            self._figure = None
        if tag == "article":
            self._card = None
        if tag == "script" and self._script:
            self.islands[self._script] = json.loads("".join(self._text))
            self._script = None
        if self._table is not None:
            if tag in ("th", "td") and self._cell:
                self._row.append("".join(self._text).strip())
                self._cell = None
            elif tag == "tr":
                self._table[self._part].append(self._row)
            elif tag == "table":
                self._table = None

    def handle_data(self, data):
        if self._figure or self._script or self._cell:
            self._text.append(data)


def read(response) -> PageReader:
    reader = PageReader()
    reader.feed(response.content.decode())
    return reader
