from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from audits.models import AnswerResult, InspectionKind, Severity
from common.forms import REVIEW_AREAS
from registry.models import BodyStatus, District
from registry.models.body import BodyKind


class DateInput(forms.DateInput):
    input_type = "date"


class PlanForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[c for c in InspectionKind.choices if c[0] != InspectionKind.RANDOM]
    )
    body = forms.ModelChoiceField(label=_("Body"), queryset=None)
    session = forms.ModelChoiceField(
        label=_("Assessment session"),
        queryset=None,
        required=False,
        help_text=_("For on-site supervision: the session to attend (its date is the inspection's)."),
    )
    planned_for = forms.DateField(label=_("Planned for"), widget=DateInput, required=False)
    topic = forms.CharField(label=_("Topic"), max_length=200, required=False)

    def __init__(self, *args, bodies, sessions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = bodies
        self.fields["session"].queryset = sessions

    def clean(self):
        data = super().clean()
        if not data.get("session") and not data.get("planned_for"):
            self.add_error("planned_for", _("Give the planned date."))
        return data


class RandomPlanForm(forms.Form):
    count = forms.IntegerField(label=_("Number of bodies"), min_value=1, max_value=200, initial=5)
    planned_for = forms.DateField(label=_("Planned for"), widget=DateInput)
    district = forms.ModelChoiceField(label=_("District"), queryset=District.objects.all(), required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", "—"), *BodyKind.choices], required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", "—")]
        + [
            (code, label)
            for code, label in BodyStatus.choices
            if code in ("active", "rectifying", "suspended")
        ],
        required=False,
    )
    seed = forms.IntegerField(
        label=_("Seed (optional)"),
        min_value=0,
        required=False,
        help_text=_("Give the seed of an earlier plan to repeat its draw over the same data."),
    )

    def criteria(self) -> dict:
        data = self.cleaned_data
        return {
            "district": data["district"].pk if data.get("district") else None,
            "kind": data.get("kind") or None,
            "status": data.get("status") or None,
        }


class AssignForm(forms.Form):
    certification = forms.ModelChoiceField(label=_("Supervisor"), queryset=None, empty_label=None)
    expected_status = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, pool, load, **kwargs):
        super().__init__(*args, **kwargs)
        from examiners.models import Certification

        field = self.fields["certification"]
        field.queryset = Certification.objects.filter(pk__in=[c.pk for c in pool.eligible]).select_related(
            "person"
        )
        field.label_from_instance = lambda c: (
            _("%(name)s · %(no)s · %(n)s open")
            % {
                "name": c.person.name,
                "no": c.certificate_no,
                "n": load[c.person_id],
            }
        )


class ChecklistAnswerForm(forms.Form):
    """One radio group and note per checklist item; built from the inspection's template version."""

    def __init__(self, *args, items, answers, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = list(items)
        for item in self.items:
            answer = answers.get(item.pk)
            self.fields[f"result_{item.pk}"] = forms.ChoiceField(
                label=f"{item.position}. {item.text}",
                choices=AnswerResult.choices,
                widget=forms.RadioSelect,
                required=False,
                initial=answer.result if answer else None,
            )
            self.fields[f"note_{item.pk}"] = forms.CharField(
                label=_("Note"), max_length=300, required=False, initial=answer.note if answer else ""
            )

    def rows(self):
        for item in self.items:
            yield item, self[f"result_{item.pk}"], self[f"note_{item.pk}"]

    def answers(self) -> dict[int, tuple[str, str]]:
        out = {}
        for item in self.items:
            result = self.cleaned_data.get(f"result_{item.pk}")
            if result:
                out[item.pk] = (result, self.cleaned_data.get(f"note_{item.pk}", ""))
        return out


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"accept": "image/jpeg,image/png,application/pdf"})
        )
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []


class FindingForm(forms.Form):
    severity = forms.ChoiceField(label=_("Severity"), choices=Severity.choices_with_points)
    item = forms.ChoiceField(label=_("Checklist item"), required=False)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}))
    evidence = MultipleFileField(
        label=_("Photos or PDF"),
        required=False,
        help_text=_("JPEG, PNG or PDF, up to %(mb)s MB each; checked by their content.")
        % {"mb": settings.EVIDENCE_MAX_BYTES // (1024 * 1024)},
    )

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].choices = [("", "—")] + [(i.pk, f"{i.position}. {i.text}") for i in items]


class SubmitForm(forms.Form):
    summary = forms.CharField(
        label=_("Overall remarks"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    signed_name = forms.CharField(
        label=_("Signature: your full name"), max_length=60, help_text=_("Type your name as registered.")
    )
    pledge = forms.BooleanField(
        label=_("I confirm that this record is true and complete, and that I have no conflict of interest."),
        required=True,
    )
    expected_status = forms.CharField(widget=forms.HiddenInput)


class OrderResponseForm(forms.Form):
    response = forms.CharField(label=_("What has been put right"), widget=forms.Textarea(attrs={"rows": 5}))
    document = forms.FileField(
        label=_("Supporting document"),
        required=False,
        help_text=_("PDF, JPEG or PNG, checked by its content."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,application/pdf"}),
    )
    expected_status = forms.CharField(widget=forms.HiddenInput)


class ScheduleForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2020, max_value=2100)
    due_on = forms.DateField(label=_("Self-assessment due"), widget=DateInput)


class SelfAssessmentForm(forms.Form):
    text = forms.CharField(label=_("Self-assessment"), widget=forms.Textarea(attrs={"rows": 8}))
    document = forms.FileField(
        label=_("Supporting document"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,application/pdf"}),
    )
    expected_status = forms.CharField(widget=forms.HiddenInput)


class ScoresForm(forms.Form):
    experts = forms.CharField(
        label=_("Experts"), max_length=200, help_text=_("The names of the scoring experts.")
    )
    expected_status = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for code, label in REVIEW_AREAS:
            self.fields[f"score_{code}"] = forms.IntegerField(label=label, min_value=0, max_value=100)

    def scores(self) -> dict[str, int]:
        return {code: self.cleaned_data[f"score_{code}"] for code, _label in REVIEW_AREAS}


class ChecklistRevisionForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=120)
    items = forms.CharField(
        label=_("Items"),
        widget=forms.Textarea(attrs={"rows": 20}),
        help_text=_("One item per line: area | check."),
    )
    note = forms.CharField(label=_("What changed"), max_length=200)

    def parsed_items(self) -> list[tuple[str, str]]:
        rows = []
        for line in self.cleaned_data["items"].splitlines():
            if not line.strip():
                continue
            area, sep, text = line.partition("|")
            rows.append((area.strip(), text.strip()) if sep else ("", area.strip()))
        return rows
