"""Every queue a role works through, where its list page is, and how many items wait in it.

Each queue is counted by the very selector its list page reads (the apps own their queues' rules:
registry.selectors.review_queue, audits.selectors.evaluations_to_grade, ...); this module only
gathers them. It sits above audits and certificates, so it may read every domain app and none of
them needs to know it exists.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import F, Func, IntegerField, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accounts.roles import Role, roles_of
from audits import selectors as audits
from certificates import selectors as certificates
from certificates.models import CaseStatus
from examiners import selectors as examiners
from integrity import selectors as integrity
from registry import selectors as registry
from registry.models import AssessmentBody, FilingStatus
from specifications import selectors as specifications
from specifications.models import SpecificationStatus

OFFICERS = (Role.CENTRE_OFFICER, Role.DISTRICT_OFFICER)


@dataclass(frozen=True)
class Queue:
    key: str
    label: Promise
    roles: tuple[str, ...]
    items: Callable  # user → the queryset the linked list page shows
    url_name: str
    query: str = ""
    # The navigation link whose badge adds this queue up; "" for a queue to watch, not to act on.
    nav: str = ""
    # A body administrator's queue: shown only once they administer a body.
    needs_body: bool = False

    @property
    def url(self) -> str:
        return reverse(self.url_name) + (f"?{self.query}" if self.query else "")


QUEUES = [
    # district officer
    Queue(
        "district_review",
        _("Filing applications to review"),
        (Role.DISTRICT_OFFICER,),
        lambda user: registry.review_queue(user, stage="district"),
        "registry:district_queue",
        nav="district_review",
    ),
    # centre: filing
    Queue(
        "centre_review",
        _("Filing applications to decide"),
        (Role.CENTRE_OFFICER,),
        lambda user: registry.review_queue(user, stage="centre", status=FilingStatus.CENTRE_REVIEW),
        "registry:centre_queue",
        f"status={FilingStatus.CENTRE_REVIEW}",
        nav="centre_review",
    ),
    Queue(
        "notice_over",
        _("Public notices over, to publish"),
        (Role.CENTRE_OFFICER,),
        lambda user: registry.review_queue(user, stage="centre", status=registry.NOTICE_OVER),
        "registry:centre_queue",
        f"status={registry.NOTICE_OVER}",
        nav="centre_review",
    ),
    Queue(
        "sessions_waiting",
        _("Sessions waiting for a draw"),
        (Role.CENTRE_OFFICER,),
        examiners.sessions_waiting_for_draw,
        "examiners:session_list",
        "waiting=1",
        nav="sessions",
    ),
    # officers: supervision
    Queue(
        "inspections_to_review",
        _("Inspections to review"),
        OFFICERS,
        audits.inspections_to_review,
        "audits:inspection_list",
        "status=submitted",
        nav="supervision",
    ),
    Queue(
        "orders_to_decide",
        _("Rectification answers to decide"),
        OFFICERS,
        audits.orders_to_decide,
        "audits:order_list",
        "status=responded",
        nav="supervision",
    ),
    Queue(
        "proposals_to_decide",
        _("Suspension proposals to decide"),
        (Role.CENTRE_OFFICER,),
        audits.proposals_to_decide,
        "audits:proposal_list",
        "status=proposed",
        nav="supervision",
    ),
    Queue(
        "evaluations_to_score",
        _("Evaluations to score"),
        (Role.CENTRE_OFFICER,),
        audits.evaluations_to_score,
        "audits:evaluation_list",
        "todo=score",
        nav="supervision",
    ),
    Queue(
        "evaluations_to_grade",
        _("Evaluations to grade"),
        (Role.CENTRE_OFFICER,),
        audits.evaluations_to_grade,
        "audits:evaluation_list",
        "todo=grade",
        nav="supervision",
    ),
    Queue(
        "open_orders",
        _("Open rectification orders"),
        OFFICERS,
        audits.open_orders,
        "audits:order_list",
        "status=issued",
    ),
    # centre: certificate audit and integrity
    Queue(
        "cases_to_investigate",
        _("Audit cases to investigate"),
        (Role.CENTRE_OFFICER,),
        lambda user: certificates.cases_visible_to(user).filter(status=CaseStatus.OPENED),
        "certificates:case_list",
        f"status={CaseStatus.OPENED}",
        nav="certificate_audit",
    ),
    Queue(
        "cases_to_decide",
        _("Audit cases to decide"),
        (Role.CENTRE_OFFICER,),
        lambda user: certificates.cases_visible_to(user).filter(status=CaseStatus.INVESTIGATING),
        "certificates:case_list",
        f"status={CaseStatus.INVESTIGATING}",
        nav="certificate_audit",
    ),
    Queue(
        "objections",
        _("Objections to decide"),
        (Role.CENTRE_OFFICER,),
        lambda user: integrity.filed_objections(),
        "integrity:objections",
        nav="objections",
    ),
    Queue(
        "repairs",
        _("Credit repairs to decide"),
        (Role.CENTRE_OFFICER,),
        lambda user: integrity.applied_repairs(),
        "integrity:repairs",
        nav="repairs",
    ),
    # centre: special-ability specifications
    Queue(
        "specification_proposals",
        _("Specification proposals to take up"),
        (Role.CENTRE_OFFICER,),
        specifications.proposals_to_take_up,
        "specifications:list",
        f"status={SpecificationStatus.PROPOSED}",
        nav="specifications",
    ),
    # specification experts
    Queue(
        "opinions_to_give",
        _("Specifications awaiting your opinion"),
        (Role.EXPERT,),
        specifications.opinions_to_give,
        "specifications:mine",
        "todo=opinion",
        nav="specifications",
    ),
    Queue(
        "votes_to_cast",
        _("Specifications awaiting your vote"),
        (Role.EXPERT,),
        specifications.votes_to_cast,
        "specifications:mine",
        "todo=vote",
        nav="specifications",
    ),
    # quality supervisor
    Queue(
        "inspections_to_do",
        _("Inspections to carry out"),
        (Role.SUPERVISOR,),
        audits.supervisor_to_do,
        "audits:tasks",
        nav="my_inspections",
    ),
    # body administrator
    Queue(
        "drafts",
        _("Drafts to finish and submit"),
        (Role.BODY_ADMIN,),
        lambda user: registry.own_applications(user, status=FilingStatus.DRAFT),
        "registry:dashboard",
        f"status={FilingStatus.DRAFT}",
        nav="my_filings",
        needs_body=True,
    ),
    Queue(
        "returned",
        _("Returned applications to correct"),
        (Role.BODY_ADMIN,),
        lambda user: registry.own_applications(user, status=FilingStatus.RETURNED),
        "registry:dashboard",
        f"status={FilingStatus.RETURNED}",
        nav="my_filings",
        needs_body=True,
    ),
    Queue(
        "specifications_returned",
        _("Specification proposals returned for changes"),
        (Role.BODY_ADMIN,),
        specifications.returned_to_me,
        "specifications:mine",
        f"status={SpecificationStatus.RETURNED}",
        nav="specifications",
        needs_body=True,
    ),
    Queue(
        "orders_to_answer",
        _("Rectification orders to answer"),
        (Role.BODY_ADMIN,),
        audits.orders_to_answer,
        "audits:order_list",
        "status=issued",
        nav="my_audits",
        needs_body=True,
    ),
    Queue(
        "evaluations_to_self_assess",
        _("Evaluations to self-assess"),
        (Role.BODY_ADMIN,),
        audits.evaluations_to_self_assess,
        "audits:evaluation_list",
        "todo=self_assess",
        nav="my_audits",
        needs_body=True,
    ),
]

_by_key = {queue.key: queue for queue in QUEUES}

# Roles with a to-do panel: they land on it after signing in.
ROLES_WITH_QUEUES = frozenset(role for queue in QUEUES for role in queue.roles)


def queues_for(user) -> list[Queue]:
    """The queues of the roles `user` holds (a user with two roles gets both sets)."""
    roles = roles_of(user)
    seen, mine = set(), []
    for queue in QUEUES:
        if roles.intersection(queue.roles) and queue.key not in seen:
            seen.add(queue.key)
            mine.append(queue)
    return mine


def _count(qs: QuerySet) -> Coalesce:
    """The number of rows of `qs` as a scalar subquery (COUNT written as a plain function, so that
    Django adds no GROUP BY), 0 when the selector returned nothing at all."""
    counted = qs.order_by().annotate(n=Func(F("pk"), function="COUNT", output_field=IntegerField()))
    return Coalesce(Subquery(counted.values("n")), 0)


@dataclass
class Counts:
    by_queue: dict[str, int]
    has_body: bool

    def badge(self, queues: list[Queue]) -> dict[str, int]:
        """Each navigation link's badge: the sum of the queues it leads to."""
        if not queues:
            return {}
        badges: dict[str, int] = {}
        for queue in queues:
            if queue.nav and queue.key in self.by_queue:
                badges[queue.nav] = badges.get(queue.nav, 0) + self.by_queue[queue.key]
        badges["todo"] = sum(badges.values())
        return badges


def count(user, queues: list[Queue]) -> Counts:
    """Every queue's count, and whether a body administrator administers a body: one query."""
    if not queues:
        return Counts({}, has_body=False)
    columns = {queue.key: _count(queue.items(user)) for queue in queues}
    columns["_bodies"] = _count(AssessmentBody.objects.filter(pk__in=registry.administered_body_ids(user)))
    row = get_user_model().objects.filter(pk=user.pk).values(**columns).get()
    has_body = row.pop("_bodies") > 0
    return Counts({k: v for k, v in row.items() if has_body or not _by_key[k].needs_body}, has_body)


def counts_for(request) -> tuple[list[Queue], Counts]:
    """The user's queues and their counts, worked out once per request (the panel and the
    navigation's badges read the same numbers) and never kept longer."""
    cached = getattr(request, "_todo_counts", None)
    if cached is None:
        queues = queues_for(request.user) if request.user.is_authenticated else []
        cached = request._todo_counts = (queues, count(request.user, queues))
    return cached
