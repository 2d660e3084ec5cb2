"""Headers as each import declares them (Chinese and English names and aliases) and finding them in a file."""

import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from common.tables.problems import RowError


@dataclass(frozen=True)
class Heading:
    """One column an import reads: its field, the Chinese and English headers and other names seen in
    practice. A `required` header must be present (a value may still be optional)."""

    field: str
    zh: str
    en: str
    aliases: tuple[str, ...] = ()
    required: bool = True

    @property
    def names(self) -> tuple[str, ...]:
        return (self.zh, self.en, *self.aliases)


def header_key(text: str) -> str:
    """How a header is matched: case, surrounding spaces and space/hyphen/underscore differences ignored."""
    return re.sub(r"[\s\-_]+", "_", str(text).strip().lower())


class Headings:
    """An import's columns, in the order its problems are listed, with every name mapped to its field."""

    def __init__(self, columns: Iterable):
        self.columns = tuple(columns)
        self.fields = [c.field for c in self.columns]
        self.by_key: dict[str, str] = {}
        for column in self.columns:
            for name in column.names:
                key = header_key(name)
                if self.by_key.setdefault(key, column.field) != column.field:
                    raise ValueError(f"header {name!r} names both {self.by_key[key]} and {column.field}")

    def field_of(self, header) -> str | None:
        return self.by_key.get(header_key(header))


def map_headers(
    headers: list[str], headings: Headings
) -> tuple[dict[str, int], dict[str, str], list[RowError]]:
    """Each field's column position and its header as written (or, when absent, as the file's language
    would write it); other columns are ignored. Repeats and missing required headers are problems at row 1."""
    positions: dict[str, int] = {}
    written: dict[str, str] = {}
    errors: list[RowError] = []
    english = False
    for position, raw in enumerate(headers):
        text = str(raw).strip()
        name = headings.field_of(text)
        if name is None:
            continue
        if name in positions:
            message = (
                _("This column appears twice.")
                if header_key(text) == header_key(written[name])
                else _("This column repeats %(column)s.") % {"column": written[name]}
            )
            errors.append(RowError(1, text, text, message))
            continue
        english = english or text.isascii()
        positions[name] = position
        written[name] = text
    for column in headings.columns:
        if column.field not in written:
            written[column.field] = column.en if english else column.zh
            if column.required:
                errors.append(missing_column(written[column.field]))
    return positions, written, errors


def missing_column(header: str) -> RowError:
    return RowError(1, header, "", _("The required column %(column)s is missing.") % {"column": header})
