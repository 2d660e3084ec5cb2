"""End to end in Chromium: a body recommends a person, the centre accepts and certifies them, the body
plans a session, the centre staffs it by a draw, and the new examiner appears on the session page."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from examiners.models import AssessmentSession, Certification
from registry.identifiers import resident_id
from registry.services import LineRequest
from tests import factories
from tests.browser import confirm, login, new_page, page_errors, shot

NAME = "浏览器考评员"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("catalogues")
def test_recommend_certify_and_draw(live_server, new_context, output_path):
    base = live_server.url
    admin = factories.body_admin(username="orgadmin")
    body = factories.filed_body(admin=admin, lines=[LineRequest("6-31-01-03", 4)])
    factories.centre_officer(username="centre")
    # Exactly two other qualified examiners and one supervisor: a 1-room session needs 3 + 1,
    # so a successful draw must take the newly certified person.
    factories.certification(occupations=("6-31-01-03",))
    factories.certification(occupations=("6-31-01-03",))
    factories.certification(role="supervisor")
    id_number = resident_id(321)

    # 1. The body administrator recommends a person who does not work for the body.
    page = new_page(new_context)
    login(page, base, "orgadmin")
    page.goto(f"{base}/examiners/recommend/")
    page.select_option("select[name=body]", str(body.pk))
    page.fill("input[name=name]", NAME)
    page.fill("input[name=id_number]", id_number)
    page.select_option("select[name=role]", "examiner")
    page.select_option("select[name=track]", "online")
    page.select_option("select[name=grade]", "senior_examiner")
    page.fill("input[name=occupations]", "6-31-01-03")
    page.uncheck("input[name=employed_by_body]")
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    assert page.url.endswith("/examiners/recommendations/"), page_errors(page)
    expect(page.locator("main")).to_contain_text(NAME)
    shot(page, output_path, "01-recommended")
    page.context.close()

    certification = Certification.objects.get(person__id_number=id_number)
    assert certification.status == "applied"

    # 2. The centre accepts the person into training and records a passing exam: certified.
    page = new_page(new_context)
    login(page, base, "centre")
    page.goto(f"{base}/examiners/recommendations/")
    with page.expect_navigation():
        page.click(f'main a[href="/examiners/people/{certification.person_id}/"]')
    confirm(page, "accept")
    certification.refresh_from_db()
    assert certification.status == "training"
    with page.expect_navigation():
        page.click(f'a[href="/examiners/certifications/{certification.pk}/result/"]')
    page.fill("input[name=training_hours]", "24")
    page.fill("input[name=exam_score]", "86")
    page.fill("input[name=exam_date]", timezone.localdate().isoformat())
    with page.expect_navigation():
        page.click("button[name=confirm]")
    certification.refresh_from_db()
    assert certification.status == "certified", page_errors(page)
    assert re.fullmatch(r"KP50\d{4}\d{5}", certification.certificate_no)
    expect(page.locator("main")).to_contain_text(certification.certificate_no)
    shot(page, output_path, "02-certified")

    # 3. The body plans a session in its scope.
    body_page = new_page(new_context)
    login(body_page, base, "orgadmin")
    body_page.goto(f"{base}/examiners/sessions/new/")
    body_page.select_option("select[name=body]", str(body.pk))
    body_page.fill("input[name=occupation]", "6-31-01-03")
    body_page.select_option("select[name=level]", "4")
    body_page.fill("input[name=date]", (timezone.localdate() + datetime.timedelta(days=7)).isoformat())
    body_page.fill("input[name=practical_rooms]", "1")
    body_page.fill("input[name=candidates]", "30")
    with body_page.expect_navigation():
        body_page.click("main form button[type=submit]")
    session = AssessmentSession.objects.get(body=body)
    assert body_page.url.endswith(f"/examiners/sessions/{session.pk}/"), page_errors(body_page)
    shot(body_page, output_path, "03-session-planned")

    # 4. The centre draws; the new examiner is on the session page.
    page.goto(f"{base}/examiners/sessions/{session.pk}/")
    with page.expect_navigation():
        page.click("button[name=draw]")
    assert "/examiners/draws/" in page.url, page_errors(page)
    expect(page.locator("main")).to_contain_text(NAME)
    shot(page, output_path, "04-draw-explained")
    page.goto(f"{base}/examiners/sessions/{session.pk}/")
    expect(page.locator("#assignments")).to_contain_text(NAME)
    shot(page, output_path, "05-session-staffed")
    page.context.close()

    # The body administrator sees its session's staffing too.
    body_page.goto(f"{base}/examiners/sessions/{session.pk}/")
    expect(body_page.locator("#assignments")).to_contain_text(NAME)
    expect(body_page.locator("#assignments")).not_to_contain_text(id_number)  # masked for the body
    shot(body_page, output_path, "06-body-sees-staffing")
    body_page.context.close()
