"""The scope-line formset: untouched spare rows are ignored, half-filled rows are errors."""

from registry.forms import ScopeFormSet


def post(rows: list[dict]) -> dict:
    data = {"scope-TOTAL_FORMS": str(len(rows)), "scope-INITIAL_FORMS": "0"}
    for i, row in enumerate(rows):
        data.update({f"scope-{i}-{k}": v for k, v in row.items()})
    return data


def test_spare_row_with_default_selects_is_ignored(db):
    formset = ScopeFormSet(
        post(
            [
                {"occupation_code": "6-31-01-03", "level": "4", "action": "add"},
                {"level": "5", "action": "add"},
            ]
        ),
        prefix="scope",
    )
    assert formset.is_valid(), formset.errors
    assert [(r.occupation_code, r.level) for r in formset.requests()] == [("6-31-01-03", 4)]


def test_bad_work_type_is_a_field_error(db):
    formset = ScopeFormSet(
        post([{"occupation_code": "6-31-01-03", "work_type": "x", "level": "4", "action": "add"}]),
        prefix="scope",
    )
    assert not formset.is_valid()
    assert "work_type" in formset.errors[0]
