"""What the audits app adds to the public register: each body's latest published evaluation."""

from django.utils.translation import gettext as _

from audits.selectors import published_evaluations


def latest_grade(bodies: list) -> dict[int, list[tuple[str, str]]]:
    latest = published_evaluations([b.pk for b in bodies])
    return {
        body_id: [
            (
                _("Latest evaluation"),
                _("%(year)s: %(grade)s (%(total)s)")
                % {"year": e.year, "grade": e.get_grade_display(), "total": e.total},
            )
        ]
        for body_id, e in latest.items()
    }
