"""生成月报 from the dashboard: a job makes the report, its page links to the downloads; the files go to
centre officers and the bureau, and to a district officer for its own district's reports only."""

import datetime
import io

import pytest
import time_machine
from django.utils import timezone
from openpyxl import load_workbook

from accounts.roles import Role
from jobs.models import Job
from plans.models import MonthlyReport
from registry.models import District
from tests import factories
from tests.plans.pages import sample

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
LAST_YEAR = sample.YEAR - 1  # a plan year whose months have all begun, whatever day the tests run


@pytest.fixture
def people():
    bureau = factories.user_with_role(Role.BUREAU_ADMIN, username="bureau")
    return {
        "centre": factories.centre_officer(),
        "bureau": bureau,
        "yuzhong": factories.district_officer(factories.YUZHONG),
        "jiulongpo": factories.district_officer(factories.JIULONGPO),
        "body": factories.body_admin(),
    }


def generate(client, user, **data):
    client.force_login(user)
    return client.post("/dashboard/reports/generate/", {"year": LAST_YEAR, "month": 6, **data})


def test_the_centre_makes_the_citywide_report_through_a_job(client, people, built):
    response = generate(client, people["centre"])
    job = Job.objects.get(kind="monthly_report")
    assert response.status_code == 302 and response.url == f"/jobs/{job.pk}/"
    assert job.status == "done", job.error
    made = MonthlyReport.objects.get()
    assert (made.year, made.month, made.as_of, made.district, made.created_by, made.job) == (
        LAST_YEAR,
        6,
        datetime.date(LAST_YEAR, 6, 30),
        None,
        people["centre"],
        job,
    )
    assert built[-1] == {"year": LAST_YEAR, "as_of": datetime.date(LAST_YEAR, 6, 30), "district": None}
    assert job.result_url == f"/dashboard/reports/#report-{made.pk}"
    page = client.get(job.result_url).content.decode()
    assert f'id="report-{made.pk}"' in page and f"/dashboard/reports/{made.pk}/xlsx/" in page

    workbook = client.get(f"/dashboard/reports/{made.pk}/xlsx/")
    assert workbook.status_code == 200 and workbook["Content-Type"].startswith("application/vnd.openxml")
    sheets = load_workbook(io.BytesIO(b"".join(workbook.streaming_content)), read_only=True)
    assert sheets.sheetnames == ["progress", *(t.key for t in sample.TABLES)]
    pdf = client.get(f"/dashboard/reports/{made.pk}/pdf/")
    assert pdf.status_code == 200 and b"".join(pdf.streaming_content).startswith(b"%PDF")
    assert "attachment" in pdf["Content-Disposition"]


def test_the_centre_may_make_a_districts_report(client, people, built):
    generate(client, people["centre"], district="500106")
    assert MonthlyReport.objects.get().district.name == "沙坪坝区"


def test_a_district_officers_report_is_of_its_own_district_whatever_it_posts(client, people, built):
    generate(client, people["yuzhong"], district=factories.JIULONGPO)
    assert MonthlyReport.objects.get().district.code == factories.YUZHONG
    assert built[-1]["district"].code == factories.YUZHONG


def test_a_month_under_way_is_reported_as_of_today(client, people, built):
    with time_machine.travel(datetime.datetime(2026, 9, 15, 10, tzinfo=datetime.UTC), tick=False):
        generate(client, people["centre"], year=2026, month=9)
    made = MonthlyReport.objects.get()
    assert made.as_of == datetime.date(2026, 9, 15) and not made.complete


def test_a_month_not_begun_is_refused(client, people, built):
    next_year = TODAY.year + 1
    from plans.models import Plan

    Plan.objects.get_or_create(year=next_year, defaults={"name": "下一年度"})
    response = generate(client, people["centre"], year=next_year, month=1)
    assert response.status_code == 302 and response.url == "/dashboard/"
    assert not Job.objects.exists() and not MonthlyReport.objects.exists()
    messages = [str(m) for m in response.wsgi_request._messages]
    assert "该月份尚未开始。" in messages


def test_a_job_naming_another_district_fails_and_makes_nothing(people, built):
    from jobs import services

    job = services.start(
        kind="monthly_report",
        owner=people["yuzhong"],
        params={"year": LAST_YEAR, "month": 6, "district": factories.JIULONGPO},
    )
    assert job.status == "failed" and not MonthlyReport.objects.exists()


def test_reports_are_downloaded_by_those_who_may_see_their_scope(client, people, built):
    city = generate(client, people["centre"]) and MonthlyReport.objects.get()
    generate(client, people["yuzhong"])
    district = MonthlyReport.objects.exclude(pk=city.pk).get()
    expected = {
        "centre": (200, 200),
        "bureau": (200, 200),
        "yuzhong": (404, 200),
        "jiulongpo": (404, 404),
        "body": (403, 403),
    }
    for name, (for_city, for_district) in expected.items():
        client.force_login(people[name])
        for made, status in ((city, for_city), (district, for_district)):
            for fmt in ("xlsx", "pdf"):
                assert client.get(f"/dashboard/reports/{made.pk}/{fmt}/").status_code == status, (
                    name,
                    made,
                    fmt,
                )
    client.logout()
    response = client.get(f"/dashboard/reports/{city.pk}/pdf/")
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")


def test_the_report_list_shows_each_reader_its_scope(client, people, built):
    generate(client, people["centre"])
    generate(client, people["yuzhong"])
    city, district = MonthlyReport.objects.order_by("pk")
    client.force_login(people["jiulongpo"])
    page = client.get("/dashboard/reports/").content.decode()
    assert f"report-{city.pk}" not in page and f"report-{district.pk}" not in page
    client.force_login(people["yuzhong"])
    page = client.get("/dashboard/reports/").content.decode()
    assert f"report-{district.pk}" in page and f"report-{city.pk}" not in page
    client.force_login(people["bureau"])
    page = client.get("/dashboard/reports/").content.decode()
    assert f"report-{district.pk}" in page and f"report-{city.pk}" in page


def test_the_dashboard_links_the_latest_reports_of_its_scope(client, people, built):
    generate(client, people["centre"])
    made = MonthlyReport.objects.get()
    client.force_login(people["centre"])
    page = client.get("/dashboard/", {"year": LAST_YEAR}).content.decode()
    assert f"/dashboard/reports/{made.pk}/pdf/" in page and 'action="/dashboard/reports/generate/"' in page
    page = client.get("/dashboard/", {"year": LAST_YEAR, "district": "500103"}).content.decode()
    assert f"/dashboard/reports/{made.pk}/pdf/" not in page  # a district's page lists its own reports
    assert District.objects.filter(code="500103").exists()
