from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from common.uploads import check_document
from registry.models import (
    AssessmentBody,
    District,
    FilingKind,
    FilingStatus,
    Level,
    MaterialCategory,
    ScopeAction,
)
from registry.models.body import BodyKind, BodyStatus
from registry.selectors import NOTICE_OVER, REVIEW_STATES, occupation_named
from registry.services import LineRequest, normalise_credit_code

PARTICULAR_FIELDS = ["name", "address", "legal_representative", "contact_person", "contact_phone", "audience"]


class BodyForm(forms.ModelForm):
    class Meta:
        model = AssessmentBody
        fields = [
            "name",
            "credit_code",
            "kind",
            "district",
            "audience",
            "address",
            "legal_representative",
            "contact_person",
            "contact_phone",
        ]
        widgets = {"credit_code": forms.TextInput(attrs={"maxlength": 18, "autocapitalize": "characters"})}

    def clean_credit_code(self):
        try:
            return normalise_credit_code(self.cleaned_data["credit_code"])
        except ValidationError as exc:
            raise ValidationError(exc.message_dict["credit_code"]) from exc

    def validate_unique(self):
        # The service checks duplicates (also against revoked bodies' bars) inside its transaction.
        pass

    def validate_constraints(self, exclude=None):
        pass


class ParticularsChangeForm(forms.ModelForm):
    """A change filing's new particulars; only fields that differ from the body are kept."""

    class Meta:
        model = AssessmentBody
        fields = PARTICULAR_FIELDS

    def changed_particulars(self) -> dict:
        return {f: self.cleaned_data[f] for f in self.changed_data if f in PARTICULAR_FIELDS}


def occupation_input() -> forms.TextInput:
    """An occupation field: a code with the catalogue as a datalist; static/js/occupations.js turns it
    into a picker searching names and codes (data-occupation-search is its endpoint)."""
    return forms.TextInput(
        attrs={
            "list": "occupation-codes",
            "placeholder": _("Name or code, e.g. welder or 6-18-02-04"),
            "autocomplete": "off",
            "data-occupation-search": reverse_lazy("registry:occupation_search"),
        }
    )


class ScopeLineForm(forms.Form):
    occupation_code = forms.CharField(label=_("Occupation"), max_length=40, widget=occupation_input())
    work_type = forms.RegexField(
        label=_("Work type"),
        regex=r"^\d{2}$",
        required=False,
        max_length=2,
        error_messages={"invalid": _("Two digits, e.g. 01.")},
    )
    level = forms.TypedChoiceField(label=_("Level"), choices=Level.choices, coerce=int)
    action = forms.ChoiceField(label=_("Action"), choices=ScopeAction.choices, initial=ScopeAction.ADD)

    def clean_occupation_code(self) -> str:
        # A code, the picker's "code name", or a name only one catalogue entry has; the service checks
        # whatever is left, so an unknown code still gets its own message.
        value = self.cleaned_data["occupation_code"].strip()
        found = occupation_named(value)
        return found.code if found is not None else value

    def has_changed(self) -> bool:
        # A row is a line only once it names an occupation: the level and action selects always post
        # a value, so Django's "changed from initial" test would count every spare row as filled in.
        return bool((self.data.get(self.add_prefix("occupation_code")) or "").strip())

    def as_request(self) -> LineRequest:
        data = self.cleaned_data
        return LineRequest(
            occupation_code=data["occupation_code"].strip(),
            level=data["level"],
            action=data["action"],
            work_type=data.get("work_type") or "",
        )


class BaseScopeFormSet(forms.BaseFormSet):
    def requests(self) -> list[LineRequest]:
        return [f.as_request() for f in self.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]


ScopeFormSet = forms.formset_factory(ScopeLineForm, formset=BaseScopeFormSet, extra=2, can_delete=True)


class ApplicationForm(forms.Form):
    statement = forms.CharField(
        label=_("Statement"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=4000
    )
    effective_date = forms.DateField(
        label=_("Changes take effect on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class MaterialForm(forms.Form):
    category = forms.ChoiceField(label=_("Category"), choices=MaterialCategory.choices)
    file = forms.FileField(label=_("File (PDF, JPEG or PNG)"), allow_empty_file=True)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        self.checked = check_document(upload)
        return upload


class RegisterSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Name, credit code or filing number"),
        required=False,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    occupation = forms.CharField(label=_("Occupation"), required=False)
    district = forms.ChoiceField(label=_("District"), required=False)
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", "—"), *BodyKind.choices])
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", "—"), *[c for c in BodyStatus.choices if c[0] != BodyStatus.PENDING]],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].choices = [("", "—"), *District.objects.values_list("code", "name")]


class QueueFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, widget=forms.TextInput(attrs={"type": "search"}))
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", "—"), *FilingKind.choices])
    district = forms.ChoiceField(label=_("District"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)

    def __init__(self, *args, stage: str = "district", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].choices = [("", "—"), *District.objects.values_list("code", "name")]
        labels = dict(FilingStatus.choices)
        statuses = [(code, labels[code]) for code in REVIEW_STATES[stage]]
        if stage == "centre":
            statuses.append((NOTICE_OVER, _("Notice over, to publish")))
        self.fields["status"].choices = [("", "—"), *statuses]


class ManagerForm(forms.Form):
    name = forms.CharField(label=_("Full name"), max_length=60)
    id_number = forms.CharField(label=_("Resident ID number"), min_length=18, max_length=18)
    position = forms.CharField(label=_("Position"), max_length=60, required=False)
