"""Result rosters in, findings out: the import page, the findings dashboard and audit cases."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from accounts.roles import Role, has_role, is_centre
from certificates import selectors
from certificates.charts import bar_chart
from certificates.forms import ComplaintForm, RosterUploadForm
from certificates.jobs import ERROR_FOLDER, ROSTER_IMPORT
from certificates.models import CaseStatus, Rule
from certificates.rosters.template import column_guide, template_file
from certificates.services import cases as case_services
from common import tables
from common.forms import add_errors
from common.tables import kept, upload_bytes
from common.transitions import available_transitions, timeline
from common.views import confirm_transition, page_of, query_without_page
from jobs import services as job_services
from registry.models import District
from registry.selectors import bodies_visible_to

MAY_IMPORT = (Role.CENTRE_OFFICER, Role.BODY_ADMIN)
MAY_READ = (Role.CENTRE_OFFICER, Role.DISTRICT_OFFICER, Role.BUREAU_ADMIN, Role.BODY_ADMIN)
CASE_ACTIONS = ["investigate", "confirm", "dismiss"]


def _readers_only(user) -> None:
    if not has_role(user, *MAY_READ):
        raise PermissionDenied


@login_required
def roster_list(request):
    _readers_only(request.user)
    return render(
        request,
        "certificates/roster_list.html",
        {
            "page": page_of(request, selectors.rosters_visible_to(request.user)),
            "can_import": has_role(request.user, *MAY_IMPORT),
        },
    )


@login_required
def roster_upload(request):
    """Upload a roster: the file is kept and a job checks, stores and audits it (its page shows how far
    it got, and the problems of a refused file)."""
    if not has_role(request.user, *MAY_IMPORT):
        raise PermissionDenied
    form = RosterUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            data = upload_bytes(upload)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            job = job_services.start(
                kind=ROSTER_IMPORT, owner=request.user, upload=data, filename=upload.name
            )
            return redirect(job)
    return render(request, "certificates/roster_upload.html", {"form": form, "columns": column_guide()})


@login_required
def roster_template(request, fmt: str):
    """A blank roster with the headers the import reads (certificates/rosters/template.py)."""
    if not has_role(request.user, *MAY_IMPORT):
        raise PermissionDenied
    if fmt not in ("csv", "xlsx"):
        raise Http404
    content, filename = template_file(fmt)
    return tables.attachment(content, fmt=fmt, filename=filename)


@login_required
def roster_errors(request, token: str):
    """The refused file's problems as CSV, for the person who uploaded it."""
    if not token.startswith(f"{request.user.pk}-") or not token.replace("-", "").isalnum():
        raise Http404
    path = kept.kept(ERROR_FOLDER, f"{token}.csv")
    if path is None:  # never kept, or purged after ERROR_REPORT_KEEP_DAYS
        raise Http404
    return FileResponse(
        path.open("rb"), as_attachment=True, filename="roster-errors.csv", content_type="text/csv"
    )


@login_required
def roster_detail(request, pk: int):
    _readers_only(request.user)
    roster = get_object_or_404(selectors.rosters_visible_to(request.user), pk=pk)
    hits = selectors.hits_visible_to(request.user).filter(result__roster=roster)
    by_rule = hits.values("rule").annotate(n=Count("id")).order_by("rule")
    labels = dict(Rule.choices)
    return render(
        request,
        "certificates/roster_detail.html",
        {
            "roster": roster,
            "by_rule": [(row["rule"], labels.get(row["rule"], row["rule"]), row["n"]) for row in by_rule],
            "hits": page_of(request, hits.order_by("result__line", "rule")),
        },
    )


@login_required
def findings(request):
    """Hits by rule, body and district, with the filters an officer works through."""
    _readers_only(request.user)
    hits = selectors.hits_visible_to(request.user)
    rule, district, q = (
        request.GET.get("rule", ""),
        request.GET.get("district", ""),
        request.GET.get("q", "").strip(),
    )
    if rule in Rule.values:
        hits = hits.filter(rule=rule)
    if district.isdigit() and len(district) <= 9:  # longer overflows the database's integer (a 500)
        hits = hits.filter(body__district_id=int(district))
    if q:
        hits = hits.filter(body__name__icontains=q)
    labels = dict(Rule.choices)
    by_rule = [
        (row["rule"], str(labels.get(row["rule"], row["rule"])), row["n"])
        for row in hits.values("rule").annotate(n=Count("id")).order_by("-n", "rule")
    ]
    by_body = (
        hits.values("body_id", "body__name", "body__filing_no")
        .annotate(n=Count("id"))
        .order_by("-n", "body__name")[:20]
    )
    by_district = (
        hits.values("body__district__name").annotate(n=Count("id")).order_by("-n", "body__district__name")
    )
    return render(
        request,
        "certificates/findings.html",
        {
            "total": hits.count(),
            "by_rule": by_rule,
            "chart": bar_chart([(label, n) for _code, label, n in by_rule]),
            "by_body": by_body,
            "by_district": by_district,
            # Grouped on the page by body, then by case (certificates/_hit_groups.html).
            "hits": page_of(
                request, hits.order_by("body__name", "body_id", "case__number", "-found_at", "pk")
            ),
            "query": query_without_page(request),
            "rules": Rule.choices,
            "districts": District.objects.filter(
                pk__in=bodies_visible_to(request.user).values("district_id")
            ).order_by("code"),
            "rule": rule,
            "district": district,
            "q": q,
        },
    )


@login_required
def case_list(request):
    _readers_only(request.user)
    qs = (
        selectors.cases_visible_to(request.user)
        .annotate(hit_count=Count("hits"))
        .order_by("-opened_at", "-pk")
    )
    status, rule = request.GET.get("status", ""), request.GET.get("rule", "")
    if status in CaseStatus.values:
        qs = qs.filter(status=status)
    if rule in Rule.values:
        qs = qs.filter(rule=rule)
    return render(
        request,
        "certificates/case_list.html",
        {
            "page": page_of(request, qs),
            "query": query_without_page(request),
            "statuses": CaseStatus.choices,
            "rules": Rule.choices,
            "status": status,
            "rule": rule,
            "can_open": is_centre(request.user),
        },
    )


@login_required
def case_detail(request, pk: int):
    _readers_only(request.user)
    case = get_object_or_404(selectors.cases_visible_to(request.user), pk=pk)
    return render(
        request,
        "certificates/case_detail.html",
        {
            "case": case,
            "hits": page_of(request, case.hits.select_related("result", "result__occupation").order_by("pk")),
            "timeline": timeline(case),
            "actions": [a for a in available_transitions(case, request.user) if a in CASE_ACTIONS],
        },
    )


@login_required
def case_action(request, pk: int, action: str):
    case = get_object_or_404(selectors.cases_visible_to(request.user), pk=pk)

    def run(form):
        reason = form.cleaned_data["reason"]
        if action == "investigate":
            case_services.investigate(case=case, user=request.user)
        elif action == "confirm":
            case_services.confirm_case(case=case, user=request.user, reason=reason)
        else:
            case_services.dismiss_case(case=case, user=request.user, reason=reason)

    return confirm_transition(request, case, action, actions=CASE_ACTIONS, run=run)


@login_required
def case_new(request):
    """A case from a complaint about a body."""
    if not is_centre(request.user):
        raise PermissionDenied
    form = ComplaintForm(request.POST or None, bodies=bodies_visible_to(request.user).exclude(filing_no=None))
    if request.method == "POST" and form.is_valid():
        try:
            case = case_services.open_complaint(
                user=request.user, body=form.cleaned_data["body"], text=form.cleaned_data["text"]
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Case %(n)s opened.") % {"n": case.number})
            return redirect(case)
    return render(request, "certificates/case_form.html", {"form": form})
