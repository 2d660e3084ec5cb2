"""The technical colleges' catalogue (技工院校名录): kept by the centre (and the bureau), read by district
officers for their own district. Each college shows whether it is filed today (plans.selectors)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from common import tables
from common.forms import add_errors
from common.views import page_of, query_without_page
from plans import imports, selectors, services
from plans.forms import CloseCollegeForm, CollegeFilterForm, CollegeForm, CollegeImportForm
from plans.models import TechnicalCollege
from plans.permissions import can_edit_colleges, can_view_colleges, colleges_district_id

ERRORS_KEPT = 1000  # problems of a refused file kept in the session for the CSV


def _keepers_only(user) -> None:
    if not can_edit_colleges(user):
        raise PermissionDenied


@require_GET
@login_required
def college_list(request):
    if not can_view_colleges(request.user):
        raise PermissionDenied
    today = timezone.localdate()
    qs = selectors.colleges_with_filing(on=today)
    own_district = colleges_district_id(request.user)
    if own_district is not None:
        qs = qs.filter(district_id=own_district)
    form = CollegeFilterForm(request.GET or None)
    if own_district is not None:
        del form.fields["district"]
    if form.is_valid():
        q = form.cleaned_data["q"].strip()
        if q:
            qs = qs.filter(Q(name__icontains=q) | Q(credit_code__icontains=q))
        if form.cleaned_data.get("district"):
            qs = qs.filter(district=form.cleaned_data["district"])
    return render(
        request,
        "plans/college_list.html",
        {
            "form": form,
            "page": page_of(request, qs.order_by("district__code", "name")),
            "query": query_without_page(request),
            "today": today,
            "can_edit": can_edit_colleges(request.user),
        },
    )


@login_required
def college_form(request, pk: int | None = None):
    """Add a college, or change one."""
    _keepers_only(request.user)
    college = get_object_or_404(TechnicalCollege, pk=pk) if pk else TechnicalCollege()
    form = CollegeForm(request.POST or None, instance=college)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_college(user=request.user, college=college, values=form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Saved: %(name)s.") % {"name": college.name})
            return redirect("plans:college_list")
    return render(request, "plans/college_form.html", {"form": form, "college": college})


@login_required
def college_close(request, pk: int):
    """Mark a college closed from a day: it stays in the catalogue, marked closed."""
    _keepers_only(request.user)
    college = get_object_or_404(TechnicalCollege, pk=pk)
    form = CloseCollegeForm(request.POST or None, initial={"closed_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        services.close_college(user=request.user, college=college, on=form.cleaned_data["closed_on"])
        messages.success(request, _("%(name)s is marked closed.") % {"name": college.name})
        return redirect("plans:college_list")
    return render(request, "plans/college_close.html", {"form": form, "college": college})


@login_required
def college_import(request):
    """A catalogue file: checked whole; any problem refuses it, listed here and as a CSV."""
    _keepers_only(request.user)
    form = CollegeImportForm(request.POST or None, request.FILES or None)
    problems = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            outcome = imports.import_colleges(
                user=request.user, data=tables.upload_bytes(upload), filename=upload.name
            )
        except tables.TableRefused as refused:
            problems = refused
            request.session["college_import_errors"] = [
                [e.row, e.column, e.value, e.message] for e in refused.errors[:ERRORS_KEPT]
            ]
        else:
            messages.success(
                request,
                _("Imported: %(created)d added, %(updated)d changed, %(unchanged)d unchanged.")
                % vars(outcome),
            )
            return redirect("plans:college_list")
    return render(request, "plans/college_import.html", {"form": form, "problems": problems})


@require_GET
@login_required
def college_import_template(request, fmt: str):
    _keepers_only(request.user)
    if fmt not in tables.FORMATS:
        raise Http404
    content, filename = imports.template_file(fmt)
    return tables.attachment(content, fmt=fmt, filename=filename)


@require_GET
@login_required
def college_import_errors(request):
    _keepers_only(request.user)
    errors = [tables.RowError(*e) for e in request.session.get("college_import_errors", [])]
    return tables.attachment(tables.errors_csv(errors), fmt="csv", filename="college-import-errors.csv")
