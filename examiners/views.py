from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.roles import Role, has_role, is_body_admin, is_centre
from common import tables
from common.forms import add_errors
from common.transitions import StaleObjectError, available_transitions, timeline
from common.views import confirm_transition, page_of, query_without_page
from examiners import selectors, services
from examiners.draw import DrawRefused, draw_session, missing_positions
from examiners.eligibility import REASONS
from examiners.exports import download, register_frame
from examiners.forms import (
    DeclineForm,
    DrawForm,
    ImportForm,
    RecommendForm,
    RegisterFilterForm,
    RelationForm,
    ResultForm,
    SessionForm,
)
from examiners.jobs import CERTIFICATION_RESULTS
from examiners.models import Assignment, Certification, CertificationStatus, Draw, Person
from examiners.models import Role as PersonRole
from integrity import selectors as integrity_selectors
from integrity import views as integrity_pages
from integrity.forms import EntryForm
from integrity.models import Entry
from jobs import services as job_services
from registry.models import AssessmentBody, Occupation
from registry.selectors import administered_body_ids

# The certification transitions run from a confirmation page (record_exam and certify have their own).
CERTIFICATION_PAGE_ACTIONS = ["accept", "suspend", "reinstate", "disqualify", "renew"]
OFFICERS = (Role.CENTRE_OFFICER, Role.DISTRICT_OFFICER, Role.BUREAU_ADMIN)


def _own_bodies(user):
    return AssessmentBody.objects.filter(pk__in=administered_body_ids(user)).order_by("name")


# --- registers -------------------------------------------------------------------------------


def _register(request, role: str):
    if not (has_role(request.user, *OFFICERS) or is_body_admin(request.user)):
        raise PermissionDenied
    form = RegisterFilterForm(request.GET or None, role=role)
    filters = {k: v or "" for k, v in form.cleaned_data.items()} if form.is_valid() else {}
    qs = selectors.certifications(request.user, role=role, **filters)
    fmt = request.GET.get("format")
    if fmt in tables.FORMATS:
        stem = "examiners" if role == PersonRole.EXAMINER else "supervisors"
        return download(
            register_frame(qs, full_ids=selectors.sees_everyone(request.user)), fmt=fmt, stem=stem
        )
    return render(
        request,
        "examiners/register.html",
        {"form": form, "page": page_of(request, qs), "query": query_without_page(request), "role": role},
    )


@login_required
def examiner_register(request):
    return _register(request, PersonRole.EXAMINER)


@login_required
def supervisor_register(request):
    return _register(request, PersonRole.SUPERVISOR)


@login_required
def person_detail(request, pk: int):
    person = get_object_or_404(selectors.people_visible_to(request.user), pk=pk)
    certs = list(person.certifications.select_related("recommending_body").prefetch_related("occupations"))
    for cert in certs:
        cert.actions = [
            a for a in available_transitions(cert, request.user) if a in CERTIFICATION_PAGE_ACTIONS
        ]
        cert.can_record = is_centre(request.user) and cert.status in (
            CertificationStatus.TRAINING,
            CertificationStatus.EXAMINED,
        )
        cert.history = timeline(cert)
    assignments = person.assignments.select_related(
        "session", "session__body", "session__occupation"
    ).order_by("-session__date")
    return render(
        request,
        "examiners/person_detail.html",
        {
            "person": person,
            "certifications": certs,
            "assignments": assignments,
            "relations": person.relations.select_related("body"),
            "relation_form": RelationForm() if is_centre(request.user) else None,
        },
    )


@login_required
@require_POST
def person_relation(request, pk: int):
    person = get_object_or_404(selectors.people_visible_to(request.user), pk=pk)
    if not is_centre(request.user):
        raise PermissionDenied
    form = RelationForm(request.POST)
    if form.is_valid():
        try:
            services.declare_relation(person=person, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Tie recorded: this person will not be drawn for that body."))
    else:
        messages.error(request, _("Choose the body and the kind of tie."))
    return redirect(person)


def _visible_certification(request, pk: int) -> Certification:
    return get_object_or_404(
        Certification.objects.select_related("person").filter(
            person__in=selectors.people_visible_to(request.user)
        ),
        pk=pk,
    )


@login_required
def certification_action(request, pk: int, action: str):
    certification = _visible_certification(request, pk)

    def run(form):
        if action == "renew":
            services.renew(certification=certification, user=request.user)
        else:
            services.act_on_certification(
                certification=certification,
                user=request.user,
                action=action,
                reason=form.cleaned_data.get("reason", ""),
            )

    return confirm_transition(request, certification, action, actions=CERTIFICATION_PAGE_ACTIONS, run=run)


@login_required
def certification_result(request, pk: int):
    certification = _visible_certification(request, pk)
    if not is_centre(request.user):
        raise PermissionDenied
    form = ResultForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_result(
                certification=certification,
                user=request.user,
                training_hours=form.cleaned_data["training_hours"],
                exam_score=form.cleaned_data["exam_score"],
                exam_date=form.cleaned_data["exam_date"],
            )
        except ValidationError as exc:
            add_errors(form, exc)
        except Exception as exc:  # TransitionNotAllowed, StaleObjectError: say it plainly
            form.add_error(
                None, _("This action is not possible in the record's present state.") + f" ({exc})"
            )
        else:
            if certification.status == CertificationStatus.CERTIFIED:
                messages.success(
                    request, _("Passed and certified: %(no)s.") % {"no": certification.certificate_no}
                )
            else:
                messages.warning(request, _("Result recorded: not passed."))
            return redirect(certification.person)
    return render(request, "examiners/result_form.html", {"form": form, "certification": certification})


# --- recommendation ---------------------------------------------------------------------------


@login_required
def recommend(request):
    if not is_body_admin(request.user):
        raise PermissionDenied
    bodies = _own_bodies(request.user)
    eligible = bodies.filter(pk__in=[b.pk for b in bodies if services.can_recommend(b)])
    form = RecommendForm(request.POST or None, bodies=eligible)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            certification = services.recommend(
                user=request.user,
                body=data["body"],
                name=data["name"],
                id_number=data["id_number"],
                role=data["role"],
                track=data["track"],
                grade=data["grade"],
                occupations=data["occupations"],
                phone=data["phone"],
                employed_by_body=data["employed_by_body"],
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(
                request,
                _("Recommended: %(name)s. The centre will review it.") % {"name": certification.person.name},
            )
            return redirect("examiners:recommendations")
    return render(
        request,
        "examiners/recommend.html",
        {
            "form": form,
            "occupations": Occupation.objects.only("code", "name"),
            "no_bodies": not eligible.exists(),
        },
    )


@login_required
def recommendations(request):
    """Body administrators: what their bodies put forward. Centre: the queue waiting for acceptance."""
    if is_centre(request.user):
        qs = Certification.objects.filter(status=CertificationStatus.APPLIED)
    elif is_body_admin(request.user):
        qs = Certification.objects.filter(recommending_body_id__in=administered_body_ids(request.user))
    else:
        raise PermissionDenied
    qs = qs.select_related("person", "recommending_body").order_by("-recommended_at", "-pk")
    return render(
        request,
        "examiners/recommendations.html",
        {"page": page_of(request, qs), "query": query_without_page(request)},
    )


# --- batch results ----------------------------------------------------------------------------


@login_required
def import_results(request):
    """Upload a results file: it is kept and a job checks and records it (all-or-nothing); its page
    shows the outcome, or every problem as a CSV."""
    if not is_centre(request.user):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            data = tables.upload_bytes(upload)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            job = job_services.start(
                kind=CERTIFICATION_RESULTS, owner=request.user, upload=data, filename=upload.name
            )
            return redirect(job)
    return render(request, "examiners/import.html", {"form": form})


@login_required
def import_template(request, fmt: str):
    if not is_centre(request.user):
        raise PermissionDenied
    from examiners import imports

    if fmt not in ("xlsx", "csv"):
        raise Http404
    content, _content_type, filename = imports.template_file(fmt)
    return tables.attachment(content, fmt=fmt, filename=filename)


@login_required
def import_errors(request):
    if not is_centre(request.user):
        raise PermissionDenied
    # Values copied from the upload are made inert by the table layer, like every other error report.
    errors = [
        tables.RowError(int(row), column, value, message)
        for row, column, value, message in request.session.get("import_errors", [])
    ]
    return tables.attachment(tables.errors_csv(errors), fmt="csv", filename="import-errors.csv")


# --- sessions and draws -----------------------------------------------------------------------


@login_required
def session_list(request):
    if not (has_role(request.user, *OFFICERS) or is_body_admin(request.user)):
        raise PermissionDenied
    waiting = request.GET.get("waiting") == "1"
    if waiting:  # the centre's to-do: soonest first
        qs = selectors.sessions_waiting_for_draw(request.user).order_by("date", "pk")
    else:
        qs = selectors.sessions_visible_to(request.user).order_by("-date", "-pk")
    return render(
        request,
        "examiners/session_list.html",
        {
            "page": page_of(request, qs),
            "query": query_without_page(request),
            "waiting": waiting,
            "can_plan": is_body_admin(request.user),
        },
    )


@login_required
def session_new(request):
    if not is_body_admin(request.user):
        raise PermissionDenied
    form = SessionForm(request.POST or None, bodies=_own_bodies(request.user).filter(status="active"))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            session = services.create_session(
                user=request.user,
                body=data["body"],
                occupation=data["occupation"],
                level=data["level"],
                date=data["date"],
                practical_rooms=data["practical_rooms"],
                candidates=data["candidates"],
                venue=data["venue"],
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Session planned. The centre will staff it by a draw."))
            return redirect(session)
    return render(
        request,
        "examiners/session_form.html",
        {"form": form, "occupations": Occupation.objects.only("code", "name")},
    )


@login_required
def session_detail(request, pk: int):
    session = get_object_or_404(selectors.sessions_visible_to(request.user), pk=pk)
    return render(
        request,
        "examiners/session_detail.html",
        {
            "session": session,
            "assignments": selectors.assignments_of(session),
            "draws": session.draws.select_related("drawn_by"),
            "missing": missing_positions(session),
            "can_draw": is_centre(request.user),
            "draw_form": DrawForm(),
            "decline_form": DeclineForm(),
        },
    )


@login_required
@require_POST
def session_draw(request, pk: int):
    session = get_object_or_404(selectors.sessions_visible_to(request.user), pk=pk)
    if not is_centre(request.user):
        raise PermissionDenied
    form = DrawForm(request.POST)
    if form.is_valid():
        try:
            draw = draw_session(session=session, user=request.user, seed=form.cleaned_data.get("seed"))
        except DrawRefused as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Drawn with seed %(seed)s.") % {"seed": draw.seed})
            return redirect("examiners:draw_detail", pk=draw.pk)
    return redirect(session)


@login_required
def draw_detail(request, pk: int):
    draw = get_object_or_404(
        Draw.objects.select_related("session", "drawn_by").filter(
            session__in=selectors.sessions_visible_to(request.user)
        ),
        pk=pk,
    )
    ids = set()
    for part in draw.explanation.values():
        ids.update(part.get("selected", []))
        ids.update(int(k) for k in part.get("excluded", {}))
    people = {
        c.pk: c
        for c in Certification.objects.filter(pk__in=ids)
        .select_related("person")
        .only("pk", "certificate_no", "grade", "person__name", "person__id_number")
    }
    sections = []
    for role, part in draw.explanation.items():
        excluded = sorted(
            ((people.get(int(k)), REASONS.get(code, code)) for k, code in part.get("excluded", {}).items()),
            key=lambda pair: str(pair[1]),
        )
        counts = {}
        for _cert, reason in excluded:
            counts[reason] = counts.get(reason, 0) + 1
        sections.append(
            {
                "role": PersonRole(role).label,
                "needed": part.get("needed"),
                "eligible": len(part.get("eligible", [])),
                "selected": [people.get(i) for i in part.get("selected", [])],
                "counts": sorted(counts.items(), key=lambda kv: -kv[1]),
                "excluded": excluded,
            }
        )
    return render(request, "examiners/draw_detail.html", {"draw": draw, "sections": sections})


@login_required
@require_POST
def assignment_decline(request, pk: int):
    assignment = get_object_or_404(
        Assignment.objects.filter(session__in=selectors.sessions_visible_to(request.user)), pk=pk
    )
    if not is_centre(request.user):
        raise PermissionDenied
    form = DeclineForm(request.POST)
    if form.is_valid():
        try:
            services.decline(assignment=assignment, user=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        except StaleObjectError:
            messages.error(request, StaleObjectError.message)
        else:
            messages.success(request, _("Decline recorded. Draw again to fill the position."))
    else:
        messages.error(request, _("Give the reason for declining."))
    return redirect(assignment.session)


# --- a person's integrity records (one per role) ---------------------------------------------------


def _integrity_roles(person: Person) -> list[str]:
    """The roles the person holds, or has a record under, in the order of the role choices."""
    held = set(person.certifications.values_list("role", flat=True))
    held |= set(
        Entry.objects.filter(subject_type__in=PersonRole.values, subject_id=person.pk).values_list(
            "subject_type", flat=True
        )
    )
    return [role for role in PersonRole.values if role in held]


@login_required
def person_integrity(request, pk: int):
    """Visible like the person's page. People are not users: the centre records, objects and applies."""
    person = get_object_or_404(selectors.people_visible_to(request.user), pk=pk)
    centre = is_centre(request.user)
    if request.method == "POST" and not centre:
        raise PermissionDenied
    roles = _integrity_roles(person)
    form = None
    if centre:
        choices = [(role, PersonRole(role).label) for role in roles or PersonRole.values]
        form = EntryForm(request.POST or None, request.FILES or None, subject_types=choices)
    if (
        request.method == "POST"
        and form.is_valid()
        and integrity_pages.record_from_form(
            request,
            form,
            subject_type=form.cleaned_data["subject_type"],
            subject_id=person.pk,
            subject_name=person.name,
            subject_code=person.id_number,
        )
    ):
        return redirect("examiners:person_integrity", pk=person.pk)
    records = [integrity_selectors.record_for(role, person.pk) for role in roles]
    if centre:
        for record in records:
            for entry in record.entries:
                entry.objection_url = reverse("examiners:person_objection", args=[person.pk, entry.pk])
                entry.repair_url = reverse("examiners:person_repair", args=[person.pk, entry.pk])
    return render(
        request,
        "examiners/person_integrity.html",
        {"person": person, "records": records, "entry_form": form, "evidence_links": centre},
    )


def _person_entry(request, pk: int, entry_pk: int) -> tuple[Person, Entry]:
    person = get_object_or_404(selectors.people_visible_to(request.user), pk=pk)
    entry = get_object_or_404(
        Entry.objects.filter(subject_type__in=PersonRole.values, subject_id=person.pk), pk=entry_pk
    )
    if not is_centre(request.user):
        raise PermissionDenied
    return person, entry


def _back_to_entry(person: Person, entry: Entry):
    return redirect(reverse("examiners:person_integrity", args=[person.pk]) + f"#entry-{entry.pk}")


@login_required
@require_POST
def person_objection(request, pk: int, entry_pk: int):
    """The centre files the person's objection for them (from a letter or a visit)."""
    person, entry = _person_entry(request, pk, entry_pk)
    integrity_pages.file_objection_from_post(request, entry)
    return _back_to_entry(person, entry)


@login_required
@require_POST
def person_repair(request, pk: int, entry_pk: int):
    person, entry = _person_entry(request, pk, entry_pk)
    integrity_pages.apply_for_repair_from_post(request, entry)
    return _back_to_entry(person, entry)
