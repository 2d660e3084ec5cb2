"""The credential-audit pages driven through the test client: a body uploads, the centre decides."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from certificates.models import AuditCase, Result, Roster
from jobs.models import Job
from registry.identifiers import resident_id
from registry.services import LineRequest
from tests import factories as f

pytestmark = pytest.mark.django_db

HEADERS = [
    "证书编号",
    "姓名",
    "证件号码",
    "职业编码",
    "等级",
    "理论成绩",
    "技能成绩",
    "考核日期",
    "发证日期",
    "考评员",
    "评价机构代码",
]


def roster_csv(body, examiner_no: str, *, rows: int = 3, failing_certified: int = 1) -> bytes:
    exam = timezone.localdate() - datetime.timedelta(days=3)
    issue = timezone.localdate() - datetime.timedelta(days=1)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADERS)
    for n in range(rows):
        theory = 45 if n < failing_certified else 80
        number = f.certificate_no(body, year=issue.year, level=4, serial=n + 1)
        born = f"1990{1 + n % 9:02d}15"
        writer.writerow(
            [
                number,
                f"考生{n}",
                resident_id(n, born=born),
                "6-31-01-03",
                "四级",
                theory,
                88,
                exam,
                issue,
                examiner_no,
                body.filing_no,
            ]
        )
    return out.getvalue().encode("utf-8")


def test_a_body_uploads_a_roster_and_the_centre_confirms_the_case(client):
    body = f.filed_body(lines=[LineRequest("6-31-01-03", 4)])
    admin = body.applications.first().applicant
    examiner = f.certification(role="examiner", grade="senior_examiner")
    centre = f.centre_officer()

    client.force_login(admin)
    assert client.get(reverse("certificates:roster_upload")).status_code == 200
    upload = io.BytesIO(roster_csv(body, examiner.certificate_no))
    upload.name = "roster.csv"
    response = client.post(reverse("certificates:roster_upload"), {"file": upload})
    roster = Roster.objects.get()
    # The upload is a job (run at once by the tests' immediate backend); its page links to the hits.
    job = Job.objects.get()
    assert response.status_code == 302 and response.url == job.get_absolute_url()
    assert (job.status, job.result_url) == ("done", roster.get_absolute_url())
    assert roster.get_absolute_url() in client.get(response.url).content.decode()
    assert Result.objects.count() == 3
    page = client.get(roster.get_absolute_url()).content.decode()
    assert "SCORE_FAIL_CERTIFIED" in page
    assert client.get(reverse("certificates:roster_list")).status_code == 200

    client.force_login(centre)
    findings = client.get(reverse("certificates:findings")).content.decode()
    assert "SCORE_FAIL_CERTIFIED" in findings and 'class="chart"' in findings
    case = AuditCase.objects.get(rule="SCORE_FAIL_CERTIFIED")
    assert client.get(reverse("certificates:case_list")).status_code == 200
    assert client.get(case.get_absolute_url()).status_code == 200
    url = reverse("certificates:case_action", args=[case.pk, "investigate"])
    assert client.post(url, {"expected_status": "opened"}).status_code == 302
    url = reverse("certificates:case_action", args=[case.pk, "confirm"])
    decision = {"expected_status": "investigating", "reason": "成绩不合格仍发证"}
    # Confirming revokes certificates: the page asks that the officer says so in so many words.
    assert client.post(url, decision).status_code == 200
    assert AuditCase.objects.get(pk=case.pk).status == "investigating"
    assert client.post(url, {**decision, "understood": "on"}).status_code == 302
    revoked = Result.objects.get(theory_score=45)
    assert revoked.status == "revoked"

    client.logout()
    page = client.get(
        reverse("verify"), {"no": revoked.certificate_no, "name": revoked.name}
    ).content.decode()
    assert revoked.certificate_no in page


def test_a_refused_roster_lists_its_problems_and_offers_them_as_csv(client):
    body = f.filed_body(lines=[LineRequest("6-31-01-03", 4)])
    admin = body.applications.first().applicant
    client.force_login(admin)
    data = roster_csv(body, "T1").replace(b"6-31-01-03", b"9-99-99-99", 1)
    upload = io.BytesIO(data)
    upload.name = "bad.csv"
    response = client.post(reverse("certificates:roster_upload"), {"file": upload})
    job = Job.objects.get()
    assert response.status_code == 302 and job.status == "failed"
    assert "9-99-99-99" in client.get(response.url).content.decode()
    assert not Result.objects.exists()
    token = job.result_url.rstrip("/").rsplit("/", 1)[1]
    assert job.result_url == reverse("certificates:roster_errors", args=[token])
    download = client.get(reverse("certificates:roster_errors", args=[token]))
    assert download.status_code == 200 and b"9-99-99-99" in b"".join(download.streaming_content)
    other = f.body_admin()
    client.force_login(other)
    assert client.get(reverse("certificates:roster_errors", args=[token])).status_code == 404
