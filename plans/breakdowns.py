"""The dashboard's breakdowns as figures.Table, from one period's plans.metrics.Facts.

Each takes `district_id` (None: the whole city) and restricts its rows' facts to that district, except the
by-district tables, which always list all 38 districts in code order so a district sees itself against
the others. Keys are ASCII and at most 31 characters: they name the report's XLSX sheets.
"""

import pandas as pd
from django.utils.translation import gettext as _

from audits.models import InspectionKind, Severity
from certificates.models import EvaluationType, Rule
from examiners.models import Role, Track
from plans.figures import Row, Table
from plans.metrics import Facts
from plans.metrics.bodies import ACTIVE, IN_FORCE
from plans.metrics.period import half_up
from registry.models import Level, Occupation
from registry.models.body import BodyKind

LEVELS = [
    Level.LEVEL_5,
    Level.LEVEL_4,
    Level.LEVEL_3,
    Level.LEVEL_2,
    Level.LEVEL_1,
    Level.PRINCIPAL,
    Level.CHIEF,
]
# 高技能人才: senior workers (level 3) and above, the pilot's 特级技师 and 首席技师 included.
HIGHLY_SKILLED = [Level.LEVEL_3, Level.LEVEL_2, Level.LEVEL_1, Level.PRINCIPAL, Level.CHIEF]
TOP_OCCUPATIONS = 20


def _rate(evaluations: int, certificates: int) -> int:
    return half_up(100 * certificates / evaluations) if evaluations else 0


def _totals(rows: list[Row], width: int) -> tuple[int, ...]:
    """Each column's sum (zeros when there is no row)."""
    return tuple(int(sum(row.values[n] for row in rows)) for n in range(width))


def _table(*, columns, rows: list[Row], **fields) -> Table:
    """A Table whose total is its columns' sums."""
    columns = tuple(columns)
    return Table(columns=columns, rows=rows, total=_totals(rows, len(columns)), **fields)


def _evaluation_row(label: str, figures: pd.Series | None, code: str = "") -> Row:
    evaluations = int(figures["evaluations"]) if figures is not None else 0
    certificates = int(figures["certificates"]) if figures is not None else 0
    return Row(label, (evaluations, certificates, _rate(evaluations, certificates)), code)


def _evaluation_columns() -> tuple[str, ...]:
    return (_("Candidates evaluated"), _("Certificates issued"), _("Pass rate (%)"))


def _evaluation_total(rows: list[Row]) -> tuple[int, ...]:
    evaluations = sum(row.values[0] for row in rows)
    certificates = sum(row.values[1] for row in rows)
    return (evaluations, certificates, _rate(evaluations, certificates))


def _get(frame: pd.DataFrame, key) -> pd.Series | None:
    return frame.loc[key] if key in frame.index else None


# --- bodies ---------------------------------------------------------------------------------------


def bodies_by_district(facts: Facts, districts: list, district_id: int | None = None) -> Table:
    """Every district: bodies active (all, then by kind) and filed, on the stock day."""
    on_day = facts.bodies.on(facts.period.stock_day)
    active = on_day[on_day["status"].isin(ACTIVE)]
    by_kind = active.groupby(["district_id", "kind"]).size()
    active_count = active.groupby("district_id").size()
    filed = on_day[on_day["status"].isin(IN_FORCE)].groupby("district_id").size()
    rows = [
        Row(
            district.name,
            (
                int(active_count.get(district.pk, 0)),
                *(int(by_kind.get((district.pk, kind), 0)) for kind in BodyKind.values),
                int(filed.get(district.pk, 0)),
            ),
            district.code,
        )
        for district in districts
    ]
    return _table(
        key="bodies_by_district",
        title=_("Assessment bodies by district"),
        columns=(_("Active bodies"), *(str(label) for label in BodyKind.labels), _("Filings in force")),
        rows=rows,
        label_heading=_("District"),
        chart="map",
    )


def bodies_by_kind(facts: Facts, district_id: int | None = None) -> Table:
    """Each kind of body: active and filed on the stock day, and first filed this year."""
    on_day = facts.bodies.on(facts.period.stock_day)
    new = facts.bodies.filed_between(facts.period.start, facts.period.until)
    if district_id is not None:
        on_day = on_day[on_day["district_id"] == district_id]
        new = new[new["district_id"] == district_id]
    rows = [
        Row(
            str(label),
            (
                int((on_day["kind"].eq(kind) & on_day["status"].isin(ACTIVE)).sum()),
                int((on_day["kind"].eq(kind) & on_day["status"].isin(IN_FORCE)).sum()),
                int(new["kind"].eq(kind).sum()),
            ),
            kind,
        )
        for kind, label in BodyKind.choices
    ]
    return _table(
        key="bodies_by_kind",
        title=_("Assessment bodies by kind"),
        columns=(_("Active bodies"), _("Filings in force"), _("First filed this year")),
        rows=rows,
        label_heading=_("Kind of body"),
    )


# --- evaluations and certificates -------------------------------------------------------------------


def evaluations_by_type(facts: Facts, district_id: int | None = None) -> Table:
    figures = facts.results.by("evaluation_type", district_id=district_id)
    rows = [
        _evaluation_row(str(label), _get(figures, value), value) for value, label in EvaluationType.choices
    ]
    return Table(
        key="evaluations_by_type",
        title=_("Evaluations by type"),
        columns=_evaluation_columns(),
        rows=rows,
        label_heading=_("Evaluation type"),
        total=_evaluation_total(rows),
    )


def evaluations_by_level(facts: Facts, district_id: int | None = None) -> Table:
    figures = facts.results.by("level", district_id=district_id)
    rows = [
        _evaluation_row(str(level.label), _get(figures, level.value), str(level.value)) for level in LEVELS
    ]
    return Table(
        key="evaluations_by_level",
        title=_("Evaluations by level"),
        columns=_evaluation_columns(),
        rows=rows,
        label_heading=_("Level"),
        total=_evaluation_total(rows),
    )


def top_occupations(facts: Facts, district_id: int | None = None) -> Table:
    """The 20 occupations with the most evaluations (ties: by occupation code)."""
    figures = facts.results.occupations(district_id=district_id)
    names = {}
    if not figures.empty:
        names = {
            pk: (code, name)
            for pk, code, name in Occupation.objects.filter(pk__in=figures.index.tolist()).values_list(
                "pk", "code", "name"
            )
        }
    ranked = sorted(figures.index, key=lambda pk: (-int(figures.at[pk, "evaluations"]), names[pk][0]))
    rows = [_evaluation_row(names[pk][1], figures.loc[pk], names[pk][0]) for pk in ranked[:TOP_OCCUPATIONS]]
    return Table(
        key="top_occupations",
        title=_("The 20 occupations with the most evaluations"),
        columns=_evaluation_columns(),
        rows=rows,
        label_heading=_("Occupation"),
        total=_evaluation_total(rows),
    )


def evaluations_by_district(facts: Facts, districts: list, district_id: int | None = None) -> Table:
    """Every district (of the body that evaluated)."""
    figures = facts.results.by("district_id")
    rows = [_evaluation_row(d.name, _get(figures, d.pk), d.code) for d in districts]
    return Table(
        key="evaluations_by_district",
        title=_("Evaluations by district"),
        columns=_evaluation_columns(),
        rows=rows,
        label_heading=_("District"),
        chart="map",
        total=_evaluation_total(rows),
    )


def highly_skilled(facts: Facts, district_id: int | None = None) -> Table:
    """New certificates at level 3 and above, by level and type."""
    figures = facts.results.select(district_id=district_id, levels=[level.value for level in HIGHLY_SKILLED])
    by = figures.groupby(["level", "evaluation_type"])["certificates"].sum()
    rows = [
        Row(
            str(level.label),
            tuple(int(by.get((level.value, kind), 0)) for kind in EvaluationType.values),
            str(level.value),
        )
        for level in HIGHLY_SKILLED
    ]
    return _table(
        key="highly_skilled",
        title=_("New highly-skilled certificates"),
        columns=tuple(str(label) for label in EvaluationType.labels),
        rows=rows,
        label_heading=_("Level"),
        chart="stack",
    )


# --- people, supervision, audit -----------------------------------------------------------------------


def certifications(facts: Facts, district_id: int | None = None) -> Table:
    """Examiners and quality supervisors certified this year, online and offline."""
    people = facts.certified
    if district_id is not None:
        people = people[people["district_id"] == district_id]
    by = people.groupby(["role", "track"]).size()
    rows = [
        Row(str(label), tuple(int(by.get((role, track), 0)) for track in Track.values), role)
        for role, label in Role.choices
    ]
    return _table(
        key="certifications",
        title=_("Examiners and quality supervisors certified this year"),
        columns=tuple(str(label) for label in Track.labels),
        rows=rows,
        label_heading=_("Role"),
        chart="stack",
    )


def inspections(facts: Facts, district_id: int | None = None) -> Table:
    """Per kind of inspection: done this year, their findings by severity, orders overdue on the stock day."""
    done, overdue = facts.inspections, facts.overdue
    if district_id is not None:
        done = done[done["district_id"] == district_id]
        overdue = overdue[overdue["district_id"] == district_id]
    findings = facts.findings.merge(done[["id", "kind"]], left_on="inspection_id", right_on="id")
    by_severity = findings.groupby(["kind", "severity"])["count"].sum()
    done_by_kind = done.groupby("kind").size()
    overdue_by_kind = overdue.groupby("kind").size()
    rows = [
        Row(
            str(label),
            (
                int(done_by_kind.get(kind, 0)),
                *(int(by_severity.get((kind, severity), 0)) for severity in Severity.values),
                int(overdue_by_kind.get(kind, 0)),
            ),
            kind,
        )
        for kind, label in InspectionKind.choices
    ]
    return _table(
        key="inspections",
        title=_("Inspections done this year, findings and overdue orders"),
        columns=(
            _("Inspections done"),
            *(_("Findings: %(severity)s") % {"severity": label} for label in Severity.labels),
            _("Rectification orders overdue"),
        ),
        rows=rows,
        label_heading=_("Kind of inspection"),
    )


def audit(facts: Facts, district_id: int | None = None) -> Table:
    """Per rule (and complaints): hits found, cases confirmed, certificates revoked this year."""
    hits, cases = facts.hits, facts.cases
    places, rules = facts.revoked
    if district_id is not None:
        hits = hits[hits["district_id"] == district_id]
        cases = cases[cases["district_id"] == district_id]
        places = places[places["district_id"] == district_id]
        rules = rules[rules["id"].isin(places["id"])]
    hits_by_rule = hits.groupby("rule")["count"].sum()
    cases_by_rule = cases.groupby("rule").size()
    revoked_by_rule = rules.groupby("rule")["id"].nunique()
    choices = [*Rule.choices, ("", _("Complaint"))]
    rows = [
        Row(
            str(label),
            (
                int(hits_by_rule.get(rule, 0)),
                int(cases_by_rule.get(rule, 0)),
                int(revoked_by_rule.get(rule, 0)),
            ),
            rule,
        )
        for rule, label in choices
    ]
    return Table(
        key="audit",
        title=_("Certificate audit this year"),
        columns=(_("Audit hits"), _("Cases confirmed"), _("Certificates revoked")),
        rows=rows,
        label_heading=_("Rule"),
        # A certificate named under two rules is revoked once.
        total=(int(hits["count"].sum()), len(cases), int(places["id"].nunique())),
    )


def colleges(facts: Facts, districts: list, district_id: int | None = None) -> Table:
    """Per district with open colleges: colleges, filed, not filed on the stock day."""
    open_ = facts.colleges.on(facts.period.stock_day, district_id=district_id)
    counts = open_.groupby("district_id")["filed"].agg(["size", "sum"])
    rows = [
        Row(
            d.name,
            (
                int(counts.at[d.pk, "size"]),
                int(counts.at[d.pk, "sum"]),
                int(counts.at[d.pk, "size"] - counts.at[d.pk, "sum"]),
            ),
            d.code,
        )
        for d in districts
        if d.pk in counts.index
    ]
    return _table(
        key="colleges",
        title=_("Technical colleges filed (应备尽备)"),
        columns=(_("Technical colleges"), _("Filed"), _("Not filed")),
        rows=rows,
        label_heading=_("District"),
        chart="",
    )


def college_list(facts: Facts, district_id: int | None = None) -> list[tuple[str, str, bool]]:
    """(name, district, filed) of each college open on the stock day, by district code then name."""
    open_ = facts.colleges.on(facts.period.stock_day, district_id=district_id)
    return [
        (name, district, bool(filed))
        for name, district, filed in open_[["name", "district", "filed"]].itertuples(index=False)
    ]
