"""Every transition of every state machine says how pages speak of it (style.md: vocabulary on the transition)."""

from pathlib import Path

import pytest
from django.apps import apps
from django.utils import translation
from django_fsm import FSMFieldMixin

from certificates.models import Result
from common.transitions import vocabulary
from registry.models import AssessmentBody

KEYS = {"label", "reason_required", "dangerous"}
TESTS = Path(__file__).resolve().parent.parent


def machines() -> list[tuple[type, str]]:
    """(model, field name) of every FSM field of the project's models, walked through the app registry."""
    return [
        (model, field.name)
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if isinstance(field, FSMFieldMixin)
    ]


def transitions() -> list:
    return [
        (model, t)
        for model, name in machines()
        for t in model._meta.get_field(name).get_all_transitions(model)
    ]


def test_the_walk_finds_the_machines():
    found = {model.__name__ for model, _field in machines()}
    assert {
        "AssessmentBody",
        "FilingApplication",
        "Certification",
        "Assignment",
        "Result",
        "AuditCase",
    } <= found


@pytest.mark.parametrize(
    ("model", "transition"),
    transitions(),
    ids=lambda v: getattr(v, "__name__", None) or f"{v.name}[{v.source}]",
)
def test_every_transition_has_its_vocabulary(model, transition):
    custom = transition.custom
    assert set(custom) >= KEYS, f"{model.__name__}.{transition.name} lacks {KEYS - set(custom)}"
    assert str(custom["label"]).strip()
    assert type(custom["reason_required"]) is bool
    assert type(custom["dangerous"]) is bool


def test_one_transition_says_the_same_from_every_source():
    said = {}
    for model, t in transitions():
        vocabulary_here = (str(t.custom["label"]), t.custom["reason_required"], t.custom["dangerous"])
        assert said.setdefault((model, t.name), vocabulary_here) == vocabulary_here, (model, t.name)


def test_every_machine_has_a_matrix_test():
    """A new state machine is not done until a matrix test compares itself with it (helpers.transitions_of)."""
    matrices = "\n".join(p.read_text() for p in TESTS.rglob("test_*transitions*.py"))
    missing = [m.__name__ for m, _f in machines() if f"transitions_of({m.__name__})" not in matrices]
    assert not missing


@translation.override("en")
def test_a_name_shared_by_two_models_keeps_each_models_meaning():
    body_revoke = vocabulary(AssessmentBody(status="active"), "revoke")
    certificate_revoke = vocabulary(Result(status="issued"), "revoke")
    assert str(body_revoke[0]) == "Revoke filing"
    assert str(certificate_revoke[0]) == "Revoke the certificate"
    assert body_revoke[1:] == certificate_revoke[1:] == (True, True)


@translation.override("en")
def test_vocabulary_of_a_past_step_and_of_a_name_that_is_no_transition():
    # A history row names a transition the record can no longer run from its present state.
    assert str(vocabulary(AssessmentBody(status="revoked"), "suspend")[0]) == "Suspend"
    assert vocabulary(AssessmentBody(), "created") == ("created", False, False)
