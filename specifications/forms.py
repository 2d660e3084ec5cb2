import re

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.roles import Role
from common.forms import ActionForm
from registry.models import AssessmentBody, Occupation
from specifications.models import SpecificationVersion, Verdict
from specifications.services import Content, Unit

CODE_SPLIT = re.compile(r"[\s,，、;；]+")


def expert_label(user) -> str:
    profile = getattr(user, "profile", None)
    name = getattr(profile, "display_name", "") or user.get_username()
    return f"{name} ({user.get_username()})"


class ExpertChoiceField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj) -> str:
        return expert_label(obj)


class ProposalForm(forms.Form):
    """A proposal's or a revision's content (the ability units come in UnitFormSet)."""

    name = forms.CharField(label=_("Name of the specification"), max_length=100)
    body = forms.ModelChoiceField(
        label=_("Proposed on behalf of"), queryset=AssessmentBody.objects.none(), required=False
    )
    audience = forms.CharField(
        label=_("Who it is for"), widget=forms.Textarea(attrs={"rows": 2}), help_text=_("适用对象")
    )
    occupation_codes = forms.CharField(
        label=_("Related occupations"),
        required=False,
        help_text=_("Codes of the 2022 大典, separated by commas, e.g. 4-03-02-02, 4-03-02-07."),
    )
    necessity = forms.CharField(label=_("Necessity statement"), widget=forms.Textarea(attrs={"rows": 4}))
    draft = forms.FileField(
        label=_("Draft specification (PDF)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf"}),
    )
    panel_size = forms.IntegerField(label=_("Examiners per panel"), min_value=1, initial=3)
    method = forms.CharField(
        label=_("Assessment method"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("e.g. 实际操作、现场答辩"),
    )
    duration_minutes = forms.IntegerField(label=_("Duration (minutes)"), min_value=1, initial=120)
    site_and_equipment = forms.CharField(
        label=_("Site and equipment"), widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, bodies=None, name_fixed=False, draft_required=True, **kwargs):
        super().__init__(*args, **kwargs)
        if bodies is None:
            del self.fields["body"]
        else:
            self.fields["body"].queryset = bodies
            self.fields["body"].required = True
            self.fields["body"].empty_label = None
        if name_fixed:
            self.fields["name"].disabled = True
        self.fields["draft"].required = draft_required

    def clean_panel_size(self):
        size = self.cleaned_data["panel_size"]
        if size < settings.SPECIFICATION_MIN_EXAMINERS:
            raise ValidationError(
                _("At least %(n)s examiners per panel.") % {"n": settings.SPECIFICATION_MIN_EXAMINERS}
            )
        return size

    def clean_occupation_codes(self):
        codes = [c for c in CODE_SPLIT.split(self.cleaned_data.get("occupation_codes", "").strip()) if c]
        found = {o.code: o for o in Occupation.objects.filter(code__in=codes)}
        unknown = [c for c in codes if c not in found]
        if unknown:
            raise ValidationError(
                _("Not in the occupation catalogue: %(codes)s") % {"codes": ", ".join(unknown)}
            )
        return [found[c] for c in dict.fromkeys(codes)]

    def content(self, units: list[Unit]) -> Content:
        data = self.cleaned_data
        return Content(
            necessity=data["necessity"],
            audience=data["audience"],
            panel_size=data["panel_size"],
            method=data["method"],
            duration_minutes=data["duration_minutes"],
            site_and_equipment=data["site_and_equipment"],
            units=units,
            occupations=data["occupation_codes"],
        )

    @classmethod
    def initial_from(cls, version: SpecificationVersion) -> dict:
        return {
            "name": version.specification.name,
            "body": version.body_id,
            "audience": version.audience,
            "occupation_codes": ", ".join(o.code for o in version.occupations.order_by("code")),
            "necessity": version.necessity,
            "panel_size": version.panel_size,
            "method": version.method,
            "duration_minutes": version.duration_minutes,
            "site_and_equipment": version.site_and_equipment,
        }


class UnitForm(forms.Form):
    name = forms.CharField(label=_("Ability unit"), max_length=100)
    work_content = forms.CharField(label=_("Work content"), widget=forms.Textarea(attrs={"rows": 2}))
    skill_requirements = forms.CharField(
        label=_("Skill requirements"), widget=forms.Textarea(attrs={"rows": 2})
    )
    knowledge_requirements = forms.CharField(
        label=_("Knowledge requirements"), widget=forms.Textarea(attrs={"rows": 2})
    )


class BaseUnitFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        if not self.units():
            raise ValidationError(_("Describe at least one ability unit."))

    def units(self) -> list[Unit]:
        return [Unit(**form.cleaned_data) for form in self.forms if form.cleaned_data]


UnitFormSet = forms.formset_factory(UnitForm, formset=BaseUnitFormSet, extra=2, min_num=1)


def unit_initial(version: SpecificationVersion) -> list[dict]:
    return [
        {
            "name": u.name,
            "work_content": u.work_content,
            "skill_requirements": u.skill_requirements,
            "knowledge_requirements": u.knowledge_requirements,
        }
        for u in version.units.order_by("position")
    ]


def expert_accounts():
    return (
        get_user_model()
        .objects.filter(groups__name=Role.EXPERT, is_active=True)
        .select_related("profile")
        .order_by("username")
    )


class ExpertsForm(forms.Form):
    experts = ExpertChoiceField(label=_("Experts"), queryset=get_user_model().objects.none(), required=False)
    expected_status = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, queryset=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["experts"].queryset = queryset if queryset is not None else expert_accounts()


class OpinionForm(forms.Form):
    verdict = forms.ChoiceField(label=_("Verdict"), choices=Verdict.choices, widget=forms.RadioSelect)
    text = forms.CharField(label=_("Opinion"), widget=forms.Textarea(attrs={"rows": 6}))
    expected_status = forms.CharField(widget=forms.HiddenInput)


class VoteForm(forms.Form):
    decision = forms.TypedChoiceField(
        label=_("Vote"),
        choices=[("pass", _("Pass")), ("fail", _("Fail"))],
        coerce=lambda value: value == "pass",
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 4}))
    expected_status = forms.CharField(widget=forms.HiddenInput)


class DatedActionForm(ActionForm):
    """A step that takes effect on a day of its own (publish, retire): default today."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on"] = forms.DateField(
            label=_("Takes effect on"),
            initial=timezone.localdate,
            widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        )
        self.order_fields(["on", "reason"])


class MinistryFilingForm(ActionForm):
    """报备: the day it was filed with the ministry and the ministry's reference number."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["filed_on"] = forms.DateField(
            label=_("Filed with the ministry on"),
            initial=timezone.localdate,
            widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        )
        self.fields["reference"] = forms.CharField(label=_("Filing reference number"), max_length=60)
        self.order_fields(["filed_on", "reference", "reason"])
