"""Statistical rules: patterns across a body's rows, reported against the body (no single result)."""

import pandas as pd
from django.conf import settings
from django.utils.translation import gettext as _

from certificates.rules import hits
from certificates.rules.data import Frames, day_text

# Shares and differences are compared after rounding, so that e.g. 0.9 − 0.65 counts as 0.25 exactly.
_DIGITS = 9
# What both rules read of their context (one list, so that the context is cut out once for both).
PERIOD_COLUMNS = [
    "body_id",
    "occupation_id",
    "level",
    "exam_date",
    "theory_score",
    "skill_score",
    "certificate_no",
]


def _score(values: pd.Series) -> pd.Series:
    """60, 59.5: scores as written, without a trailing '.0'."""
    return values.map("{:g}".format)


def _percent(share: pd.Series) -> pd.Series:
    return (share * 100).round().astype("int64").astype(str) + "%"


def pass_rate_outlier(frames: Frames) -> pd.DataFrame:
    """PASS_RATE_OUTLIER: per body × occupation × level × calendar quarter of the exam date, with at least
    AUDIT_PASS_RATE_MIN_CANDIDATES candidates, the share holding a certificate number is more than
    AUDIT_PASS_RATE_EXCESS above the pooled share at the other bodies (which together need at least
    AUDIT_PASS_RATE_MIN_PEERS candidates). Key "occupation|level|2026Q1". With a roster: the
    occupation × level × quarter groups it touches, every body in them."""
    context = frames.in_periods(PERIOD_COLUMNS)
    if context.empty:
        return hits.none()
    rows = pd.DataFrame(
        {
            "body_id": context["body_id"],
            "occupation_id": context["occupation_id"],
            "level": context["level"],
            "year": context["exam_date"].dt.year,
            "q": context["exam_date"].dt.quarter,
            "passed": (context["certificate_no"] != "").astype("int64"),
        }
    )
    group = ["occupation_id", "level", "year", "q"]
    per_body = rows.groupby(["body_id", *group], sort=True)["passed"].agg(["size", "sum"]).reset_index()
    per_body["quarter"] = per_body["year"].astype("str") + "Q" + per_body["q"].astype("str")
    totals = per_body.groupby(group, sort=False)[["size", "sum"]].transform("sum")
    peers, peer_passed = totals["size"] - per_body["size"], totals["sum"] - per_body["sum"]
    rate = per_body["sum"] / per_body["size"]
    peer_rate = peer_passed / peers.where(peers > 0)
    outlier = (
        (per_body["size"] >= settings.AUDIT_PASS_RATE_MIN_CANDIDATES)
        & (peers >= settings.AUDIT_PASS_RATE_MIN_PEERS)
        & ((rate - peer_rate).round(_DIGITS) > settings.AUDIT_PASS_RATE_EXCESS)
    )
    found = per_body[outlier]
    if found.empty:
        return hits.none()
    key = (
        found["occupation_id"].map(frames.occupation_codes)
        + "|"
        + found["level"].astype(str)
        + "|"
        + found["quarter"]
    )
    detail = hits.say(
        _(
            "pass rate %(rate)s (%(passed)s/%(candidates)s) for %(what)s in %(quarter)s"
            " vs %(peer_rate)s (%(peer_passed)s/%(peers)s) at other bodies"
        ),
        found.index,
        rate=_percent(rate[found.index]),
        passed=found["sum"],
        candidates=found["size"],
        what=hits.occupation_level(frames, found),
        quarter=found["quarter"],
        peer_rate=_percent(peer_rate[found.index]),
        peer_passed=peer_passed[found.index],
        peers=peers[found.index],
    )
    return hits.for_groups(found["body_id"], key, detail)


def score_cluster(frames: Frames) -> pd.DataFrame:
    """SCORE_CLUSTER: per body × occupation × level × exam date with at least
    AUDIT_SCORE_CLUSTER_MIN_CANDIDATES candidates, one (theory, skill) pair held by at least
    AUDIT_SCORE_CLUSTER_SAME_PAIR_SHARE of all candidates, or at least AUDIT_SCORE_CLUSTER_AT_PASS_SHARE of
    the passers (rows with a certificate number) having theory or skill within
    AUDIT_SCORE_CLUSTER_AT_PASS_BAND points at or above the pass mark (60 ≤ score ≤ 62 by default).
    Key "occupation|level|2026-03-02". With a roster: the groups it touches, over all their stored rows."""
    group = ["body_id", "occupation_id", "level", "exam_date"]
    context = frames.in_periods(PERIOD_COLUMNS)
    context = context[frames.touched(context, group)]
    if context.empty:
        return hits.none()
    mark = settings.RESULT_PASS_SCORE
    band = settings.AUDIT_SCORE_CLUSTER_AT_PASS_BAND
    scores = context[group].assign(
        theory=context["theory_score"].round(2),
        skill=context["skill_score"].round(2),
        passed=context["certificate_no"] != "",
    )
    at_mark = scores["theory"].between(mark, mark + band) | scores["skill"].between(mark, mark + band)
    scores["at_pass"] = scores["passed"] & at_mark

    per_group = scores.groupby(group, sort=True).agg(
        candidates=("passed", "size"), passers=("passed", "sum"), at_pass=("at_pass", "sum")
    )
    pairs = scores.groupby([*group, "theory", "skill"], sort=True).size().rename("holders").reset_index()
    # the most held pair of each group; ties go to the lowest scores
    pairs = pairs.sort_values(
        [*group, "holders", "theory", "skill"], ascending=[True] * 4 + [False, True, True]
    )
    top = pairs.drop_duplicates(group, keep="first").set_index(group)
    per_group = per_group.join(top)

    big = per_group["candidates"] >= settings.AUDIT_SCORE_CLUSTER_MIN_CANDIDATES
    pair_share = per_group["holders"] / per_group["candidates"]
    pass_share = per_group["at_pass"] / per_group["passers"].where(per_group["passers"] > 0)
    same_pair = big & (pair_share.round(_DIGITS) >= settings.AUDIT_SCORE_CLUSTER_SAME_PAIR_SHARE)
    at_pass = big & (pass_share.round(_DIGITS) >= settings.AUDIT_SCORE_CLUSTER_AT_PASS_SHARE)
    found = per_group[same_pair | at_pass].reset_index()
    if found.empty:
        return hits.none()
    same_pair, at_pass = same_pair[same_pair | at_pass].to_numpy(), at_pass[same_pair | at_pass].to_numpy()
    index = found.index
    reasons = [
        hits.say(
            _("%(holders)s of %(candidates)s candidates scored %(theory)s/%(skill)s (%(share)s)"),
            index,
            holders=found["holders"].astype("int64"),
            candidates=found["candidates"],
            theory=_score(found["theory"]),
            skill=_score(found["skill"]),
            share=_percent(found["holders"] / found["candidates"]),
        ).where(same_pair, ""),
        hits.say(
            _("%(at_pass)s of %(passers)s passers within %(band)s points of the pass mark (%(share)s)"),
            index,
            at_pass=found["at_pass"].astype("int64"),
            passers=found["passers"].astype("int64"),
            band=f"{band:g}",
            share=_percent(found["at_pass"] / found["passers"].where(found["passers"] > 0).fillna(1)),
        ).where(at_pass, ""),
    ]
    occupation = found["occupation_id"].map(frames.occupation_codes)
    date = day_text(found["exam_date"])
    key = occupation + "|" + found["level"].astype(str) + "|" + date
    detail = hits.say(
        _("%(what)s on %(date)s: %(reasons)s"),
        index,
        what=hits.occupation_level(frames, found),
        date=date,
        reasons=hits.joined(reasons, index),
    )
    return hits.for_groups(found["body_id"], key, detail)
