"""The certificate audit rules (domain.md §4): each a set-based function, frames in, hits frame out.

A rule takes the run's `Frames` (data.py) and returns a frame of hits: result_id (None for a body-level
statistical hit), body_id, key (the result id, or the group for statistical hits) and detail (what is
wrong, concretely). Each rule's docstring says which rows it looks at.

`run` audits one roster's rows, or everything stored. Rules that compare rows (duplicates, examiner-days,
statistics) look at every stored row of the groups the roster touches, so a roster run finds exactly
what a run over everything finds in those rows and groups. Hits are stored once per (rule, body, key):
running again adds nothing. Their details are written in the site's language (LANGUAGE_CODE), whoever
runs the audit: a hit's detail is part of the record, like an officer's note.
"""

from collections.abc import Callable

import pandas as pd
from django.conf import settings
from django.utils import translation

from certificates.models import Rule
from certificates.rules import examiners, hits, identity, numbers, scope, scores, statistics
from certificates.rules.data import Frames

RuleFunction = Callable[[Frames], pd.DataFrame]

RULES: dict[str, RuleFunction] = {
    Rule.ID_INVALID: identity.id_invalid,
    Rule.UNDER_AGE: identity.under_age,
    Rule.CERT_NO_FORMAT: numbers.cert_no_format,
    Rule.CERT_NO_DUPLICATE: numbers.cert_no_duplicate,
    Rule.PERSON_DUPLICATE: identity.person_duplicate,
    Rule.OUT_OF_SCOPE: scope.out_of_scope,
    Rule.BODY_NOT_ACTIVE: scope.body_not_active,
    Rule.EXAMINER_NOT_QUALIFIED: examiners.examiner_not_qualified,
    Rule.EXAMINER_OVERLOAD: examiners.examiner_overload,
    Rule.SCORE_FAIL_CERTIFIED: scores.score_fail_certified,
    Rule.DATE_ORDER: scores.date_order,
    Rule.PASS_RATE_OUTLIER: statistics.pass_rate_outlier,
    Rule.SCORE_CLUSTER: statistics.score_cluster,
}


def find(*, roster_id: int | None = None, rules: list[str] | None = None) -> pd.DataFrame:
    """Every hit the rules find now (stored or not): rule, result_id, body_id, key, detail."""
    frames = Frames(roster_id=roster_id)
    found = []
    with translation.override(settings.LANGUAGE_CODE):
        for code, rule in RULES.items():
            if rules is not None and code not in rules:
                continue
            if frames.rows.empty:
                break
            found.append(rule(frames).assign(rule=str(code)))
    if not found:
        return hits.none().assign(rule=pd.Series([], dtype="str"))
    return pd.concat(found, ignore_index=True)


def run(*, roster_id: int | None = None) -> int:
    """Run every rule over a roster's rows (or everything stored) and store the new hits; returns their number."""
    return hits.store(find(roster_id=roster_id), order=[str(code) for code in RULES])
