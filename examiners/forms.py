from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from examiners.models import CertificationStatus, Grade, RelationKind, Role, Track
from registry.forms import occupation_input
from registry.models import AssessmentBody, District, Level, Occupation
from registry.selectors import occupation_named


def occupation_codes(value: str) -> list[Occupation]:
    codes = [
        c.strip()
        for c in value.replace("；", ";").replace("，", ",").replace(",", ";").split(";")
        if c.strip()
    ]
    found = {o.code: o for o in Occupation.objects.filter(code__in=codes)}
    unknown = [c for c in codes if c not in found]
    if unknown:
        raise ValidationError(_("Not in the occupation catalogue: %(codes)s") % {"codes": ", ".join(unknown)})
    return [found[c] for c in codes]


class RecommendForm(forms.Form):
    body = forms.ModelChoiceField(label=_("Recommending body"), queryset=AssessmentBody.objects.none())
    name = forms.CharField(label=_("Full name"), max_length=60)
    id_number = forms.CharField(label=_("Resident ID number"), max_length=18, min_length=18)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    track = forms.ChoiceField(label=_("Track"), choices=Track.choices)
    grade = forms.ChoiceField(label=_("Grade"), choices=[("", "—"), *Grade.choices], required=False)
    occupations = forms.CharField(
        label=_("Qualified occupations"),
        required=False,
        help_text=_("Catalogue codes separated by ; e.g. 6-31-01-03; 6-18-02-04"),
        widget=forms.TextInput(attrs={"list": "occupation-codes"}),
    )
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    employed_by_body = forms.BooleanField(
        label=_("Works for the recommending body"),
        required=False,
        initial=True,
        help_text=_("Then the person is never drawn for this body's own sessions."),
    )

    def __init__(self, *args, bodies=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = bodies if bodies is not None else AssessmentBody.objects.none()

    def clean_occupations(self):
        return occupation_codes(self.cleaned_data["occupations"])

    def clean(self):
        data = super().clean()
        if data.get("role") == Role.EXAMINER and not data.get("grade"):
            self.add_error("grade", _("Choose the grade applied for."))
        return data


class ResultForm(forms.Form):
    training_hours = forms.IntegerField(label=_("Training hours"), min_value=0, max_value=500)
    exam_score = forms.DecimalField(label=_("Exam score"), min_value=0, max_value=100, decimal_places=1)
    exam_date = forms.DateField(label=_("Exam date"), widget=forms.DateInput(attrs={"type": "date"}))

    def clean_exam_date(self):
        day = self.cleaned_data["exam_date"]
        if day > timezone.localdate():  # the result takes effect on the exam date
            raise forms.ValidationError(_("The exam date cannot be in the future."))
        return day


class RegisterFilterForm(forms.Form):
    q = forms.CharField(label=_("Name, ID or certificate number"), required=False)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", "—"), *CertificationStatus.choices]
    )
    grade = forms.ChoiceField(label=_("Grade"), required=False, choices=[("", "—"), *Grade.choices])
    track = forms.ChoiceField(label=_("Track"), required=False, choices=[("", "—"), *Track.choices])
    occupation = forms.CharField(label=_("Occupation"), required=False)
    district = forms.ChoiceField(label=_("District"), required=False)

    def __init__(self, *args, role: str = Role.EXAMINER, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].choices = [("", "—"), *District.objects.values_list("code", "name")]
        if role == Role.SUPERVISOR:
            del self.fields["grade"]
            del self.fields["occupation"]


class SessionForm(forms.Form):
    body = forms.ModelChoiceField(label=_("Body"), queryset=AssessmentBody.objects.none())
    occupation = forms.CharField(label=_("Occupation"), max_length=120, widget=occupation_input())
    level = forms.TypedChoiceField(label=_("Level"), choices=Level.choices, coerce=int)
    date = forms.DateField(label=_("Exam date"), widget=forms.DateInput(attrs={"type": "date"}))
    practical_rooms = forms.IntegerField(label=_("Practical rooms"), min_value=1, max_value=50, initial=1)
    candidates = forms.IntegerField(label=_("Candidates"), min_value=1, max_value=5000)
    venue = forms.CharField(label=_("Venue"), max_length=200, required=False)

    def __init__(self, *args, bodies=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = bodies if bodies is not None else AssessmentBody.objects.none()

    def clean_occupation(self):
        found = occupation_named(self.cleaned_data["occupation"])
        if found is not None:
            return found
        found = occupation_codes(self.cleaned_data["occupation"])
        if len(found) != 1:
            raise ValidationError(_("Enter one occupation code."))
        return found[0]


class DrawForm(forms.Form):
    seed = forms.IntegerField(
        label=_("Draw number (optional)"),
        required=False,
        min_value=0,
        help_text=_("Leave empty for a fresh random draw; enter a stored draw number to repeat one."),
    )


class DeclineForm(forms.Form):
    reason = forms.CharField(label=_("Reason for declining"), max_length=200)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Results file (XLSX or CSV)"))


class RelationForm(forms.Form):
    body = forms.ModelChoiceField(
        label=_("Body"), queryset=AssessmentBody.objects.exclude(filing_no=None).order_by("name")
    )
    kind = forms.ChoiceField(label=_("Kind of tie"), choices=RelationKind.choices)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)
