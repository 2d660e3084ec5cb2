from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.roles import Role, has_role, is_body_admin, is_centre, is_district_officer
from common.forms import REVIEW_AREAS, add_errors
from common.tables import FORMATS, download
from common.transitions import available_transitions, timeline
from common.views import confirm_transition
from integrity import selectors as integrity_selectors
from integrity import views as integrity_pages
from integrity.forms import EntryForm
from integrity.models import Entry, SubjectType
from registry import exports, selectors, services
from registry.extensions import attach_register_facts
from registry.forms import (
    ApplicationForm,
    BodyForm,
    ManagerForm,
    MaterialForm,
    ParticularsChangeForm,
    QueueFilterForm,
    RegisterSearchForm,
    ScopeFormSet,
)
from registry.models import AssessmentBody, FilingApplication, FilingKind, FilingStatus, Material, Occupation
from registry.permissions import administers, can_view_body

PAGE_SIZE = 25

# What an action's confirmation page asks for besides the reason.
ACTION_FIELDS = {"approve": {"scores"}, "reject": {"scores"}, "order_rectification": {"deadline"}}


def paginate(request, queryset, size=PAGE_SIZE):
    return Paginator(queryset, size).get_page(request.GET.get("page"))


# --- public register ----------------------------------------------------------------------------


def register(request):
    form = RegisterSearchForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    bodies = selectors.public_register(**{k: v or "" for k, v in filters.items()})
    fmt = request.GET.get("format")
    if fmt in FORMATS:
        # The bodies the page lists (all pages), or their scope lines: the registry export's tables.
        if request.GET.get("what") == "scope":
            return download(exports.scope_frame(bodies), fmt=fmt, stem="scope")
        return download(exports.bodies_frame(bodies), fmt=fmt, stem="bodies")
    page = paginate(request, bodies)
    page.object_list = list(page.object_list)
    attach_register_facts(page.object_list)
    query = request.GET.copy()
    for key in ("page", "format", "what"):
        query.pop(key, None)
    return render(request, "registry/register.html", {"form": form, "page": page, "query": query.urlencode()})


def register_detail(request, filing_no: str):
    body = get_object_or_404(
        selectors.public_register()
        .prefetch_related(None)
        .prefetch_related(selectors.current_scope_prefetch()),
        filing_no=filing_no,
    )
    attach_register_facts([body])
    return render(request, "registry/register_detail.html", {"body": body})


# --- applicant ----------------------------------------------------------------------------------


@login_required
def dashboard(request):
    bodies = selectors.bodies_visible_to(request.user).prefetch_related(selectors.current_scope_prefetch())
    status = request.GET.get("status", "")
    if status not in FilingStatus.values:
        status = ""
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "registry/dashboard.html",
        {
            "bodies": bodies if is_body_admin(request.user) else bodies.none(),
            "applications": paginate(request, selectors.own_applications(request.user, status=status)),
            "status": status,
            "statuses": FilingStatus.choices,
            "query": query.urlencode(),
            "can_apply": is_body_admin(request.user),
        },
    )


def _occupations():
    return Occupation.objects.only("code", "name")


def _lines_from(formset):
    return formset.requests()


@login_required
def new_filing(request):
    if not is_body_admin(request.user):
        raise PermissionDenied
    body_form = BodyForm(request.POST or None, prefix="body")
    app_form = ApplicationForm(request.POST or None, prefix="app")
    formset = ScopeFormSet(request.POST or None, prefix="scope")
    if request.method == "POST" and body_form.is_valid() and app_form.is_valid() and formset.is_valid():
        try:
            application = services.register_body_and_apply(
                user=request.user,
                particulars=body_form.cleaned_data,
                lines=_lines_from(formset),
                statement=app_form.cleaned_data["statement"],
            )
        except ValidationError as exc:
            add_errors(body_form, exc)
        else:
            messages.success(request, _("Draft saved. Upload the materials, then submit."))
            return redirect(application)
    return render(
        request,
        "registry/filing_form.html",
        {
            "body_form": body_form,
            "app_form": app_form,
            "formset": formset,
            "occupations": _occupations(),
            "kind": FilingKind.INITIAL,
            "title": _("New filing application"),
        },
    )


@login_required
def open_filing(request, pk: int, kind: str):
    body = get_object_or_404(selectors.bodies_visible_to(request.user), pk=pk)
    if not administers(request.user, body) or kind not in services.allowed_kinds(body):
        raise PermissionDenied
    data = request.POST or None
    particulars_form = (
        ParticularsChangeForm(data, instance=body, prefix="body") if kind == FilingKind.CHANGE else None
    )
    app_form = ApplicationForm(data, prefix="app")
    formset = ScopeFormSet(data, prefix="scope") if kind == FilingKind.CHANGE else None
    forms_ok = app_form.is_valid() if data else False
    if data and particulars_form is not None:
        forms_ok = particulars_form.is_valid() and formset.is_valid() and forms_ok
    if forms_ok:
        try:
            application = services.open_application(
                user=request.user,
                body=body,
                kind=kind,
                lines=_lines_from(formset) if formset else None,
                statement=app_form.cleaned_data["statement"],
                particulars=particulars_form.changed_particulars() if particulars_form else None,
                effective_date=app_form.cleaned_data.get("effective_date"),
            )
        except ValidationError as exc:
            add_errors(app_form, exc)
        else:
            messages.success(request, _("Draft saved. Check it, add materials if needed, then submit."))
            return redirect(application)
    body.refresh_from_db()
    return render(
        request,
        "registry/filing_form.html",
        {
            "body": body,
            "body_form": particulars_form,
            "app_form": app_form,
            "formset": formset,
            "occupations": _occupations(),
            "kind": kind,
            "title": dict(FilingKind.choices)[kind],
        },
    )


def _visible_application(request, pk: int) -> FilingApplication:
    return get_object_or_404(selectors.applications_visible_to(request.user), pk=pk)


@login_required
def filing_detail(request, pk: int):
    application = _visible_application(request, pk)
    actions = [
        a for a in available_transitions(application, request.user) if a in services.APPLICATION_ACTIONS
    ]
    editable = application.is_editable and administers(request.user, application.body)
    return render(
        request,
        "registry/filing_detail.html",
        {
            "application": application,
            "body": application.body,
            "lines": application.scope_lines.select_related("occupation"),
            "materials": application.materials.all(),
            "timeline": timeline(application),
            "actions": actions,
            "editable": editable,
            "material_form": MaterialForm() if editable else None,
            "problems": application.submission_problems() if editable else [],
            "review_areas": [(label, application.review_scores.get(code)) for code, label in REVIEW_AREAS],
        },
    )


@login_required
def filing_edit(request, pk: int):
    application = _visible_application(request, pk)
    if not (application.is_editable and administers(request.user, application.body)):
        raise PermissionDenied
    initial_lines = [
        {
            "occupation_code": ln.occupation.code,
            "work_type": ln.work_type,
            "level": ln.level,
            "action": ln.action,
        }
        for ln in application.scope_lines.select_related("occupation")
    ]
    data = request.POST or None
    app_form = ApplicationForm(
        data,
        prefix="app",
        initial={"statement": application.statement, "effective_date": application.effective_date},
    )
    formset = ScopeFormSet(data, prefix="scope", initial=initial_lines)
    if data and app_form.is_valid() and formset.is_valid():
        try:
            with transaction.atomic():
                services.update_application(
                    application=application,
                    user=request.user,
                    statement=app_form.cleaned_data["statement"],
                    effective_date=app_form.cleaned_data.get("effective_date"),
                )
                if application.kind != FilingKind.EXIT:
                    services.set_scope_lines(
                        application=application, user=request.user, lines=_lines_from(formset)
                    )
        except ValidationError as exc:
            add_errors(app_form, exc)
        else:
            messages.success(request, _("Application saved."))
            return redirect(application)
    return render(
        request,
        "registry/filing_form.html",
        {
            "application": application,
            "body": application.body,
            "app_form": app_form,
            "formset": formset if application.kind != FilingKind.EXIT else None,
            "occupations": _occupations(),
            "kind": application.kind,
            "title": _("Edit application %(ref)s") % {"ref": application.reference},
        },
    )


@login_required
@require_POST
def material_upload(request, pk: int):
    application = _visible_application(request, pk)
    form = MaterialForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.add_material(
                application=application,
                user=request.user,
                category=form.cleaned_data["category"],
                upload=form.cleaned_data["file"],
            )
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
        else:
            messages.success(request, _("Material uploaded."))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect(application)


def _visible_material(request, pk: int) -> Material:
    material = get_object_or_404(Material.objects.select_related("application__body"), pk=pk)
    if not selectors.applications_visible_to(request.user).filter(pk=material.application_id).exists():
        raise Http404
    return material


@login_required
def material_download(request, pk: int):
    material = _visible_material(request, pk)
    return FileResponse(
        material.file.open("rb"), content_type=material.content_type, filename=material.original_name
    )


@login_required
@require_POST
def material_delete(request, pk: int):
    material = _visible_material(request, pk)
    application = material.application
    services.remove_material(material=material, user=request.user)
    messages.success(request, _("Material removed."))
    return redirect(application)


# --- transitions (confirmation page, then POST) -------------------------------------------------


@login_required
def filing_action(request, pk: int, action: str):
    application = _visible_application(request, pk)

    def run(form):
        services.decide_application(
            application=application,
            user=request.user,
            action=action,
            reason=form.cleaned_data.get("reason", ""),
            scores=form.scores() if "score_organisation" in form.fields else None,
        )

    return confirm_transition(
        request,
        application,
        action,
        actions=services.APPLICATION_ACTIONS,
        run=run,
        fields=ACTION_FIELDS.get(action, ()),
    )


@login_required
def body_action(request, pk: int, action: str):
    body = get_object_or_404(selectors.bodies_visible_to(request.user), pk=pk)

    def run(form):
        services.act_on_body(
            body=body,
            user=request.user,
            action=action,
            reason=form.cleaned_data.get("reason", ""),
            deadline=form.cleaned_data.get("deadline"),
        )

    return confirm_transition(
        request, body, action, actions=services.BODY_ACTIONS, run=run, fields=ACTION_FIELDS.get(action, ())
    )


# --- bodies and queues for officers -------------------------------------------------------------


@login_required
def body_list(request):
    if not (has_role(request.user, Role.CENTRE_OFFICER, Role.DISTRICT_OFFICER, Role.BUREAU_ADMIN)):
        return redirect("registry:dashboard")
    form = RegisterSearchForm(request.GET or None)
    qs = selectors.bodies_visible_to(request.user)
    if form.is_valid():
        data = form.cleaned_data
        q = data["q"].strip()
        if q:
            qs = qs.filter(Q(name__icontains=q) | Q(credit_code__iexact=q) | Q(filing_no__iexact=q))
        if data["district"]:
            qs = qs.filter(district__code=data["district"])
        if data["kind"]:
            qs = qs.filter(kind=data["kind"])
        if data["status"]:
            qs = qs.filter(status=data["status"])
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "registry/body_list.html",
        {"form": form, "page": paginate(request, qs.order_by("name", "pk")), "query": query.urlencode()},
    )


@login_required
def body_detail(request, pk: int):
    body = get_object_or_404(AssessmentBody.objects.select_related("district"), pk=pk)
    if not can_view_body(request.user, body):
        raise Http404
    actions = [a for a in available_transitions(body, request.user) if a in services.BODY_ACTIONS]
    kinds = services.allowed_kinds(body) if administers(request.user, body) else []
    return render(
        request,
        "registry/body_detail.html",
        {
            "body": body,
            "scope_lines": body.scope_lines.select_related("occupation").order_by(
                "occupation__code", "-level", "effective_from"
            ),
            "applications": body.applications.select_related("applicant"),
            "timeline": timeline(body),
            "actions": actions,
            "kinds": [(k, dict(FilingKind.choices)[k]) for k in kinds],
            "today": timezone.localdate(),
        },
    )


def _queue(request, stage: str, template: str):
    form = QueueFilterForm(request.GET or None, stage=stage)
    filters = form.cleaned_data if form.is_valid() else {}
    qs = selectors.review_queue(request.user, stage=stage, **{k: v or "" for k, v in filters.items()})
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        template,
        {"form": form, "page": paginate(request, qs), "stage": stage, "query": query.urlencode()},
    )


@login_required
def district_queue(request):
    if not is_district_officer(request.user):
        raise PermissionDenied
    return _queue(request, "district", "registry/queue.html")


@login_required
def centre_queue(request):
    if not is_centre(request.user):
        raise PermissionDenied
    return _queue(request, "centre", "registry/queue.html")


# --- the body's integrity record ------------------------------------------------------------------


def _viewable_body(request, pk: int) -> AssessmentBody:
    body = get_object_or_404(AssessmentBody.objects.select_related("district"), pk=pk)
    if not can_view_body(request.user, body):
        raise Http404
    return body


@login_required
def body_integrity(request, pk: int):
    """Staff and the body's own administrators see the records of the body and its managers; the
    centre records entries here, about the body or one of its managers."""
    body = _viewable_body(request, pk)
    centre = is_centre(request.user)
    if request.method == "POST" and not centre:
        raise PermissionDenied
    managers = list(body.managers.all())
    choices = [("body", body.name)] + [(f"manager:{m.pk}", f"{m}") for m in managers]
    data = None
    if request.method == "POST":
        data = request.POST.copy()
        data.setdefault("subject_type", "body")  # the body itself unless a manager is chosen
    form = EntryForm(data, request.FILES or None, subject_types=choices) if centre else None
    if request.method == "POST":
        chosen = data["subject_type"]
        manager = next((m for m in managers if f"manager:{m.pk}" == chosen), None)
        subject = (
            {
                "subject_type": SubjectType.MANAGER,
                "subject_id": manager.pk,
                "subject_name": manager.name,
                "subject_code": manager.id_number,
            }
            if manager
            else {
                "subject_type": SubjectType.BODY,
                "subject_id": body.pk,
                "subject_name": body.name,
                "subject_code": body.credit_code,
            }
        )
        if integrity_pages.record_from_form(request, form, **subject):
            return redirect("registry:body_integrity", pk=body.pk)
    record = integrity_selectors.record_for(SubjectType.BODY, body.pk)
    manager_records = [(m, integrity_selectors.record_for(SubjectType.MANAGER, m.pk)) for m in managers]
    if administers(request.user, body):
        for entries in [record.entries, *[r.entries for _m, r in manager_records]]:
            for entry in entries:
                entry.objection_url = reverse("registry:body_objection", args=[body.pk, entry.pk])
                entry.repair_url = reverse("registry:body_repair", args=[body.pk, entry.pk])
    may_add_manager = centre or administers(request.user, body)
    return render(
        request,
        "registry/body_integrity.html",
        {
            "body": body,
            "record": record,
            "manager_records": manager_records,
            "manager_form": ManagerForm() if may_add_manager else None,
            "entry_form": form,
            "evidence_links": centre,
        },
    )


@login_required
@require_POST
def body_manager_add(request, pk: int):
    body = _viewable_body(request, pk)
    if not (is_centre(request.user) or administers(request.user, body)):
        raise PermissionDenied
    form = ManagerForm(request.POST)
    if form.is_valid():
        try:
            services.add_manager(body=body, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Manager added."))
    else:
        messages.error(request, _("Give the manager's name and resident ID number."))
    return redirect("registry:body_integrity", pk=body.pk)


def _own_entry(request, pk: int, entry_pk: int) -> tuple[AssessmentBody, Entry]:
    """An entry about a body the user may see; only the body's administrator may appeal against it."""
    body = _viewable_body(request, pk)
    about_body = Q(subject_type=SubjectType.BODY, subject_id=body.pk) | Q(
        subject_type=SubjectType.MANAGER, subject_id__in=body.managers.values("pk")
    )
    entry = get_object_or_404(Entry.objects.filter(about_body), pk=entry_pk)
    if not administers(request.user, body):
        raise PermissionDenied
    return body, entry


def _back_to_entry(body: AssessmentBody, entry: Entry):
    return redirect(reverse("registry:body_integrity", args=[body.pk]) + f"#entry-{entry.pk}")


@login_required
@require_POST
def body_objection(request, pk: int, entry_pk: int):
    body, entry = _own_entry(request, pk, entry_pk)
    integrity_pages.file_objection_from_post(request, entry)
    return _back_to_entry(body, entry)


@login_required
@require_POST
def body_repair(request, pk: int, entry_pk: int):
    body, entry = _own_entry(request, pk, entry_pk)
    integrity_pages.apply_for_repair_from_post(request, entry)
    return _back_to_entry(body, entry)
