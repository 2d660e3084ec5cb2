"""Checklist templates: the current version of each, and revising one into a new version."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from accounts.roles import is_centre
from audits.models import ChecklistItem, ChecklistPurpose, ChecklistTemplate, InspectionKind

# Which checklist an inspection of each kind uses unless the planner picks another.
TEMPLATE_FOR_KIND = {
    InspectionKind.ON_SITE: "on-site",
    InspectionKind.SPECIAL: "on-site",
    InspectionKind.ANNUAL: "annual",
    InspectionKind.RANDOM: "annual",
}


def current_templates():
    """The newest version of every checklist."""
    newest = ChecklistTemplate.objects.values("code").annotate(v=Max("version"))
    pairs = {(row["code"], row["v"]) for row in newest}
    ids = [t.pk for t in ChecklistTemplate.objects.all() if (t.code, t.version) in pairs]
    return ChecklistTemplate.objects.filter(pk__in=ids).order_by("code")


def current_template(code: str) -> ChecklistTemplate:
    template = ChecklistTemplate.objects.filter(code=code).order_by("-version").first()
    if template is None:
        raise ValidationError(_("There is no checklist “%(code)s”.") % {"code": code})
    return template


@transaction.atomic
def revise_template(
    *, template: ChecklistTemplate, user, title: str, items: list[tuple[str, str]], note: str
) -> ChecklistTemplate:
    """Save an edit as the next version; the old version stays as it was for inspections that used it."""
    if not is_centre(user):
        raise PermissionDenied(_("You may not do this."))
    items = [(area.strip(), text.strip()) for area, text in items if text.strip()]
    if not items:
        raise ValidationError(_("A checklist needs at least one item."))
    if not note.strip():
        raise ValidationError({"note": _("Say what changed in this version.")})
    latest = ChecklistTemplate.objects.select_for_update().filter(code=template.code).order_by("-version")[0]
    old = [(i.area, i.text) for i in latest.items.all()]
    if old == items and latest.title == title.strip():
        raise ValidationError(_("Nothing was changed."))
    revised = ChecklistTemplate.objects.create(
        code=template.code,
        version=latest.version + 1,
        title=title.strip(),
        purpose=latest.purpose if latest.purpose in ChecklistPurpose.values else ChecklistPurpose.SPECIAL,
        note=note.strip(),
        created_by=user,
    )
    ChecklistItem.objects.bulk_create(
        ChecklistItem(template=revised, position=n, area=area, text=text)
        for n, (area, text) in enumerate(items, start=1)
    )
    return revised
