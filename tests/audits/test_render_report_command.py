"""`manage.py render_report`: lists what has an issued report, renders the current revision to a file."""

import io

import pytest
from django.core.management import CommandError, call_command

from audits.reports.issue import current_report
from tests import factories
from tests.audits.test_report_pdf import graded_evaluation

pytestmark = pytest.mark.django_db


def command(*args, **options) -> str:
    out = io.StringIO()
    call_command("render_report", *args, stdout=out, **options)
    return out.getvalue()


def test_list_names_each_object_with_an_issued_report_once():
    reviewed = factories.inspection_in("reviewed")  # two revisions: submitted, then reviewed
    submitted = factories.inspection_in("submitted")
    factories.inspection_in("in_progress")  # nothing issued yet
    evaluation = graded_evaluation()

    lines = command("--list").splitlines()

    assert sorted(lines) == sorted(
        [
            f"inspection {reviewed.pk} {reviewed.number}",
            f"inspection {submitted.pk} {submitted.number}",
            f"evaluation {evaluation.pk} {evaluation.number}",
        ]
    )
    assert lines[0].split(" ")[0] == "inspection"  # kind first, space-separated


@pytest.mark.parametrize("kind", ["inspection", "evaluation"])
def test_renders_the_current_revision_to_a_pdf_file(kind, tmp_path):
    source = factories.inspection_in("reviewed") if kind == "inspection" else graded_evaluation()
    report = current_report(source)
    path = tmp_path / "out.pdf"

    out = command(kind, str(source.pk), "-o", str(path))

    assert path.read_bytes().startswith(b"%PDF")
    assert f"{report.number} revision {report.revision}" in out
    if kind == "inspection":
        assert report.revision == 2  # the reviewed revision, not the submitted one


def test_unknown_id_is_an_error(tmp_path):
    path = tmp_path / "out.pdf"
    with pytest.raises(CommandError, match="No inspection has id 999999"):
        command("inspection", "999999", "-o", str(path))
    with pytest.raises(CommandError, match="No evaluation has id 999999"):
        command("evaluation", "999999", "-o", str(path))
    assert not path.exists()


def test_object_without_an_issued_report_is_an_error(tmp_path):
    planned = factories.inspection_in("planned")
    path = tmp_path / "out.pdf"
    with pytest.raises(CommandError, match=f"{planned.number} has no issued report yet"):
        command("inspection", str(planned.pk), "-o", str(path))
    assert not path.exists()


@pytest.mark.parametrize(
    "args",
    [("inspection", "1"), ("inspection",), (), ("order", "1", "-o", "x.pdf")],
    ids=["no output", "no id", "nothing", "unknown kind"],
)
def test_incomplete_or_wrong_arguments_are_errors(args):
    with pytest.raises(CommandError):
        command(*args)
