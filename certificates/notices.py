"""What the certificate audit tells a body's administrators: an audit case opened against their body,
and a case confirmed (its certificates revoked)."""

from functools import partial

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from certificates.models import AuditCase
from notifications.models import Kind
from notifications.services import notify, notify_each
from registry.selectors import administrators_of


def _params(case: AuditCase) -> dict:
    return {
        "number": case.number,
        "body": case.body.name,
        "rule": case.get_rule_display() if case.rule else _("from a complaint"),
    }


def cases_opened(*, case_ids: list[int]) -> None:
    """Cases the audit opened in bulk: announced once the audit commits, read then, so that grouping
    hits into cases stays a fixed number of queries however many cases it opens."""
    if case_ids:
        transaction.on_commit(partial(_announce_opened, list(case_ids)))


def _announce_opened(case_ids: list[int]) -> None:
    cases = AuditCase.objects.filter(pk__in=case_ids).select_related("body").order_by("pk")
    notify_each(_opened(case) for case in cases)


def case_opened(*, case: AuditCase) -> None:
    notify(**_opened(case))


def _opened(case: AuditCase) -> dict:
    return {
        "recipients": administrators_of(case.body_id),
        "kind": Kind.CASE_OPENED,
        "title": _("Audit case %(number)s opened about %(body)s"),
        "body": _("The centre opened audit case %(number)s (%(rule)s) about %(body)s's certificates."),
        "params": _params(case),
        "link": case.get_absolute_url(),
    }


def case_confirmed(*, case: AuditCase, reason: str) -> None:
    notify(
        recipients=administrators_of(case.body_id),
        kind=Kind.CASE_CONFIRMED,
        title=_("Audit case %(number)s confirmed: %(count)s certificates revoked"),
        body=_("Audit case %(number)s (%(rule)s) about %(body)s was confirmed. Reason: %(reason)s"),
        params={**_params(case), "count": case.revoked_count, "reason": reason},
        link=case.get_absolute_url(),
    )
