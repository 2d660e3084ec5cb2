from django import forms
from django.utils.translation import gettext_lazy as _

from common.uploads import check_document
from integrity.models import Basis, Entry, EntryKind


class EntryForm(forms.Form):
    """A centre officer records an entry about a subject; the subject itself is given by the page.

    `subject_types` (value, label pairs) adds a choice of role, for a person who is both examiner and
    supervisor.
    """

    kind = forms.ChoiceField(label=_("Kind"), choices=EntryKind.choices)
    basis = forms.ChoiceField(label=_("Basis"), choices=Basis.choices, initial=Basis.MANUAL)
    description = forms.CharField(
        label=_("What happened"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )
    occurred_on = forms.DateField(label=_("Occurred on"), widget=forms.DateInput(attrs={"type": "date"}))
    evidence_ref = forms.CharField(
        label=_("Evidence reference"),
        max_length=60,
        required=False,
        help_text=_("The document or record number this entry rests on, e.g. DD-2026-000012."),
    )
    evidence_file = forms.FileField(
        label=_("Evidence file"), required=False, help_text=_("PDF, JPEG or PNG.")
    )
    corrects = forms.IntegerField(
        label=_("Corrects entry no."),
        required=False,
        min_value=1,
        help_text=_("Entries are never edited: to correct one, record a new entry naming its number."),
    )

    def __init__(self, *args, subject_types: list[tuple[str, str]] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if subject_types:
            self.fields["subject_type"] = forms.ChoiceField(label=_("As"), choices=subject_types)
            self.order_fields(["subject_type"])

    def clean_evidence_file(self):
        upload = self.cleaned_data.get("evidence_file")
        if upload:
            check_document(upload)  # judged by content; raises ValidationError with the reason
        return upload or None

    def clean_corrects(self):
        number = self.cleaned_data.get("corrects")
        if number is None:
            return None
        entry = Entry.objects.filter(pk=number).first()
        if entry is None:
            raise forms.ValidationError(_("There is no entry with this number."))
        return entry

    def entry_kwargs(self) -> dict:
        """The cleaned fields as integrity.services.record_entry takes them (without the subject)."""
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "basis": data["basis"],
            "description": data["description"],
            "occurred_on": data["occurred_on"],
            "evidence_ref": data["evidence_ref"],
            "evidence_file": data["evidence_file"],
            "corrects": data.get("corrects"),
        }


class ObjectionForm(forms.Form):
    grounds = forms.CharField(
        label=_("Grounds of the objection"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )


class RepairForm(forms.Form):
    pledge = forms.CharField(
        label=_("Pledge of good faith"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )


class PublicSearchForm(forms.Form):
    q = forms.CharField(label=_("Name, credit code or ID number"), max_length=60, required=False)
