"""Issued reports as PDFs, read back with poppler: Chinese text in embedded CJK fonts (a bold face too),
no missing glyphs, 第 N 页 / 共 M 页 on every page, and the SHA-256 printed in the PDF is the one the
public verification page shows for the report's code.
"""

import datetime
import html
import logging
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from audits.models import Report
from audits.reports.issue import content_hash, current_report
from audits.reports.pdf import render_pdf
from tests import factories

POPPLER = ("pdftotext", "pdffonts", "pdfinfo", "pdfimages")

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        not all(shutil.which(tool) for tool in POPPLER) and not os.environ.get("CI"),
        reason="reading PDFs back needs poppler-utils (pdftotext, pdffonts, pdfinfo, pdfimages)",
    ),
]

# Weighted total 82.0 (合格) with the default weights.
SCORES = {
    "organisation": 80,
    "systems": 90,
    "technical_support": 70,
    "basic_conditions": 100,
    "staff": 60,
    "quality_management": 85,
}
FOOTER = re.compile(r"第\s*(\d+)\s*页\s*/\s*共\s*(\d+)\s*页")
PRINTED_HASH = re.compile(r"内容哈希（SHA-256）[:：]([0-9a-f]{64})")


# --- helpers ----------------------------------------------------------------------------------------


def graded_evaluation(*, scores: dict | None = None):
    """A body's evaluation taken through the services to graded (scored and graded by two officers)."""
    from audits.services.evaluations import (
        grade_evaluation,
        record_scores,
        schedule_evaluations,
        submit_self_assessment,
    )
    from registry.models import AssessmentBody

    body = factories.filed_body()
    admin = body.applications.order_by("pk").first().applicant
    scorer, grader = factories.centre_officer(), factories.centre_officer()
    (evaluation,) = schedule_evaluations(
        user=scorer,
        year=timezone.localdate().year,
        due_on=timezone.localdate() + datetime.timedelta(days=30),
        bodies=AssessmentBody.objects.filter(pk=body.pk),
    )
    submit_self_assessment(evaluation=evaluation, user=admin, text="本机构考务制度健全，全年未发生违规事件。")
    record_scores(evaluation=evaluation, user=scorer, scores=scores or SCORES, experts="张明、李华、王芳")
    return grade_evaluation(evaluation=evaluation, user=grader)


def squash(text: str) -> str:
    """Text without whitespace: pdftotext breaks lines where the PDF wraps and may drop spaces."""
    return re.sub(r"\s+", "", text)


def run(*command: str) -> str:
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


@dataclass
class Rendered:
    report: Report
    path: Path
    text: str  # pdftotext, pages separated by form feeds
    pages: int  # pdfinfo
    fonts: list[dict]  # pdffonts rows: name, emb
    images: int  # pdfimages -list rows
    warnings: list[logging.LogRecord]  # WeasyPrint's log records at WARNING and above

    @property
    def page_texts(self) -> list[str]:
        return [page for page in self.text.split("\f") if page.strip()]


def render(report: Report, tmp_path: Path, caplog) -> Rendered:
    caplog.set_level(logging.WARNING, logger="weasyprint")  # weasyprint.LOGGER and its children
    caplog.clear()
    path = tmp_path / f"{report.number}-r{report.revision}.pdf"
    path.write_bytes(render_pdf(report))
    warnings = [
        r
        for r in caplog.records
        if (r.name == "weasyprint" or r.name.startswith("weasyprint.")) and r.levelno >= logging.WARNING
    ]
    fonts = []
    for line in run("pdffonts", str(path)).splitlines()[2:]:  # below the header and its rule
        cells = line.split()  # the type column has spaces: count emb from the right
        fonts.append({"name": cells[0], "emb": cells[-5]})
    return Rendered(
        report=report,
        path=path,
        text=run("pdftotext", str(path), "-"),
        pages=int(re.search(r"^Pages:\s+(\d+)$", run("pdfinfo", str(path)), re.M)[1]),
        fonts=fonts,
        images=len(run("pdfimages", "-list", str(path)).splitlines()[2:]),
        warnings=warnings,
    )


def verification_page(client, code: str):
    return client.get(reverse("reports_verify", args=[code]))


def shown(response, element_id: str) -> str:
    """The text of the element with this id on the verification page."""
    match = re.search(rf'id="{element_id}"[^>]*>(.*?)</dd>', response.content.decode(), re.S)
    assert match, f"#{element_id} is not on the page"
    return html.unescape(re.sub(r"<[^>]+>", "", match[1])).strip()


# --- fixtures ---------------------------------------------------------------------------------------


@pytest.fixture
def officer():
    return factories.centre_officer()


@pytest.fixture
def inspection(officer):
    """Reviewed, with one major finding photographed (so a rectification order too)."""
    return factories.inspection_in("reviewed", findings=("major",), officer=officer)


@pytest.fixture
def inspection_pdf(inspection, tmp_path, caplog) -> Rendered:
    return render(current_report(inspection), tmp_path, caplog)


@pytest.fixture
def evaluation_pdf(tmp_path, caplog) -> Rendered:
    return render(current_report(graded_evaluation()), tmp_path, caplog)


@pytest.fixture(params=["inspection", "evaluation"])
def rendered(request) -> Rendered:
    return request.getfixturevalue(f"{request.param}_pdf")


# --- the PDF ----------------------------------------------------------------------------------------


def test_inspection_report_reads_in_chinese_with_its_finding_and_photo(inspection, inspection_pdf):
    text = squash(inspection_pdf.text)
    finding = inspection.findings.get()
    assert "督导检查报告" in text
    assert squash(inspection.body.name) in text
    assert squash(finding.description) in text
    assert inspection.orders.get().number in text  # the major finding's rectification order
    assert f"报告编号{inspection.number}" in text
    assert finding.evidence.get().is_image and inspection_pdf.images == 1  # its thumbnail, embedded


def test_evaluation_report_reads_in_chinese_with_scores_and_total(evaluation_pdf):
    evaluation = evaluation_pdf.report.evaluation
    text = squash(evaluation_pdf.text)
    assert f"{evaluation.year}年度评估报告" in text
    assert squash(evaluation.body.name) in text
    assert "本机构考务制度健全" in text and "张明、李华、王芳" in text
    assert "82.0" in text


def test_every_font_is_embedded_and_a_bold_cjk_face_is_used(rendered):
    assert rendered.fonts, "pdffonts lists no fonts"
    assert [f for f in rendered.fonts if f["emb"] != "yes"] == []
    names = [f["name"] for f in rendered.fonts]
    assert any("CJK" in name and "Bold" in name for name in names), names
    assert any("CJK" in name and "Bold" not in name for name in names), names


def test_no_glyph_is_missing(rendered):
    assert [r.getMessage() for r in rendered.warnings if ".notdef" in r.getMessage()] == []
    assert [r.getMessage() for r in rendered.warnings] == []  # nor any other complaint


def test_every_page_has_the_number_and_page_n_of_m(rendered):
    pages = rendered.page_texts
    assert len(pages) == rendered.pages
    for n, page in enumerate(pages, start=1):
        assert FOOTER.search(page), f"no footer on page {n}"
        assert tuple(map(int, FOOTER.search(page).groups())) == (n, rendered.pages)
        assert rendered.report.number in page  # the running header


def test_inspection_report_runs_over_pages(inspection_pdf):
    assert inspection_pdf.pages >= 2  # so the footer test above checks a real N of M


# --- the verification page --------------------------------------------------------------------------


def test_verification_page_confirms_what_the_pdf_prints(rendered, client):
    report = rendered.report
    printed = PRINTED_HASH.findall(squash(rendered.text))
    assert len(printed) == 1, "the PDF prints its content hash once"
    response = verification_page(client, report.code)
    assert response.status_code == 200
    assert shown(response, "report-hash") == printed[0] == report.content_sha256
    assert content_hash(report.content) == report.content_sha256
    assert shown(response, "report-number") == report.number
    assert shown(response, "report-subject") == report.subject
    assert shown(response, "report-date") == report.issued_on.strftime("%Y-%m-%d")
    text = squash(rendered.text)
    assert report.number in text and report.code in text
    assert f"签发日期：{report.issued_on:%Y-%m-%d}" in text
    assert gettext("This report was issued by the centre, and its record is intact.") in html.unescape(
        response.content.decode()
    )


def test_tampered_content_no_longer_matches(inspection, client):
    report = current_report(inspection)
    Report.objects.filter(pk=report.pk).update(
        content={**report.content, "summary": "一切合格，未发现问题。"}
    )
    page = html.unescape(verification_page(client, report.code).content.decode())
    assert gettext("The stored record of this report no longer matches its hash. Contact the centre.") in page
    assert gettext("This report was issued by the centre, and its record is intact.") not in page


def test_unknown_code_is_404_with_a_message(client):
    response = verification_page(client, "ZZZZZZZZZZ")
    assert response.status_code == 404
    assert gettext("No report has this verification code. Check the code, or contact the centre.") in (
        html.unescape(response.content.decode())
    )


# --- the download -----------------------------------------------------------------------------------


def test_pdf_download_is_for_those_who_may_see_the_report(inspection, officer, client):
    report = current_report(inspection)
    url = reverse("audits:report_pdf", args=[report.pk])

    client.force_login(officer)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")

    stranger = factories.filed_body().applications.order_by("pk").first().applicant
    client.force_login(stranger)
    assert client.get(url).status_code == 404
