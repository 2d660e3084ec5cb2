from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from accounts.roles import is_centre
from common.forms import add_errors
from common.views import confirm_transition, page_of, query_without_page
from integrity import selectors, services
from integrity.forms import ObjectionForm, PublicSearchForm, RepairForm
from integrity.models import Entry, Objection, Repair

# The decisions the queues offer. A decision is final: a new entry, not an undo, corrects a mistaken one.
OBJECTION_DECISIONS = ["uphold", "overturn"]
REPAIR_DECISIONS = ["grant", "refuse"]

# What an evidence file is, judged by its first bytes (it was checked by content when uploaded).
SIGNATURES = (
    (b"%PDF-", "application/pdf", "pdf"),
    (b"\xff\xd8\xff", "image/jpeg", "jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
)


def _centre_only(request) -> None:
    if not is_centre(request.user):
        raise PermissionDenied


# --- used by the subjects' own pages (registry, examiners), which know who may do what ----------


def record_from_form(
    request, form, *, subject_type: str, subject_id: int, subject_name: str, subject_code: str
):
    """Record the entry a valid EntryForm describes, with its consequences; True when recorded."""
    if not form.is_valid():
        return False
    try:
        services.record_and_apply(
            subject_type=subject_type,
            subject_id=subject_id,
            subject_name=subject_name,
            subject_code=subject_code,
            recorded_by=request.user,
            **form.entry_kwargs(),
        )
    except ValidationError as exc:
        add_errors(form, exc)
        return False
    messages.success(request, _("Entry recorded."))
    return True


def file_objection_from_post(request, entry) -> None:
    """申诉 from the small form under an entry; the outcome or the service's refusal as a message."""
    form = ObjectionForm(request.POST)
    _appeal(
        request,
        form,
        lambda data: services.file_objection(entry=entry, user=request.user, **data),
        _("Objection filed: the centre will decide on it."),
    )


def apply_for_repair_from_post(request, entry) -> None:
    form = RepairForm(request.POST)
    _appeal(
        request,
        form,
        lambda data: services.apply_for_repair(entry=entry, user=request.user, **data),
        _("Credit repair applied for: the centre will decide on it."),
    )


def _appeal(request, form, run, done: str) -> None:
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return
    try:
        run(form.cleaned_data)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, done)


# --- integrity's own pages -------------------------------------------------------------------


def public_list(request):
    """失信名单: anyone may look; people's ID numbers are masked, bodies' credit codes shown in full."""
    form = PublicSearchForm(request.GET or None)
    q = form.cleaned_data["q"] if form.is_valid() else ""
    return render(
        request,
        "integrity/public_list.html",
        {
            "form": form,
            "page": page_of(request, selectors.public_list(q)),
            "query": query_without_page(request),
        },
    )


@login_required
def objection_queue(request):
    _centre_only(request)
    return render(
        request,
        "integrity/objection_queue.html",
        {
            "page": page_of(request, selectors.filed_objections()),
            "query": query_without_page(request),
            "decisions": OBJECTION_DECISIONS,
        },
    )


@login_required
def repair_queue(request):
    _centre_only(request)
    return render(
        request,
        "integrity/repair_queue.html",
        {
            "page": page_of(request, selectors.applied_repairs()),
            "query": query_without_page(request),
            "decisions": REPAIR_DECISIONS,
        },
    )


@login_required
def objection_action(request, pk: int, action: str):
    objection = get_object_or_404(Objection.objects.select_related("entry"), pk=pk)
    # confirm_transition returns to the object's page; a decided objection's page is the queue.

    def run(form):
        services.decide_objection(
            objection=objection, user=request.user, outcome=action, reason=form.cleaned_data["reason"]
        )

    return confirm_transition(request, objection, action, actions=OBJECTION_DECISIONS, run=run)


@login_required
def repair_action(request, pk: int, action: str):
    repair = get_object_or_404(Repair.objects.select_related("entry"), pk=pk)

    def run(form):
        services.decide_repair(
            repair=repair, user=request.user, outcome=action, reason=form.cleaned_data.get("reason", "")
        )

    return confirm_transition(request, repair, action, actions=REPAIR_DECISIONS, run=run)


@login_required
def entry_evidence(request, pk: int):
    """The evidence file of an entry: centre officers only (it may name people and places)."""
    _centre_only(request)
    entry = get_object_or_404(Entry, pk=pk)
    if not entry.evidence_file:
        raise Http404
    handle = entry.evidence_file.open("rb")
    head = handle.read(8)
    handle.seek(0)
    content_type, extension = "application/octet-stream", "bin"
    for signature, kind, ext in SIGNATURES:
        if head.startswith(signature):
            content_type, extension = kind, ext
            break
    return FileResponse(handle, content_type=content_type, filename=f"evidence-{entry.pk}.{extension}")
