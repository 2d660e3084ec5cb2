"""The printed records of a version's stages: the experts' opinions (论证), the panel's votes (评审) and the
filing with the ministry (报备), as PDFs (WeasyPrint through common.pdf).

They are official Chinese documents whatever language the officer's page is in, and they are printed from
the records as they stand: opinions and votes are append-only and a filed version is frozen, so a record
printed twice says the same.
"""

from pathlib import Path

from django.template.loader import render_to_string
from django.utils import translation

from common.pdf import html_to_pdf
from common.transitions import timeline
from specifications.models import ReviewOutcome, SpecificationVersion

LANGUAGE = "zh-hans"
STYLESHEET = Path(__file__).with_name("record.css")
STAGES = {
    "argument": "specifications/records/argument.html",
    "review": "specifications/records/review.html",
    "filing": "specifications/records/filing.html",
}


def person(user) -> str:
    if user is None:
        return ""
    profile = getattr(user, "profile", None)
    return (getattr(profile, "display_name", "") or "") or user.get_username()


def rounds_of(records) -> list[tuple[int, list]]:
    """(round, records of that round), oldest round first."""
    grouped: dict[int, list] = {}
    for record in records:
        grouped.setdefault(record.round, []).append(record)
    return sorted(grouped.items())


def tally(version: SpecificationVersion, votes: list) -> dict:
    passes = sum(1 for v in votes if v.passes)
    return {"pass": passes, "fail": len(votes) - passes, "cast": len(votes)}


def available(version: SpecificationVersion) -> list[str]:
    """The stages with something to print."""
    stages = []
    if version.opinions.exists():
        stages.append("argument")
    if version.votes.exists():
        stages.append("review")
    if version.filed_on:
        stages.append("filing")
    return stages


def render_html(version: SpecificationVersion, stage: str) -> str:
    opinions = list(version.opinions.select_related("expert__profile").order_by("round", "recorded_at", "pk"))
    votes = list(version.votes.select_related("expert__profile").order_by("round", "cast_at", "pk"))
    vote_rounds = [
        (number, [(v, person(v.expert)) for v in batch], tally(version, batch))
        for number, batch in rounds_of(votes)
    ]
    with translation.override(LANGUAGE):
        outcome = version.review_outcome() if version.status != "argued" else None
        return render_to_string(
            STAGES[stage],
            {
                "v": version,
                "spec": version.specification,
                "proposer": version.body.name if version.body_id else "重庆市职业技能鉴定指导中心",
                "proposed_by": person(version.proposed_by),
                "units": version.units.order_by("position"),
                "occupations": version.occupations.order_by("code"),
                "opinion_rounds": [
                    (n, [(o, person(o.expert)) for o in batch]) for n, batch in rounds_of(opinions)
                ],
                "vote_rounds": vote_rounds,
                "panel": [person(a.expert) for a in version.panel().select_related("expert__profile")],
                "outcome": outcome,
                "passed": outcome == ReviewOutcome.PASSED,
                "steps": [(log, person(log.by)) for log in timeline(version).select_related("by__profile")],
            },
        )


def render_pdf(version: SpecificationVersion, stage: str) -> bytes:
    return html_to_pdf(render_html(version, stage), stylesheet=STYLESHEET)


def filename(version: SpecificationVersion, stage: str) -> str:
    return f"{version.specification.code}-v{version.number}-{stage}.pdf"
