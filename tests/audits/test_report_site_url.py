"""The address a report prints (link and QR code) is DJANGO_SITE_URL when set, else the host the report
was downloaded from; a command, with no request, prints SITE_URL_WITHOUT_REQUEST."""

import shutil
import subprocess

import pytest
from django.test import RequestFactory
from django.urls import reverse

from audits.reports.issue import current_report
from audits.reports.pdf import render_html, site_url
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def report():
    return current_report(factories.inspection_in("reviewed", findings=("minor",)))


def test_without_the_setting_the_request_host_is_printed(settings, report):
    settings.SITE_URL = ""
    settings.ALLOWED_HOSTS = ["jianding.cq.example"]
    request = RequestFactory().get("/", HTTP_HOST="jianding.cq.example", secure=True)
    html = render_html(report, request)
    assert f"https://jianding.cq.example/reports/verify/{report.code}/" in html
    assert "127.0.0.1:8000" not in html


def test_the_setting_wins_over_the_request(settings, report):
    settings.SITE_URL = "https://rs.cq.gov.example"
    request = RequestFactory().get("/", HTTP_HOST="testserver")
    assert site_url(request) == "https://rs.cq.gov.example"
    assert f"https://rs.cq.gov.example/reports/verify/{report.code}/" in render_html(report, request)


def test_without_a_request_the_default_is_printed(settings):
    settings.SITE_URL = ""
    settings.SITE_URL_WITHOUT_REQUEST = "http://127.0.0.1:8000/"
    assert site_url() == "http://127.0.0.1:8000"


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="reading the PDF back needs poppler-utils")
def test_the_downloaded_pdf_prints_the_host_it_came_from(settings, report, client, tmp_path):
    settings.SITE_URL = ""
    settings.ALLOWED_HOSTS = ["kaohe.cq.example"]
    client.force_login(factories.centre_officer())
    response = client.get(reverse("audits:report_pdf", args=[report.pk]), HTTP_HOST="kaohe.cq.example")
    assert response.status_code == 200
    path = tmp_path / "report.pdf"
    path.write_bytes(response.content)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "kaohe.cq.example" in "".join(text.split())
