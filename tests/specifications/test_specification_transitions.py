"""Every (state, transition) pair of a specification version's development (domain.md §3.8): the allowed
ones reach their target and log who, from, to, the reason and the effective day; the others raise
TransitionNotAllowed and save nothing. Then which steps need a reason, and who may run each."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django_fsm import TransitionNotAllowed
from django_fsm_log.models import StateLog

from common.transitions import perform
from specifications import services
from specifications.models import SpecificationStatus, SpecificationVersion
from tests import factories
from tests.helpers import edges_of, last_log, snapshot, transitions_of

TRANSITIONS = [
    "start_argument",
    "start_review",
    "file_with_ministry",
    "publish",
    "retire",
    "return_for_changes",
    "reject",
    "resubmit",
]
STATES = [
    "proposed",
    "argued",
    "under_review",
    "filed_with_ministry",
    "published",
    "retired",
    "returned",
    "rejected",
]
ALLOWED = {
    ("proposed", "start_argument"): "argued",
    ("argued", "start_review"): "under_review",
    ("under_review", "file_with_ministry"): "filed_with_ministry",
    ("filed_with_ministry", "publish"): "published",
    ("published", "retire"): "retired",
    ("proposed", "return_for_changes"): "returned",
    ("argued", "return_for_changes"): "returned",
    ("under_review", "return_for_changes"): "returned",
    ("proposed", "reject"): "rejected",
    ("argued", "reject"): "rejected",
    ("under_review", "reject"): "rejected",
    ("returned", "resubmit"): "proposed",
}
PAIRS = [(s, t) for s in STATES for t in TRANSITIONS]
EXTRA = {"file_with_ministry": {"reference": "人社鉴函〔2026〕7号"}}
REASONS_REQUIRED = {"retire", "return_for_changes", "reject"}


def version_at(state: str, transition: str):
    """A version genuinely taken to `state`; under review, its panel has voted so that `transition` may
    follow (a passing vote before filing, a failing one before a return or a rejection)."""
    version, centre, experts = factories.specification_in(state)
    ready_for(version, transition, centre=centre, experts=experts)
    return SpecificationVersion.objects.get(pk=version.pk), centre


def ready_for(version, transition: str, *, centre, experts) -> None:
    """What the step's conditions ask for: experts appointed before the argument, their opinions and a
    panel before the review, the panel's votes (passing before filing, failing before a return or a
    rejection) before the decision."""
    if version.status == "proposed":
        services.appoint_experts(version=version, user=centre, experts=experts)
    elif version.status == "argued":
        for person in experts:
            services.record_opinion(version=version, user=person, verdict="agree", text="同意。")
        services.form_panel(version=version, user=centre, experts=experts)
    elif version.status == "under_review":
        passes = transition == "file_with_ministry"
        for person in experts:
            services.cast_vote(version=version, user=person, passes=passes, comment="意见")


@pytest.mark.django_db
@pytest.mark.parametrize(("state", "transition"), PAIRS, ids=[f"{s}-{t}" for s, t in PAIRS])
def test_transition_pair(state, transition):
    version, centre = version_at(state, transition)
    before_row, before_logs = snapshot(version)

    if (state, transition) in ALLOWED:
        perform(version, transition, by=centre, reason="测试理由", **EXTRA.get(transition, {}))
        version.refresh_from_db()
        target = ALLOWED[(state, transition)]
        assert version.status == target
        assert StateLog.objects.for_(version).count() == before_logs + 1
        log = last_log(version)
        assert (log.source_state, log.state, log.transition, log.by, log.description) == (
            state,
            target,
            transition,
            centre,
            "测试理由",
        )
        assert log.effective.effective_on == timezone.localdate()
    else:
        with pytest.raises(TransitionNotAllowed):
            perform(
                version,
                transition,
                by=centre,
                reason="测试理由",
                check_permission=False,
                **EXTRA.get(transition, {}),
            )
        assert snapshot(version) == (before_row, before_logs)


def test_the_matrix_is_the_models_own():
    """A transition added to the model, or a source or target changed, fails here until the matrix says so."""
    assert set(TRANSITIONS) == transitions_of(SpecificationVersion)
    assert edges_of(SpecificationVersion) == ALLOWED


def test_the_states_here_are_the_models_states():
    assert set(STATES) == set(SpecificationStatus.values)
    assert set(ALLOWED.values()) | {"proposed"} == set(SpecificationStatus.values)


@pytest.mark.django_db
@pytest.mark.parametrize(("state", "transition"), [k for k in ALLOWED if k[1] != "file_with_ministry"])
def test_which_steps_need_a_reason(state, transition):
    version, centre = version_at(state, transition)
    before = snapshot(version)
    if transition in REASONS_REQUIRED:
        with pytest.raises(ValidationError) as error:
            perform(version, transition, by=centre, reason="  ")
        assert "reason" in error.value.message_dict
        assert snapshot(version) == before
    else:
        perform(version, transition, by=centre, reason="")
        version.refresh_from_db()
        assert version.status == ALLOWED[(state, transition)]
        assert last_log(version).description is None


@pytest.mark.django_db
def test_rejecting_is_dangerous_and_returning_is_not():
    from common.transitions import vocabulary

    version, _centre, _experts = factories.specification_in("proposed")
    assert vocabulary(version, "reject")[1:] == (True, True)
    assert vocabulary(version, "return_for_changes")[1:] == (True, False)


@pytest.mark.django_db
def test_a_returned_proposal_is_resubmitted_in_a_new_round_keeping_the_earlier_opinions():
    version, centre, experts = factories.specification_in("argued")
    services.record_opinion(version=version, user=experts[0], verdict="disagree", text="与现有职业重叠。")
    services.act(version=version, user=centre, action="return_for_changes", reason="请说明与大典职业的区别")
    services.act(version=version, user=centre, action="resubmit")
    version.refresh_from_db()
    assert (version.status, version.round) == ("proposed", 2)
    assert version.opinions.filter(round=1, expert=experts[0]).exists()
    assert not version.round_opinions().exists()


@pytest.mark.django_db
def test_steps_are_dated_by_their_effective_day():
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    version, centre, _experts = factories.specification_in("published", on=yesterday)
    version.refresh_from_db()
    assert (version.filed_on, version.published_on) == (yesterday, yesterday)
    assert last_log(version).effective.effective_on == yesterday
    with pytest.raises(ValidationError):
        services.act(
            version=version,
            user=centre,
            action="retire",
            reason="废止",
            on=timezone.localdate() + datetime.timedelta(days=1),
        )


# --- who may run each step -------------------------------------------------------------------------

ACTORS = ["centre", "proposer", "other_body_admin", "expert", "district", "bureau"]
MAY = {t: {"centre"} for t in TRANSITIONS} | {"resubmit": {"proposer"}}
SOURCE = {
    "start_argument": "proposed",
    "start_review": "argued",
    "file_with_ministry": "under_review",
    "publish": "filed_with_ministry",
    "retire": "published",
    "return_for_changes": "proposed",
    "reject": "proposed",
    "resubmit": "returned",
}
CASES = [(t, a) for t in TRANSITIONS for a in ACTORS]


@pytest.mark.django_db
@pytest.mark.parametrize(("transition", "who"), CASES, ids=[f"{t}-{a}" for t, a in CASES])
def test_who_may_run_each_step(transition, who):
    """A body's proposal: the centre runs the workflow, the body's own administrator resubmits."""
    from accounts.roles import Role

    admin = factories.body_admin()
    body = factories.filed_body(admin=admin)
    centre = factories.centre_officer()
    proposal = factories.proposed_specification(user=admin, body=body)
    version, _centre, experts = factories.specification_in(
        SOURCE[transition], version=proposal, centre=centre
    )
    ready_for(version, transition, centre=centre, experts=experts)
    version = SpecificationVersion.objects.get(pk=version.pk)
    user = {
        "centre": lambda: centre,
        "proposer": lambda: admin,
        "other_body_admin": lambda: factories.body_admin(),
        "expert": lambda: experts[0],
        "district": lambda: factories.district_officer(),
        "bureau": lambda: factories.user_with_role(Role.BUREAU_ADMIN),
    }[who]()
    before = snapshot(version)
    if who in MAY[transition]:
        perform(version, transition, by=user, reason="测试理由", **EXTRA.get(transition, {}))
        version.refresh_from_db()
        assert version.status == ALLOWED[(SOURCE[transition], transition)]
    else:
        with pytest.raises(PermissionDenied):
            perform(version, transition, by=user, reason="测试理由", **EXTRA.get(transition, {}))
        assert snapshot(version) == before


@pytest.mark.django_db
def test_a_step_cannot_take_effect_before_the_one_it_follows():
    version, centre, _experts = factories.specification_in("filed_with_ministry")
    before = snapshot(version)
    with pytest.raises(ValidationError) as error:
        services.publish(version=version, user=centre, on=timezone.localdate() - datetime.timedelta(days=3))
    assert "on" in error.value.message_dict
    assert snapshot(version) == before
