"""Render an issued report to PDF with WeasyPrint (common.pdf): A4, an embedded CJK font, page N of M,
a QR code."""

import base64
from pathlib import Path

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from audits.models import Evidence, Report, ReportKind
from audits.reports.content import REPORT_LANGUAGE
from common.pdf import html_to_pdf

STYLESHEET = Path(__file__).with_name("report.css")
TEMPLATES = {
    ReportKind.INSPECTION: "audits/reports/inspection.html",
    ReportKind.EVALUATION: "audits/reports/evaluation.html",
}


def site_url(request=None) -> str:
    """The address reports print: DJANGO_SITE_URL, else the host the request came to, else (commands)
    SITE_URL_WITHOUT_REQUEST."""
    if settings.SITE_URL:
        return settings.SITE_URL
    if request is not None:
        return request.build_absolute_uri("/").rstrip("/")
    return settings.SITE_URL_WITHOUT_REQUEST.rstrip("/")


def verification_url(report: Report, request=None) -> str:
    return site_url(request) + reverse("reports_verify", args=[report.code])


def _qr_data_uri(url: str) -> str:
    return segno.make(url, error="m").svg_data_uri(scale=4, border=0, dark="#000")


def _thumbnails(content: dict) -> dict[int, str]:
    """Evidence id -> data URI of its thumbnail, for the photos the frozen content names."""
    ids = [
        e["id"] for f in content.get("findings", []) for e in f["evidence"] if e["type"].startswith("image/")
    ]
    uris = {}
    for evidence in Evidence.objects.filter(pk__in=ids).exclude(thumbnail=""):
        try:
            with evidence.thumbnail.open("rb") as fh:
                uris[evidence.pk] = "data:image/jpeg;base64," + base64.b64encode(fh.read()).decode()
        except FileNotFoundError:
            continue
    return uris


def _with_thumbnails(content: dict) -> list[dict]:
    uris = _thumbnails(content)
    return [
        {**f, "evidence": [{**e, "uri": uris.get(e["id"])} for e in f["evidence"]]}
        for f in content.get("findings", [])
    ]


def render_html(report: Report, request=None) -> str:
    url = verification_url(report, request)
    with translation.override(REPORT_LANGUAGE):
        return render_to_string(
            TEMPLATES[report.kind],
            {
                "report": report,
                "c": report.content,
                "findings": _with_thumbnails(report.content),
                "qr": _qr_data_uri(url),
                "verify_url": url,
            },
        )


def render_pdf(report: Report, request=None) -> bytes:
    """The report as PDF; `request` (a download) gives the printed address its host when
    DJANGO_SITE_URL is unset."""
    return html_to_pdf(render_html(report, request), stylesheet=STYLESHEET)


def filename(report: Report) -> str:
    return f"{report.number}-r{report.revision}.pdf"
