"""评审: an odd-sized panel of appointed experts votes; a simple majority of the panel passes; every vote
is kept. 论证 before it: each appointed expert records one opinion, and the review waits for all of them."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django_fsm import TransitionNotAllowed

from notifications.models import Kind, Notification
from specifications import services
from specifications.models import ReviewOutcome, SpecificationVersion, Vote
from tests import factories

pytestmark = pytest.mark.django_db


def panel_of(size: int):
    """A version under review with a panel of `size` (and `size` appointed experts)."""
    return factories.specification_in("under_review", votes=(None,) * size)


def vote_all(version, experts, votes) -> None:
    for person, passes in zip(experts, votes, strict=True):
        services.cast_vote(version=version, user=person, passes=passes, comment="评审意见")


def test_three_to_two_passes_and_the_centre_may_file():
    version, centre, experts = panel_of(5)
    vote_all(version, experts, [True, True, True, False, False])
    version = SpecificationVersion.objects.get(pk=version.pk)
    assert version.review_outcome() == ReviewOutcome.PASSED
    services.file_with_ministry(
        version=version,
        user=centre,
        filed_on=timezone.localdate(),
        reference="人社鉴函〔2026〕3号",
    )
    version.refresh_from_db()
    assert (version.status, version.filing_reference) == ("filed_with_ministry", "人社鉴函〔2026〕3号")
    assert Vote.objects.filter(version=version).count() == 5  # every vote kept


def test_two_to_three_fails_filing_is_refused_and_the_centre_returns_or_rejects():
    version, centre, experts = panel_of(5)
    vote_all(version, experts, [True, True, False, False, False])
    version = SpecificationVersion.objects.get(pk=version.pk)
    assert version.review_outcome() == ReviewOutcome.FAILED
    with pytest.raises((TransitionNotAllowed, PermissionDenied)):
        services.file_with_ministry(
            version=version, user=centre, filed_on=timezone.localdate(), reference="X"
        )
    version = SpecificationVersion.objects.get(pk=version.pk)
    assert version.status == "under_review"
    services.act(version=version, user=centre, action="reject", reason="未获评审组过半数通过")
    version.refresh_from_db()
    assert version.status == "rejected"


def test_a_review_that_passed_cannot_be_returned_or_rejected():
    version, centre, experts = panel_of(3)
    vote_all(version, experts, [True, True, False])
    version = SpecificationVersion.objects.get(pk=version.pk)
    for action in ("return_for_changes", "reject"):
        with pytest.raises(PermissionDenied):  # its condition (a failed review) is not met
            services.act(version=version, user=centre, action=action, reason="理由")
    assert SpecificationVersion.objects.get(pk=version.pk).status == "under_review"


def test_no_outcome_until_every_member_voted_or_the_centre_closes_the_voting():
    version, centre, experts = panel_of(5)
    vote_all(version, experts[:3], [True, True, False])
    version = SpecificationVersion.objects.get(pk=version.pk)
    assert version.review_outcome() is None
    services.close_voting(version=version, user=centre)
    version.refresh_from_db()
    # two passes of a panel of five: the members who did not vote count against
    assert version.review_outcome() == ReviewOutcome.FAILED
    with pytest.raises(ValidationError):
        services.cast_vote(version=version, user=experts[4], passes=True, comment="迟到的一票")


def test_a_majority_reached_before_the_voting_closes_passes():
    version, centre, experts = panel_of(5)
    vote_all(version, experts[:3], [True, True, True])
    services.close_voting(version=version, user=centre)
    assert SpecificationVersion.objects.get(pk=version.pk).review_outcome() == ReviewOutcome.PASSED


@pytest.mark.parametrize("size", [2, 4])
def test_an_even_panel_is_refused(size):
    version, centre, experts = factories.specification_in(
        "argued", experts=[factories.expert() for _ in range(5)]
    )
    for person in experts:
        services.record_opinion(version=version, user=person, verdict="agree", text="同意。")
    with pytest.raises(ValidationError) as error:
        services.form_panel(version=version, user=centre, experts=experts[:size])
    assert "experts" in error.value.message_dict
    assert not version.panel().exists()


def test_a_panel_of_one_is_refused_and_only_appointed_experts_sit_on_it():
    version, centre, experts = factories.specification_in("argued")
    with pytest.raises(ValidationError):
        services.form_panel(version=version, user=centre, experts=experts[:1])
    stranger = factories.expert()
    with pytest.raises(ValidationError):
        services.form_panel(version=version, user=centre, experts=[*experts[:2], stranger])


def test_the_review_waits_for_every_opinion_and_a_valid_panel():
    version, centre, experts = factories.specification_in("argued")
    services.record_opinion(
        version=version, user=experts[0], verdict="agree_with_changes", text="需补充考核时长依据。"
    )
    services.form_panel(version=version, user=centre, experts=experts)
    with pytest.raises(PermissionDenied):  # conditions unmet: two opinions missing
        services.act(version=version, user=centre, action="start_review")
    for person in experts[1:]:
        services.record_opinion(version=version, user=person, verdict="agree", text="同意。")
    services.act(version=SpecificationVersion.objects.get(pk=version.pk), user=centre, action="start_review")
    assert SpecificationVersion.objects.get(pk=version.pk).status == "under_review"


def test_one_opinion_per_expert_and_round_and_only_from_the_appointed():
    version, _centre, experts = factories.specification_in("argued")
    services.record_opinion(version=version, user=experts[0], verdict="agree", text="同意。")
    with pytest.raises(ValidationError):
        services.record_opinion(version=version, user=experts[0], verdict="disagree", text="改变主意")
    with pytest.raises(PermissionDenied):
        services.record_opinion(version=version, user=factories.expert(), verdict="agree", text="未受聘")
    assert version.opinions.count() == 1


def test_one_vote_per_member_and_round_and_only_from_the_panel():
    version, _centre, experts = factories.specification_in(
        "under_review", votes=(None,) * 3, experts=[factories.expert() for _ in range(4)]
    )
    services.cast_vote(version=version, user=experts[0], passes=True, comment="同意")
    with pytest.raises(ValidationError):
        services.cast_vote(version=version, user=experts[0], passes=False, comment="改票")
    with pytest.raises(PermissionDenied):  # appointed, but not on the panel
        services.cast_vote(version=version, user=experts[3], passes=True, comment="同意")
    assert list(Vote.objects.filter(version=version).values_list("passes", flat=True)) == [True]


def test_a_vote_outside_the_review_is_refused():
    version, _centre, experts = factories.specification_in("argued")
    with pytest.raises((PermissionDenied, ValidationError)):
        services.cast_vote(version=version, user=experts[0], passes=True, comment="同意")
    assert not Vote.objects.exists()


def test_votes_of_an_earlier_round_are_kept_when_a_failed_review_is_returned_and_resubmitted():
    version, centre, experts = panel_of(3)
    vote_all(version, experts, [False, False, True])
    services.act(
        version=SpecificationVersion.objects.get(pk=version.pk),
        user=centre,
        action="return_for_changes",
        reason="请修改能力单元",
    )
    version = SpecificationVersion.objects.get(pk=version.pk)
    services.act(version=version, user=version.proposed_by, action="resubmit")
    version.refresh_from_db()
    assert (version.round, version.panel().count()) == (2, 0)
    assert Vote.objects.filter(version=version, round=1).count() == 3
    assert not version.round_votes().exists()


def test_only_experts_are_appointed_and_one_who_spoke_stays():
    version, centre, experts = factories.specification_in("argued")
    with pytest.raises(ValidationError):
        services.appoint_experts(version=version, user=centre, experts=[*experts, factories.body_admin()])
    services.record_opinion(version=version, user=experts[0], verdict="agree", text="同意。")
    with pytest.raises(ValidationError):
        services.appoint_experts(version=version, user=centre, experts=experts[1:])
    services.appoint_experts(version=version, user=centre, experts=[*experts[:1], factories.expert()])
    assert version.appointments.count() == 2


def test_experts_hear_of_their_appointment_and_the_panel_of_the_vote(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        version, _centre, experts = panel_of(3)
    for person in experts:
        kinds = list(Notification.objects.filter(recipient=person).values_list("title", flat=True))
        assert len(kinds) == 3, kinds  # appointed, opinion requested, vote requested
        assert all(version.specification.code in title for title in kinds)
    assert set(Notification.objects.filter(recipient__in=experts).values_list("kind", flat=True)) == {
        Kind.SPECIFICATION_EXPERT
    }


def test_a_body_hears_of_each_step_its_proposal_takes(django_capture_on_commit_callbacks):
    admin = factories.body_admin()
    body = factories.filed_body(admin=admin)
    with django_capture_on_commit_callbacks(execute=True):
        proposal = factories.proposed_specification(user=admin, body=body)
        factories.specification_in("returned", version=proposal)
    note = Notification.objects.get(recipient=admin, kind=Kind.SPECIFICATION_CHANGED)
    assert proposal.specification.code in note.title and "论证材料不完整" in note.body
