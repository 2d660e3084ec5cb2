"""The blank roster a body downloads from the upload page: the headers the import reads, from COLUMNS,
so the template, the page's instructions and the error messages name the columns the same way."""

from django.utils.translation import gettext_lazy as _

from certificates.rosters.columns import COLUMNS, Needed
from common import tables

# When a column needs a value, as the upload page explains it beside the column's header.
NEEDED_WORDS = {
    Needed.ALWAYS: _("every row"),
    Needed.PASSERS: _("rows of candidates who passed (with a certificate number)"),
    Needed.HIGH_LEVELS: _("levels 2 and 1 (technician, senior technician) and above"),
    Needed.NEVER: _("candidates who passed; empty for those who did not"),
    Needed.OPTIONAL: _(
        "职业资格, 职业技能等级认定 or 专项职业能力; empty (or no such column) means 职业技能等级认定"
    ),
}


def template_file(fmt: str) -> tuple[bytes, str]:
    """(content, file name) of a blank roster with the Chinese headers, as CSV or XLSX."""
    frame = tables.as_frame([], [c.zh for c in COLUMNS])
    return tables.table_bytes(frame, fmt=fmt, title="成绩名册"), f"roster-template.{fmt}"


def column_guide() -> list[tuple[str, str]]:
    """(header, which rows need a value) of every column, in the template's order."""
    return [(c.zh, NEEDED_WORDS[c.needed]) for c in COLUMNS]
