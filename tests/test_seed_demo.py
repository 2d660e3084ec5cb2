"""The demo data covers every state, is deterministic, and has the accounts the README lists."""

import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.models import User
from django.core.management import call_command

from demo.registry import PASSWORD
from registry.models import (
    AssessmentBody,
    BodyStatus,
    District,
    FilingApplication,
    FilingKind,
    FilingStatus,
)


@pytest.mark.django_db
def test_seed_demo_builds_every_state(settings, client, django_capture_on_commit_callbacks):
    settings.DEBUG = True
    with django_capture_on_commit_callbacks(execute=True):  # the demo's notifications follow its commit
        call_command("seed_demo")
    assert AssessmentBody.objects.count() >= 30
    assert set(AssessmentBody.objects.values_list("status", flat=True)) == set(BodyStatus.values)
    assert set(AssessmentBody.objects.values_list("kind", flat=True)) == {"employer", "social", "college"}
    assert AssessmentBody.objects.values("district").distinct().count() >= 5
    assert set(FilingApplication.objects.values_list("status", flat=True)) == set(FilingStatus.values)
    assert set(FilingApplication.objects.values_list("kind", flat=True)) == set(FilingKind.values)
    for username in (
        "centre1",
        "district_yuzhong",
        "org01",
        "org02",
        "supervisor1",
        "supervisor2",
        "bureau",
        "newcomer",
    ):
        assert authenticate(username=username, password=PASSWORD) is not None, username
    from examiners.models import AssessmentSession, Assignment, Certification, CertificationStatus, Draw

    assert set(Certification.objects.filter(role="examiner").values_list("status", flat=True)) == set(
        CertificationStatus.values
    )
    assert Certification.objects.filter(role="supervisor", status="certified").count() >= 10
    assert AssessmentSession.objects.count() >= 5 and Draw.objects.count() >= 3
    assert Assignment.objects.filter(status="declined").exists()
    from integrity.chain import verify
    from integrity.models import Entry, Objection, Repair

    assert set(Entry.objects.values_list("kind", flat=True)) == {
        "commendation",
        "minor",
        "general",
        "serious",
    }
    assert set(Objection.objects.values_list("status", flat=True)) == {"filed", "upheld", "overturned"}
    assert set(Repair.objects.values_list("status", flat=True)) == {"applied", "granted", "refused"}
    assert AssessmentBody.objects.filter(rectifying_for_integrity=True).exists()
    assert Certification.objects.filter(suspended_for_integrity=True).exists()
    assert verify()[1] == []
    _assert_audits_demo()
    _assert_credentials_demo(client)
    _assert_plans_demo()
    from jobs.models import Job

    assert set(Job.objects.values_list("status", flat=True)) == {"queued", "running", "done", "failed"}
    failed = Job.objects.get(status="failed")
    assert "9-99-99-99" in failed.error and failed.result_url  # the refused file's problems, listed
    assert Job.objects.filter(status="done", kind="registry_export").exclude(result_file="").exists()
    _assert_notifications_demo(client)
    _assert_specifications_demo(client)
    _assert_coherent_places_and_dates()
    numbers = list(
        AssessmentBody.objects.exclude(filing_no=None).order_by("filing_no").values_list("name", "filing_no")
    )

    call_command("seed_demo", "--once")  # a second run changes nothing
    assert (
        list(
            AssessmentBody.objects.exclude(filing_no=None)
            .order_by("filing_no")
            .values_list("name", "filing_no")
        )
        == numbers
    )


def _assert_audits_demo():
    """Every inspection, order, proposal and evaluation state, and supervisor1 with work to do."""
    from django.utils import timezone

    from audits.models import (
        ChecklistTemplate,
        Evaluation,
        EvaluationStatus,
        Evidence,
        Finding,
        Grade,
        Inspection,
        InspectionKind,
        InspectionStatus,
        OrderStatus,
        ProposalReason,
        ProposalStatus,
        RandomPlan,
        RectificationOrder,
        Severity,
        SuspensionProposal,
    )

    assert 30 <= Inspection.objects.count() <= 40
    assert set(Inspection.objects.values_list("status", flat=True)) == set(InspectionStatus.values)
    assert set(Inspection.objects.values_list("kind", flat=True)) == set(InspectionKind.values)
    assert Inspection.objects.values("body").distinct().count() >= 15
    assert not Inspection.objects.filter(kind=InspectionKind.SPECIAL, topic="").exists()
    assert not Inspection.objects.filter(kind=InspectionKind.ON_SITE, session=None).exists()
    plan = RandomPlan.objects.get()
    assert plan.inspections.filter(kind=InspectionKind.RANDOM).count() == plan.requested
    # Reports for everything submitted; history dated in the past, never in the future.
    done = Inspection.objects.exclude(submitted_at=None)
    assert all(i.reports.exists() for i in done)
    assert not done.filter(submitted_at__gt=timezone.now()).exists()
    # The on-site checklist was revised once; older inspections keep version 1.
    assert ChecklistTemplate.objects.filter(code="on-site", version=2).exclude(note="").exists()
    assert Inspection.objects.filter(template__code="on-site", template__version=1).exists()
    assert Inspection.objects.filter(template__code="on-site", template__version=2).exists()
    # Findings of every severity, with photos (and thumbnails) and a PDF.
    assert set(Finding.objects.values_list("severity", flat=True)) == set(Severity.values)
    assert not Finding.objects.filter(evidence=None).exists()
    assert Evidence.objects.filter(content_type="image/jpeg").exclude(thumbnail="").count() >= 10
    assert Evidence.objects.filter(content_type="application/pdf").exists()

    assert set(RectificationOrder.objects.values_list("status", flat=True)) == set(OrderStatus.values)
    issued = RectificationOrder.objects.filter(status=OrderStatus.ISSUED)
    assert any(o.is_overdue for o in issued) and not all(o.is_overdue for o in issued)
    assert all(o.deadline < timezone.localdate() for o in issued if o.is_overdue)
    assert RectificationOrder.objects.filter(status=OrderStatus.RESPONDED).exclude(response_file="").exists()
    assert set(SuspensionProposal.objects.values_list("status", flat=True)) == set(ProposalStatus.values)
    assert set(SuspensionProposal.objects.values_list("reason", flat=True)) == set(ProposalReason.values)
    for proposal in SuspensionProposal.objects.filter(status=ProposalStatus.SUSPENDED):
        assert proposal.body.status == "suspended"
        assert proposal.decided_by.username == "centre2"

    this_year = timezone.localdate().year
    last = Evaluation.objects.filter(year=this_year - 1)
    assert last.count() >= 10
    assert set(last.values_list("status", flat=True)) == {EvaluationStatus.PUBLISHED}
    grades = list(last.values_list("grade", flat=True))
    assert set(grades) == set(Grade.values)
    assert grades.count(Grade.UNQUALIFIED) == 1
    assert grades.count(Grade.QUALIFIED) + grades.count(Grade.EXCELLENT) > len(grades) / 2
    assert SuspensionProposal.objects.filter(evaluation__in=last, status=ProposalStatus.SUSPENDED).exists()
    current = Evaluation.objects.filter(year=this_year)
    assert set(current.values_list("status", flat=True)) == set(EvaluationStatus.values)
    graded = Evaluation.objects.exclude(graded_by=None)
    assert graded.exists()
    assert all(e.scored_by.username == "centre1" and e.graded_by.username == "centre2" for e in graded)

    # supervisor1 is 刘洋, a certified supervisor, with inspections to start and to finish (one on site).
    from examiners.models import Person

    liu = Person.objects.get(account__username="supervisor1")
    assert liu.name == "刘洋"
    assert liu.certifications.filter(role="supervisor", status="certified").exists()
    mine = Inspection.objects.filter(supervisor=liu)
    assert mine.filter(status=InspectionStatus.ASSIGNED).exists()
    assert mine.filter(status=InspectionStatus.IN_PROGRESS, kind=InspectionKind.ON_SITE).exists()
    assert mine.filter(status=InspectionStatus.CLOSED).exists()
    assert Person.objects.filter(account__username__in=["supervisor2", "supervisor3"]).count() == 2
    assert Inspection.objects.exclude(supervisor=None).values("supervisor").distinct().count() >= 3


def _assert_credentials_demo(client):
    """Rosters (one by the centre for several bodies, one Excel, one late), hits for every audit rule,
    cases in every state (one from a complaint), and a revoked certificate that /verify/ shows revoked."""
    from django.utils import timezone

    from certificates.models import AuditCase, CaseStatus, CertificateStatus, Hit, Result, Roster, Rule

    assert Roster.objects.count() >= 15
    assert Result.objects.count() >= 2000
    assert Roster.objects.filter(body=None, uploaded_by__username="centre1").exists()
    assert Roster.objects.filter(original_name__endswith=".xlsx").exists()
    assert Roster.objects.filter(uploaded_by__username__startswith="org").count() >= 10
    # Each roster dated on its day of upload, and only one of them reported after its deadline.
    assert not Roster.objects.filter(uploaded_at__gt=timezone.now()).exists()
    assert Roster.objects.filter(rows_late__gt=0).count() == 1

    found = set(Hit.objects.values_list("rule", flat=True))
    assert found == set(Rule.values), sorted(set(Rule.values) - found)
    assert set(AuditCase.objects.values_list("status", flat=True)) == set(CaseStatus.values)
    assert AuditCase.objects.filter(rule="").exclude(complaint="").exists()
    assert not Hit.objects.filter(case=None).exists()
    confirmed = AuditCase.objects.filter(status=CaseStatus.CONFIRMED)
    assert all(c.revoked_count > 0 and c.decided_by.username == "centre2" for c in confirmed)
    assert not AuditCase.objects.filter(status=CaseStatus.DISMISSED, decision="").exists()

    revoked = Result.objects.filter(status=CertificateStatus.REVOKED).order_by("pk").first()
    assert revoked is not None
    response = client.get("/verify/", {"no": revoked.certificate_no, "name": revoked.name})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="revoked-on"' in page and revoked.certificate_no in page


def _assert_plans_demo():
    """Results of every evaluation type, about a third 专项; 25 or so technical colleges over the city, two
    thirds of them demo bodies of kind college by credit code, filed or not, one closed."""
    from django.db.models import Count
    from django.utils import timezone

    from certificates.models import EvaluationType, Result
    from plans.models import TechnicalCollege
    from plans.selectors import colleges_with_filing

    by_type = dict(Result.objects.values_list("evaluation_type").annotate(n=Count("pk")))
    assert set(by_type) == set(EvaluationType.values), by_type
    assert 0.2 < by_type[EvaluationType.SPECIAL] / sum(by_type.values()) < 0.45, by_type

    colleges = colleges_with_filing(on=timezone.localdate())
    assert 20 <= colleges.count() <= 30
    assert colleges.values("district").distinct().count() >= 10
    bodies = dict(AssessmentBody.objects.values_list("credit_code", "kind"))
    matched = [c for c in colleges if c.credit_code in bodies]
    assert {bodies[c.credit_code] for c in matched} == {"college"}
    assert 0.55 <= len(matched) / colleges.count() <= 0.75
    assert {c.filed for c in matched} == {True, False}  # a pending or expired college body is not filed
    assert not any(c.filed for c in colleges if c.credit_code not in bodies)
    assert TechnicalCollege.objects.exclude(closed_on=None).count() == 1


def _assert_notifications_demo(client):
    """The demo's own events notified its accounts; each inbox has read and unread ones; reminders ran."""
    from django.contrib.auth.models import User

    from notifications.models import Kind, Notification, Preference, SentReminder

    kinds = set(Notification.objects.values_list("kind", flat=True))
    assert {
        Kind.FILING_RETURNED,
        Kind.FILING_APPROVED,
        Kind.FILING_REJECTED,
        Kind.FILING_PUBLISHED,
        Kind.ORDER_ISSUED,
        Kind.INSPECTION_ASSIGNED,
        Kind.OBJECTION_DECIDED,
        Kind.REPAIR_DECIDED,
        Kind.CASE_OPENED,
        Kind.CASE_CONFIRMED,
    } <= kinds, kinds
    assert SentReminder.objects.exists() and Kind.ORDER_OVERDUE in kinds
    for username in ("org01", "supervisor1"):
        mine = Notification.objects.filter(recipient__username=username)
        assert mine.filter(read_at=None).exists() and mine.exclude(read_at=None).exists(), username
    org01 = User.objects.get(username="org01")
    assert (
        Preference.objects.filter(user=org01, email=False).values_list("kind", flat=True).get()
        == Kind.CASE_OPENED
    )
    client.force_login(org01)
    page = client.get("/notifications/")
    assert page.status_code == 200 and len(page.context["page"]) > 0


def _assert_coherent_places_and_dates():
    """A body whose name mentions a district is in it; a public notice lasts; a closed inspection has
    no rejected rectification order."""
    from audits.models import Inspection, InspectionStatus

    districts = {d.name.removesuffix("区").removesuffix("县"): d.name for d in District.objects.all()}
    for name, district in AssessmentBody.objects.values_list("name", "district__name"):
        for short, full in districts.items():
            if short in name:
                assert district == full, f"{name} is in {district}"
    noticed = FilingApplication.objects.exclude(notice_starts=None)
    assert noticed.filter(status=FilingStatus.FILED).exists()
    for reference, starts, ends in noticed.values_list("reference", "notice_starts", "notice_ends"):
        assert ends > starts, f"{reference}: notice {starts} – {ends}"
    closed = Inspection.objects.filter(status=InspectionStatus.CLOSED)
    assert closed.exists() and not closed.filter(orders__status="rejected").exists()


def _assert_specifications_demo(client):
    """Specifications in every state, this year's published ones counted, experts with work waiting."""
    from django.utils import timezone

    from specifications import selectors
    from specifications.models import SpecificationStatus, SpecificationVersion

    versions = SpecificationVersion.objects.all()
    assert set(versions.values_list("status", flat=True)) == set(SpecificationStatus.values)
    year = timezone.localdate().year
    assert versions.values("specification").distinct().count() >= 18
    assert selectors.published_in_year(year).count() >= 5
    assert selectors.published_in_year(year - 1).exists() or selectors.published_in_year(year - 2).exists()
    assert versions.filter(number=2).exists()  # a revision under way
    partial = [v for v in versions.filter(status="under_review") if v.review_outcome() is None]
    assert partial and partial[0].round_votes().exists()  # some votes in, not all
    assert any(v.duplicates for v in versions.filter(status="proposed"))  # an overlap flagged
    for username in ("expert1", "expert2", "expert3"):
        assert authenticate(username=username, password=PASSWORD) is not None, username
    waiting = sum(
        selectors.opinions_to_give(u).count() + selectors.votes_to_cast(u).count()
        for u in User.objects.filter(groups__name="expert")
    )
    assert waiting > 0
    client.force_login(User.objects.get(username="centre1"))
    assert client.get("/specifications/?status=under_review").status_code == 200
    assert client.get("/specifications/public/").context["page"].paginator.count >= 7
