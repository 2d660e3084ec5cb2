"""The dashboard (centre officers and the bureau: the city or a district; a district officer: its own
district), its monthly reports, and the public statistics. The figures come from plans.dashboard; these
views choose the year, the day and the scope, and lay the figures out (plans.charts)."""

import datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET, require_POST

from audits.views.common import file_response
from common.views import page_of
from jobs import services as jobs
from plans import dashboard
from plans.charts import layout
from plans.forms import DashboardForm, ReportForm, year_end
from plans.jobs import MONTHLY_REPORT
from plans.permissions import may_see_dashboard, own_district
from plans.selectors import plan_years, reports_visible_to

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _reader(request):
    """The district the user is held to (None: the whole city, any district); 403 for anyone else."""
    if not may_see_dashboard(request.user):
        raise PermissionDenied
    return own_district(request.user)


def default_year(years: list[int], today: datetime.date) -> int:
    return today.year if today.year in years else years[0]


@login_required
@require_GET
def dashboard_page(request):
    own = _reader(request)
    if own is not None and request.GET.get("district", own.code) != own.code:
        raise PermissionDenied  # a district officer sees its own district only
    today, years = timezone.localdate(), plan_years()
    context = {"years": years, "own_district": own, "today": today}
    if not years:
        return render(request, "plans/dashboard.html", context)
    data = {"year": default_year(years, today), **request.GET.dict()}
    if not data.get("as_of") and str(data["year"]).isdigit() and int(data["year"]) in years:
        data["as_of"] = min(today, year_end(int(data["year"]))).isoformat()  # shown in the form
    form = DashboardForm(data, years=years, today=today, pick_district=own is None)
    context["form"] = form
    if form.is_valid():
        district = own or form.cleaned_data.get("district")
        figures = dashboard.build(
            year=form.cleaned_data["year"], as_of=form.cleaned_data["as_of"], district=district
        )
        context.update(layout(figures, highlight=district.code if district else ""))
        context["district"] = district
        context["report_form"] = ReportForm(
            initial={"year": figures.year, "month": min(figures.as_of, today).month, "district": district},
            years=years,
            today=today,
            pick_district=own is None,
        )
        reports = reports_visible_to(request.user).filter(district=district)
        context["reports"] = reports[:6]
    return render(request, "plans/dashboard.html", context)


@login_required
@require_POST
def generate_report(request):
    own = _reader(request)
    form = ReportForm(request.POST, years=plan_years(), today=timezone.localdate(), pick_district=own is None)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("dashboard:page")
    district = own or form.cleaned_data.get("district")
    job = jobs.start(
        kind=MONTHLY_REPORT,
        owner=request.user,
        params={
            "year": form.cleaned_data["year"],
            "month": form.cleaned_data["month"],
            "district": district.code if district else "",
        },
    )
    return redirect(job)


@login_required
@require_GET
def report_list(request):
    _reader(request)
    return render(request, "plans/reports.html", {"page": page_of(request, reports_visible_to(request.user))})


@login_required
@require_GET
def report_file(request, pk: int, fmt: str):
    _reader(request)
    made = get_object_or_404(reports_visible_to(request.user), pk=pk)
    field, content_type = (made.xlsx, XLSX) if fmt == "xlsx" else (made.pdf, "application/pdf")
    return file_response(field, name=made.file_name(fmt), content_type=content_type)


@require_GET
def statistics_page(request):
    """Public: aggregates only. The figures of a day are computed once per language and kept for
    STATISTICS_CACHE_SECONDS; the page may be kept as long by the browser (shared caches for visitors
    who are not signed in)."""
    today, years = timezone.localdate(), plan_years()
    context = {"years": years}
    if years:
        year = request.GET.get("year") or default_year(years, today)
        if not str(year).isdigit() or int(year) not in years:
            raise Http404
        year = int(year)
        as_of = min(today, year_end(year))
        key = f"plans:statistics:{year}:{as_of.isoformat()}:{translation.get_language()}"
        figures = cache.get(key)
        if figures is None:
            figures = dashboard.public_statistics(year=year, as_of=as_of)
            cache.set(key, figures, settings.STATISTICS_CACHE_SECONDS)
        context.update(layout(figures), year=year)
    response = render(request, "plans/statistics.html", context)
    if request.user.is_authenticated:
        patch_cache_control(response, private=True, max_age=0)
    else:
        patch_cache_control(response, public=True, max_age=settings.STATISTICS_CACHE_SECONDS)
    return response
