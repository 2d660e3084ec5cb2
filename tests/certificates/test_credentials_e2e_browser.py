"""End to end in Chromium: a result roster is audited, the centre confirms the case, /verify/ says revoked.

The credential audit's acceptance path (issue 6), through the real pages only: a body administrator
uploads an XLSX roster (the upload page sends it by XHR with a progress bar, then shows the server's
answer) in which one candidate holds a certificate despite a failing theory score; the roster page
shows the stored rows and the flagged rule (SCORE_FAIL_CERTIFIED). The centre officer opens the
findings (chart and tables), follows to the case, takes it up and confirms it with a reason; the
certificate is revoked. An anonymous visitor then verifies the certificate on /verify/ and is told it
was revoked and when; a wrong name gets the neutral "no certificate matches" answer.

Labels may be translated or not, so elements are found by URL, `name`/`id`/`data-` attributes and link
targets, never by visible text (rule codes and certificate numbers are data, not labels). A full-page
screenshot of each step goes to the test's output folder (test-results/<test id>/). Every page is
checked for script errors and 5xx responses.
"""

import datetime
import re

import pytest
from django.utils import timezone
from django_fsm_log.models import StateLog
from openpyxl import Workbook
from playwright.sync_api import Page, Request, expect

from certificates.models import AuditCase, Hit, Result, Roster
from common.models import TransitionDate
from integrity.models import Entry, SubjectType
from registry.identifiers import resident_id
from registry.models import AssessmentBody, ScopeLine
from registry.services import LineRequest
from tests import factories
from tests.browser import login, new_page, page_errors, shot

BODY_NAME = "重庆证书核查测试职业技能评价中心"
ROSTER_NAME = "2025年中式面点师四级考核结果.xlsx"
RULE = "SCORE_FAIL_CERTIFIED"
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
# (name, theory score): the first holds a certificate although 45 is below the pass mark of 60.
CANDIDATES = [("刘晓燕", 45), ("陈建国", 78), ("张丽", 86.5), ("王海涛", 92)]
REASON = "理论成绩不合格仍发放证书，经核实属实。"


def _watch(page: Page) -> list[str]:
    """Collect the page's uncaught script errors and failed (5xx) responses."""
    problems: list[str] = []
    page.on("pageerror", lambda exc: problems.append(f"script error: {exc}"))
    page.on(
        "response",
        lambda r: problems.append(f"HTTP {r.status} {r.url}") if r.status >= 500 else None,
    )
    return problems


def _roster_post(request: Request) -> bool:
    return request.method == "POST" and request.url.endswith("/certificates/rosters/upload/")


def _follow(page: Page, selector: str) -> None:
    link = page.locator(selector)
    expect(link).to_have_count(1)
    with page.expect_navigation():
        link.click()


def _confirm(page: Page, expected_url: str, reason: str | None = None) -> None:
    """On a transition's confirmation page: give the reason (if asked), confirm, land on the record."""
    if reason is not None:
        page.fill("textarea[name=reason]", reason)
    if page.locator("input[name=understood]").count():  # a dangerous step asks for it
        page.check("input[name=understood]")
    with page.expect_navigation():
        page.click("button[name=confirm]")
    assert page.url == expected_url, f"expected {expected_url}, got {page.url}: {page_errors(page)}"
    expect(page.locator("ul.messages li.msg-error")).to_have_count(0)
    expect(page.locator("ul.messages li.msg-success")).to_have_count(1)


def _filed_since(body: AssessmentBody, since: datetime.date) -> AssessmentBody:
    """The body as if filed on `since` (history, scope lines, validity): its exams of the last weeks are
    then inside its filing, so only the roster's own problem is flagged."""
    moment = timezone.make_aware(datetime.datetime.combine(since, datetime.time(10)))
    StateLog.objects.for_(body).update(timestamp=moment)
    TransitionDate.objects.filter(log__in=StateLog.objects.for_(body)).update(effective_on=since)
    ScopeLine.objects.filter(body=body).update(effective_from=since)
    AssessmentBody.objects.filter(pk=body.pk).update(valid_from=since)
    body.refresh_from_db()
    return body


def _roster_xlsx(path, body, examiner_no: str, exam: datetime.date, issue: datetime.date) -> list[dict]:
    """The roster as an XLSX export would be: exam dates as real date cells, the rest as typed."""
    book = Workbook()
    sheet = book.active
    sheet.title = "考核结果"
    sheet.append(HEADERS)
    rows = []
    for n, (name, theory) in enumerate(CANDIDATES, start=1):
        row = {
            "certificate_no": factories.certificate_no(body, year=issue.year, level=4, serial=n),
            "name": name,
            "id_number": resident_id(n, born=f"1990{n:02d}1{n}"),
            "theory": theory,
        }
        rows.append(row)
        sheet.append(
            [
                row["certificate_no"],
                name,
                row["id_number"],
                "6-31-01-03",
                "四级",
                theory,
                88,
                exam,  # a date cell
                issue.isoformat(),  # typed as text, as many exports do
                examiner_no,
                body.filing_no,
            ]
        )
    for cell in sheet["H"][1:]:
        assert cell.is_date  # the exam dates really are Excel dates
        cell.number_format = "yyyy-mm-dd"
    book.save(path)
    return rows


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("catalogues")
def test_roster_upload_to_confirmed_case_and_revoked_certificate(
    live_server, new_context, output_path, tmp_path
):
    base = live_server.url
    admin = factories.body_admin(username="bodyadmin")
    today = timezone.localdate()
    body = _filed_since(
        factories.filed_body(admin=admin, name=BODY_NAME, lines=[LineRequest("6-31-01-03", 4)]),
        today - datetime.timedelta(days=90),
    )
    examiner = factories.certification(role="examiner", grade="senior_examiner")  # certified 30 days ago
    factories.centre_officer(username="centre")
    xlsx = tmp_path / ROSTER_NAME
    rows = _roster_xlsx(
        xlsx,
        body,
        examiner.certificate_no,
        exam=today - datetime.timedelta(days=3),
        issue=today - datetime.timedelta(days=1),
    )
    failing = rows[0]

    # 1. The body administrator uploads the roster; the roster page shows the rows and the flag.
    page = new_page(new_context)
    problems = _watch(page)
    login(page, base, "bodyadmin")
    page.goto(f"{base}/certificates/rosters/")
    shot(page, output_path, "01-body-rosters-empty")
    _follow(page, 'main a[href="/certificates/rosters/upload/"]')
    assert page.url == f"{base}/certificates/rosters/upload/"
    expect(page.locator("#upload-progress")).to_be_hidden()
    page.set_input_files("#roster-form input[name=file]", str(xlsx))
    shot(page, output_path, "02-body-upload-form")
    with page.expect_request(_roster_post) as sent:
        page.click("#roster-form button[type=submit]")
    # Sent by the page's script (the progress-bar path), not as a plain form post.
    assert sent.value.resource_type == "xhr", sent.value.resource_type
    # The upload is a job (the tests' immediate backend runs it at once): the script goes on to the job's
    # page, which reports the outcome and links to the roster's hits.
    expect(page).to_have_url(re.compile(r"/jobs/\d+/$"))
    expect(page.locator("#job-status")).to_have_attribute("data-status", "done")
    expect(page.locator("#job-summary")).to_be_visible()
    roster = Roster.objects.get()
    _follow(page, "#job-result-link")
    assert page.url == f"{base}/certificates/rosters/{roster.pk}/", page.url
    expect(page.locator("ul.messages li.msg-error")).to_have_count(0)
    expect(page.locator("main h1")).to_contain_text(ROSTER_NAME)
    expect(page.locator(f'main a[href="/certificates/findings/?rule={RULE}"]')).to_have_count(1)
    flagged = page.locator("main table.list tbody tr", has=page.locator("code", has_text=RULE))
    expect(flagged).to_have_count(1)
    expect(flagged).to_contain_text(failing["certificate_no"])
    shot(page, output_path, "03-body-roster-audited")

    assert (roster.body_id, roster.rows_read, roster.rows_stored, roster.hits) == (body.pk, 4, 4, 1)
    stored = {r.certificate_no: r for r in Result.objects.filter(roster=roster)}
    assert sorted(stored) == sorted(r["certificate_no"] for r in rows)
    assert all(
        r.status == "issued" and r.exam_date == today - datetime.timedelta(days=3) for r in stored.values()
    )
    assert stored[failing["certificate_no"]].theory_score == 45
    assert list(Hit.objects.values_list("rule", "result__certificate_no")) == [
        (RULE, failing["certificate_no"])
    ]
    case = AuditCase.objects.get()
    assert (case.rule, case.body_id, case.status) == (RULE, body.pk, "opened")
    page.context.close()
    assert not problems, problems

    # 2. The centre officer: findings, the case, take it up, confirm it.
    page = new_page(new_context)
    problems = _watch(page)
    login(page, base, "centre")
    page.goto(f"{base}/certificates/findings/")
    expect(page.locator("#by-rule figure.chart .chart-row")).to_have_count(1)  # one rule flagged
    expect(page.locator("#by-body")).to_contain_text(BODY_NAME)
    hit_row = page.locator("main table.list tbody tr", has=page.locator("code", has_text=RULE))
    expect(hit_row).to_have_count(1)
    expect(hit_row.locator(f'a[href="/certificates/cases/{case.pk}/"]')).to_have_text(case.number)
    shot(page, output_path, "04-centre-findings")

    _follow(page, 'main .page-head a[href="/certificates/cases/"]')
    expect(page.locator(f'main table.list a[href="/certificates/cases/{case.pk}/"]')).to_have_text(
        case.number
    )
    shot(page, output_path, "05-centre-cases")
    case_url = f"{base}/certificates/cases/{case.pk}/"
    _follow(page, f'main table.list a[href="/certificates/cases/{case.pk}/"]')
    assert page.url == case_url
    expect(page.locator("main h1 .badge[data-status=opened]")).to_have_count(1)
    expect(page.locator("main table.list tbody")).to_contain_text(failing["certificate_no"])
    shot(page, output_path, "06-centre-case-opened")

    _follow(page, f'main a[href="/certificates/cases/{case.pk}/investigate/"]')
    expect(page.locator(".alert.warn")).to_have_count(0)  # taking a case up can be undone by deciding it
    shot(page, output_path, "07-centre-investigate-confirm")
    _confirm(page, case_url)
    expect(page.locator("main h1 .badge[data-status=investigating]")).to_have_count(1)
    assert AuditCase.objects.get(pk=case.pk).status == "investigating"
    shot(page, output_path, "08-centre-investigating")

    _follow(page, f'main a[href="/certificates/cases/{case.pk}/confirm/"]')
    expect(page.locator("main .alert.warn")).to_have_count(1)  # dangerous: it revokes certificates
    expect(page.locator("textarea[name=reason]")).to_have_count(1)
    page.fill("textarea[name=reason]", REASON)
    shot(page, output_path, "09-centre-confirm-with-reason")
    _confirm(page, case_url)
    expect(page.locator("main h1 .badge[data-status=confirmed]")).to_have_count(1)
    expect(page.locator("main table.list tbody .badge[data-status=revoked]")).to_have_count(1)
    shot(page, output_path, "10-centre-case-confirmed")
    page.context.close()
    assert not problems, problems

    # 3. Anyone: /verify/ says the certificate was revoked, and when; a wrong name learns nothing.
    page = new_page(new_context)
    problems = _watch(page)
    page.goto(f"{base}/verify/")
    expect(page.locator("#verification")).to_have_count(0)
    page.fill("input[name=no]", failing["certificate_no"].lower())  # typed in lower case: folded
    page.fill("input[name=name]", failing["name"])
    shot(page, output_path, "11-public-verify-form")
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    expect(page.locator("#certificate-status.alert.bad")).to_have_count(1)
    expect(page.locator("#certificate-no")).to_have_text(failing["certificate_no"])
    expect(page.locator("#revoked-on")).to_have_text(today.isoformat())
    expect(page.locator("#revoked-reason")).to_have_text(REASON)  # the internal case number stays inside
    expect(page.locator("#certificate-id")).not_to_contain_text(failing["id_number"])  # masked
    shot(page, output_path, "12-public-verify-revoked")

    # A certificate of the same roster the case did not concern is still valid.
    page.fill("input[name=no]", rows[1]["certificate_no"])
    page.fill("input[name=name]", rows[1]["name"])
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    expect(page.locator("#certificate-status.alert.ok")).to_have_count(1)
    expect(page.locator("#revoked-on")).to_have_count(0)
    shot(page, output_path, "13-public-verify-valid")

    answers = []
    for number, name in ((failing["certificate_no"], "刘小燕"), ("5001030000012642999999", failing["name"])):
        page.fill("input[name=no]", number)
        page.fill("input[name=name]", name)
        with page.expect_navigation() as navigation:
            page.click("main form button[type=submit]")
        assert navigation.value.status == 404
        expect(page.locator("#verification .alert.bad")).to_have_count(1)
        expect(page.locator("#certificate-status, #certificate-no, #revoked-on")).to_have_count(0)
        answers.append(page.locator("#verification").inner_text())
    assert answers[0] == answers[1], answers  # a wrong name reads exactly like an unknown number
    assert failing["certificate_no"] not in answers[0]
    shot(page, output_path, "14-public-verify-wrong-name")
    page.context.close()
    assert not problems, problems

    # The records as the pages left them.
    revoked = Result.objects.get(certificate_no=failing["certificate_no"])
    assert revoked.status == "revoked" and revoked.revoked_at is not None
    assert revoked.revoked_reason == REASON, "the public sees the reason, not the internal case number"
    assert set(Result.objects.exclude(pk=revoked.pk).values_list("status", flat=True)) == {"issued"}
    case.refresh_from_db()
    assert (case.status, case.revoked_count) == ("confirmed", 1)
    assert Entry.objects.filter(
        subject_type=SubjectType.BODY, subject_id=body.pk, evidence_ref=f"certificates.case:{case.pk}"
    ).exists()
    assert Entry.objects.filter(
        subject_type=SubjectType.EXAMINER,
        subject_id=examiner.person_id,
        evidence_ref=f"certificates.case:{case.pk}",
    ).exists()
