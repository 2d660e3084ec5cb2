"""The monthly report of a Dashboard: the workbook's sheets hold exactly its figures; the PDF reads back
(poppler) with those figures, its charts drawn, every font embedded, a CJK face among them, no glyph
missing and no complaint from WeasyPrint."""

import io
import logging
import re
import shutil
import subprocess

import pytest
from openpyxl import load_workbook

from plans import report
from plans.charts import month_labels, ranked
from tests.plans.pages import sample

POPPLER = ("pdftotext", "pdffonts")
needs_poppler = pytest.mark.skipif(
    not all(shutil.which(tool) for tool in POPPLER), reason="reading PDFs back needs poppler-utils"
)


@pytest.fixture(scope="module")
def workbook():
    return load_workbook(io.BytesIO(report.xlsx(sample.dashboard())), read_only=True)


def values(sheet) -> list[list]:
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_one_sheet_per_table_and_a_progress_sheet(workbook):
    assert workbook.sheetnames == ["progress", *(t.key for t in sample.TABLES)]


def test_the_progress_sheet_has_each_targets_figures_and_months(workbook):
    rows = values(workbook["progress"])
    assert rows[0][6:] == month_labels()
    assert len(rows) == 1 + len(sample.PROGRESS)
    for row, p in zip(rows[1:], sample.PROGRESS, strict=True):
        assert row == [p.label, p.scope, p.target, p.actual, p.expected, p.ahead, *p.monthly]


@pytest.mark.parametrize("table", sample.TABLES, ids=lambda t: t.key)
def test_each_tables_sheet_holds_its_rows_and_total(workbook, table):
    rows = values(workbook[table.key])
    assert rows[0] == [table.label_heading, *table.columns]
    body = [[r.label, *r.values] for r in ranked(table)]
    assert rows[1 : 1 + len(body)] == body
    if table.total:
        assert rows[-1] == ["合计", *table.total]
    else:
        assert len(rows) == 1 + len(body)


def test_figures_are_numbers_not_text(workbook):
    sheet = values(workbook["bodies_by_district"])
    assert all(isinstance(row[1], int) for row in sheet[1:])


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """(pdftotext, pdffonts rows, WeasyPrint's warnings) of the sample's PDF."""
    records = []
    handler = logging.Handler(logging.WARNING)
    handler.emit = records.append
    logger = logging.getLogger("weasyprint")
    logger.addHandler(handler)
    try:
        data = report.pdf(sample.dashboard(), month=9)
    finally:
        logger.removeHandler(handler)
    path = tmp_path_factory.mktemp("report") / "monthly.pdf"
    path.write_bytes(data)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    return text, fonts.splitlines()[2:], [r.getMessage() for r in records]


@needs_poppler
def test_the_pdf_says_what_the_dashboard_says(rendered):
    text, _fonts, _warnings = rendered
    squashed = re.sub(r"\s+", " ", text)
    assert "2026年09月月报" in squashed.replace(" ", "")
    for p in sample.PROGRESS:
        assert re.search(
            rf"{re.escape(p.label)}\s+{p.scope}\s+{p.target}\s+{p.actual}\s+{p.expected}\s+\+?{p.ahead}\b",
            squashed,
        ), p.label
    for table in sample.TABLES:
        assert table.title in squashed
        for row in table.rows:
            assert re.search(
                rf"{re.escape(row.label)}\s+" + r"\s+".join(map(str, row.values)) + r"\b", squashed
            ), row
    assert "重庆三峡技工学校" in squashed  # a college not filed yet


@needs_poppler
def test_the_pdf_embeds_a_cjk_font_and_misses_no_glyph(rendered):
    _text, fonts, warnings = rendered
    assert fonts and all(line.split()[-5] == "yes" for line in fonts), fonts
    assert any("CJK" in line.split()[0] for line in fonts), fonts
    assert [w for w in warnings if ".notdef" in w] == []
    assert warnings == []


def test_the_pdf_draws_a_chart_per_target_and_per_charted_table():
    html = report.html(sample.dashboard(), month=9)
    assert html.count('class="progress-chart"') == len(sample.PROGRESS)
    assert html.count('class="bars-chart"') == sum(1 for t in sample.TABLES if t.chart)
