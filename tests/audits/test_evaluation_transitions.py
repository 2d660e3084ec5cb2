"""Every (state, transition) pair of the periodic evaluation (评估), its weighted total, its grade from
the bands in settings, and who may run each step (domain.md §3.6)."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django_fsm import TransitionNotAllowed
from django_fsm_log.models import StateLog

from audits.models import Evaluation, EvaluationStatus, Report
from audits.services import evaluations as svc
from common.transitions import perform
from tests import factories
from tests.audits.conftest import SCORES, evaluation_for
from tests.helpers import admin_of, edges_of, last_log, snapshot, transitions_of

TRANSITIONS = ["submit_self_assessment", "score", "assign_grade", "publish_result"]
STATES = ["scheduled", "self_assessed", "scored", "graded", "published"]
ALLOWED = {
    ("scheduled", "submit_self_assessment"): "self_assessed",
    ("self_assessed", "score"): "scored",
    ("scored", "assign_grade"): "graded",
    ("graded", "publish_result"): "published",
}
PAIRS = [(s, t) for s in STATES for t in TRANSITIONS]


def evaluation_at(state: str, *, total: str = "82.0") -> tuple[Evaluation, dict]:
    """An evaluation with a self-assessment, all six scores, a total and a scorer, put into `state`:
    only the source state decides. Returns it with the users who run each transition."""
    scorer = factories.centre_officer()
    evaluation = evaluation_for()
    Evaluation.objects.filter(pk=evaluation.pk).update(
        status=state,
        self_assessment="本年度自评报告。",
        scores=SCORES,
        total=Decimal(total),
        scored_by=scorer,
    )
    actors = {
        "submit_self_assessment": admin_of(evaluation.body),
        "score": scorer,
        "assign_grade": factories.centre_officer(),  # not the scorer
        "publish_result": factories.centre_officer(),
    }
    return Evaluation.objects.get(pk=evaluation.pk), actors


@pytest.mark.django_db
@pytest.mark.parametrize(("state", "transition"), PAIRS, ids=[f"{s}-{t}" for s, t in PAIRS])
def test_transition_pair(state, transition):
    evaluation, actors = evaluation_at(state)
    actor = actors[transition]
    before_row, before_logs = snapshot(evaluation)

    if (state, transition) in ALLOWED:
        perform(evaluation, transition, by=actor, reason="测试理由")
        evaluation.refresh_from_db()
        target = ALLOWED[(state, transition)]
        assert evaluation.status == target
        assert StateLog.objects.for_(evaluation).count() == before_logs + 1
        log = last_log(evaluation)
        assert (log.source_state, log.state, log.transition, log.by, log.description) == (
            state,
            target,
            transition,
            actor,
            "测试理由",
        )
    else:
        with pytest.raises(TransitionNotAllowed):
            perform(evaluation, transition, by=actor, reason="测试理由", check_permission=False)
        assert snapshot(evaluation) == (before_row, before_logs)


@pytest.mark.django_db
def test_the_states_here_are_the_models_states():
    assert set(STATES) == set(EvaluationStatus.values)
    assert set(ALLOWED.values()) | {EvaluationStatus.SCHEDULED} == set(EvaluationStatus.values)


@pytest.mark.django_db
def test_self_assessment_needs_text():
    evaluation = evaluation_for()
    admin = admin_of(evaluation.body)
    before = snapshot(evaluation)
    with pytest.raises(TransitionNotAllowed):
        perform(evaluation, "submit_self_assessment", by=admin, check_permission=False)
    with pytest.raises(ValidationError):
        svc.submit_self_assessment(evaluation=evaluation, user=admin, text="  ")
    assert snapshot(evaluation) == before

    svc.submit_self_assessment(
        evaluation=Evaluation.objects.get(pk=evaluation.pk), user=admin, text="自评：制度健全。"
    )
    evaluation.refresh_from_db()
    assert (evaluation.status, evaluation.self_assessment) == ("self_assessed", "自评：制度健全。")
    assert evaluation.self_assessed_at is not None


# --- the weighted total --------------------------------------------------------------------------


def self_assessed() -> Evaluation:
    evaluation, _actors = evaluation_at("self_assessed")
    Evaluation.objects.filter(pk=evaluation.pk).update(scores={}, total=None, scored_by=None)
    return Evaluation.objects.get(pk=evaluation.pk)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("scores", "total"),
    [
        (SCORES, Decimal("82.0")),
        ({**dict.fromkeys(SCORES, 100)}, Decimal("100.0")),
        ({**dict.fromkeys(SCORES, 0)}, Decimal("0.0")),
        # 80 + 0.15 × 3 = 80.45: half up to 80.5 (banker's rounding would give 80.4).
        ({**dict.fromkeys(SCORES, 80), "organisation": 83}, Decimal("80.5")),
        # The heavier areas weigh more: +10 in basic_conditions (0.2) against +10 in staff (0.15).
        ({**dict.fromkeys(SCORES, 70), "basic_conditions": 80}, Decimal("72.0")),
        ({**dict.fromkeys(SCORES, 70), "staff": 80}, Decimal("71.5")),
    ],
    ids=["mixed", "all-100", "all-0", "half-up", "heavy-area", "light-area"],
)
def test_scoring_records_the_weighted_total(scores, total):
    evaluation = self_assessed()
    scorer = factories.centre_officer()
    svc.record_scores(evaluation=evaluation, user=scorer, scores=scores, experts="张三、李四、王五")
    evaluation.refresh_from_db()
    assert evaluation.status == "scored"
    assert evaluation.total == total
    assert (evaluation.scored_by, evaluation.experts) == (scorer, "张三、李四、王五")


@pytest.mark.django_db
def test_the_weights_come_from_settings(settings):
    settings.EVALUATION_AREA_WEIGHTS = {
        "organisation": 0.5,
        "systems": 0.5,
        "technical_support": 0,
        "basic_conditions": 0,
        "staff": 0,
        "quality_management": 0,
    }
    evaluation = self_assessed()
    svc.record_scores(evaluation=evaluation, user=factories.centre_officer(), scores=SCORES, experts="专家组")
    evaluation.refresh_from_db()
    assert evaluation.total == Decimal("85.0")  # (80 + 90) / 2, where the default weights give 82.0


@pytest.mark.django_db
def test_scoring_needs_all_six_areas():
    evaluation = self_assessed()
    officer = factories.centre_officer()
    partial = {k: v for k, v in SCORES.items() if k != "staff"}
    Evaluation.objects.filter(pk=evaluation.pk).update(scores=partial)
    evaluation.refresh_from_db()
    before = snapshot(evaluation)
    with pytest.raises(TransitionNotAllowed):
        perform(evaluation, "score", by=officer, check_permission=False)
    with pytest.raises(ValidationError):
        svc.record_scores(evaluation=evaluation, user=officer, scores=partial, experts="专家组")
    assert snapshot(evaluation) == before


@pytest.mark.django_db
@pytest.mark.parametrize("bad", [-1, 101])
def test_each_score_is_between_0_and_100(bad):
    evaluation = self_assessed()
    before = snapshot(evaluation)
    with pytest.raises(ValidationError):
        svc.record_scores(
            evaluation=evaluation,
            user=factories.centre_officer(),
            scores={**SCORES, "systems": bad},
            experts="专家组",
        )
    assert snapshot(evaluation) == before


# --- the grade -----------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("total", "grade"),
    [
        ("100.0", "excellent"),
        ("90.0", "excellent"),
        ("89.9", "qualified"),
        ("75.0", "qualified"),
        ("74.9", "basically_qualified"),
        ("60.0", "basically_qualified"),
        ("59.9", "unqualified"),
        ("0.0", "unqualified"),
    ],
)
def test_the_grade_follows_the_default_bands(total, grade):
    evaluation, actors = evaluation_at("scored", total=total)
    perform(evaluation, "assign_grade", by=actors["assign_grade"])
    evaluation.refresh_from_db()
    assert (evaluation.status, evaluation.grade, evaluation.graded_by) == (
        "graded",
        grade,
        actors["assign_grade"],
    )


STRICTER = [("excellent", 95), ("qualified", 85), ("basically_qualified", 70), ("unqualified", 0)]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("total", "default_grade", "stricter_grade"),
    [
        ("92.0", "excellent", "qualified"),
        ("80.0", "qualified", "basically_qualified"),
        ("65.0", "basically_qualified", "unqualified"),
    ],
)
def test_the_bands_come_from_settings(settings, total, default_grade, stricter_grade):
    evaluation, actors = evaluation_at("scored", total=total)
    settings.EVALUATION_GRADE_BANDS = STRICTER
    perform(evaluation, "assign_grade", by=actors["assign_grade"])
    evaluation.refresh_from_db()
    assert evaluation.grade == stricter_grade != default_grade


@pytest.mark.django_db
def test_the_grader_must_not_be_the_scorer():
    evaluation = self_assessed()
    scorer, grader = factories.centre_officer(), factories.centre_officer()
    svc.record_scores(evaluation=evaluation, user=scorer, scores=SCORES, experts="专家组")
    evaluation.refresh_from_db()
    before = snapshot(evaluation)

    with pytest.raises(PermissionDenied):
        svc.grade_evaluation(evaluation=evaluation, user=scorer)
    assert snapshot(evaluation) == before
    assert not Report.objects.filter(evaluation=evaluation).exists()

    svc.grade_evaluation(evaluation=Evaluation.objects.get(pk=evaluation.pk), user=grader)
    evaluation.refresh_from_db()
    assert (evaluation.status, evaluation.grade, evaluation.graded_by) == ("graded", "qualified", grader)
    assert Report.objects.filter(evaluation=evaluation).count() == 1


# --- permissions ---------------------------------------------------------------------------------

ACTORS = ["centre", "district", "body_admin", "other_body_admin"]
MAY = {
    "submit_self_assessment": {"body_admin"},
    "score": {"centre"},
    "assign_grade": {"centre"},
    "publish_result": {"centre"},
}
SOURCE = {t: s for (s, t) in ALLOWED}
CASES = [(t, a) for t in TRANSITIONS for a in ACTORS]


@pytest.mark.django_db
@pytest.mark.parametrize(("transition", "who"), CASES, ids=[f"{t}-{a}" for t, a in CASES])
def test_who_may_run_each_transition(transition, who):
    evaluation, _actors = evaluation_at(SOURCE[transition])
    user = {
        "centre": factories.centre_officer,
        "district": lambda: factories.district_officer(factories.YUZHONG),
        "body_admin": lambda: admin_of(evaluation.body),
        "other_body_admin": lambda: admin_of(factories.filed_body()),
    }[who]()
    assert evaluation.body.district.code == factories.YUZHONG
    before = snapshot(evaluation)

    if who in MAY[transition]:
        perform(evaluation, transition, by=user)
        evaluation.refresh_from_db()
        assert evaluation.status == ALLOWED[(SOURCE[transition], transition)]
    else:
        with pytest.raises(PermissionDenied):
            perform(evaluation, transition, by=user)
        assert snapshot(evaluation) == before


def test_the_evaluation_matrix_is_the_models_own():
    """A transition added to the model, or a source or target changed, fails here until the matrix says so."""
    assert set(TRANSITIONS) == transitions_of(Evaluation)
    assert edges_of(Evaluation) == ALLOWED
