import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils.dates import MONTHS
from django.utils.translation import gettext_lazy as _

from plans.models import Plan, ScopeKind, Target, TechnicalCollege
from registry.models import District
from registry.services import normalise_credit_code

DateInput = forms.DateInput(attrs={"type": "date"})


class PlanForm(forms.Form):
    """A new year's plan; its targets may start as a copy of an earlier plan's."""

    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    name = forms.CharField(
        label=_("Name"),
        max_length=120,
        help_text=_("The document's title, e.g. 《2022年重庆市职业能力建设工作要点》."),
    )
    source = forms.CharField(label=_("Source document"), max_length=300, required=False)
    copy_from = forms.ModelChoiceField(
        label=_("Copy the targets of"),
        queryset=Plan.objects.all(),
        required=False,
        empty_label=_("— none: start without targets —"),
    )

    def clean_year(self):
        year = self.cleaned_data["year"]
        if Plan.objects.filter(year=year).exists():
            raise forms.ValidationError(_("There is already a plan for %(year)s.") % {"year": year})
        return year


class PlanEditForm(forms.ModelForm):
    class Meta:
        model = Plan
        fields = ["name", "source"]


class TargetForm(forms.ModelForm):
    """A target of `plan`. The scope decides which of district and kind of body is named; the plan's
    other targets decide whether this metric and scope are still free (the model's constraints)."""

    class Meta:
        model = Target
        fields = ["metric", "scope", "district", "body_kind", "value", "note"]

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.plan = plan
        self.fields["district"].queryset = District.objects.order_by("code")
        self.fields["value"].widget.attrs["min"] = 1

    def _get_validation_exclusions(self):
        # The plan is set by the page, not a field, but the unique constraints are about it.
        exclude = super()._get_validation_exclusions()
        exclude.discard("plan")
        return exclude

    def clean(self):
        data = super().clean()
        scope, district, kind = data.get("scope"), data.get("district"), data.get("body_kind")
        if scope == ScopeKind.DISTRICT and not district:
            self.add_error("district", _("A district target names its district."))
        if scope != ScopeKind.DISTRICT and district:
            self.add_error("district", _("Only a district target names a district; leave this empty."))
        if scope == ScopeKind.BODY_KIND and not kind:
            self.add_error("body_kind", _("A target for a kind of body names the kind."))
        if scope != ScopeKind.BODY_KIND and kind:
            self.add_error("body_kind", _("Only a target for a kind of body names a kind; leave this empty."))
        if data.get("value") == 0:
            self.add_error("value", _("A target is at least 1."))
        return data


class CollegeForm(forms.ModelForm):
    # Room for the spaces and hyphens a pasted code may carry; the value is stored compact.
    credit_code = forms.CharField(label=_("Unified social credit code"), max_length=30)

    class Meta:
        model = TechnicalCollege
        fields = ["name", "credit_code", "district", "closed_on"]
        widgets = {"closed_on": DateInput}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = District.objects.order_by("code")
        self.fields["closed_on"].help_text = _("Only for a college that has closed or merged.")

    def clean_credit_code(self):
        try:
            return normalise_credit_code(self.cleaned_data["credit_code"])
        except forms.ValidationError as exc:
            raise forms.ValidationError(exc.message_dict["credit_code"]) from exc


class CloseCollegeForm(forms.Form):
    closed_on = forms.DateField(label=_("Closed on"), widget=DateInput)


class CollegeFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Name or credit code"), required=False, widget=forms.TextInput(attrs={"type": "search"})
    )
    district = forms.ModelChoiceField(
        label=_("District"), queryset=District.objects.order_by("code"), required=False, to_field_name="code"
    )


class CollegeImportForm(forms.Form):
    file = forms.FileField(label=_("Catalogue file (XLSX or CSV)"))


class IsoDateInput(forms.DateInput):
    input_type = "date"


def year_end(year: int) -> datetime.date:
    return datetime.date(year, 12, 31)


class DashboardForm(forms.Form):
    """The year of a plan, the day the figures are taken on (today by default, never later) and, for those
    who see the whole city, a district."""

    year = forms.TypedChoiceField(label=_("Plan year"), coerce=int)
    as_of = forms.DateField(
        label=_("As of"),
        widget=IsoDateInput,
        required=False,
        help_text=_("Today if left empty; a past day shows the figures as they stood then."),
    )
    district = forms.ModelChoiceField(
        label=_("District"),
        queryset=District.objects.all(),
        to_field_name="code",
        required=False,
        empty_label=_("Whole city"),
    )

    def __init__(self, data, *, years: list[int], today: datetime.date, pick_district: bool):
        super().__init__(data)
        self.today = today
        self.fields["year"].choices = [(y, y) for y in years]
        if not pick_district:
            del self.fields["district"]

    def clean(self):
        cleaned = super().clean()
        year = cleaned.get("year")
        if year is None:
            return cleaned
        as_of = cleaned.get("as_of") or min(self.today, year_end(year))
        if as_of > self.today:
            self.add_error(
                "as_of",
                ValidationError(
                    _("The figures can only be taken as of today or an earlier day, not %(day)s."),
                    params={"day": as_of.isoformat()},
                ),
            )
        elif as_of.year < year:
            self.add_error(
                "as_of",
                _("The plan for %(year)s starts on 1 January %(year)s: choose a day since then.")
                % {"year": year},
            )
        cleaned["as_of"] = as_of
        return cleaned


class ReportForm(forms.Form):
    """Which month's report to make (and, for those who see the whole city, for which district)."""

    year = forms.TypedChoiceField(label=_("Year"), coerce=int)
    month = forms.TypedChoiceField(
        label=_("Month"), coerce=int, choices=[(m, MONTHS[m]) for m in range(1, 13)]
    )
    district = forms.ModelChoiceField(
        label=_("District"),
        queryset=District.objects.all(),
        to_field_name="code",
        required=False,
        empty_label=_("Whole city"),
    )

    def __init__(self, data=None, *, years: list[int], today: datetime.date, pick_district: bool, **kw):
        super().__init__(data, **kw)
        self.today = today
        self.fields["year"].choices = [(y, y) for y in years]
        if not pick_district:
            del self.fields["district"]

    def clean(self):
        cleaned = super().clean()
        year, month = cleaned.get("year"), cleaned.get("month")
        if year and month and datetime.date(year, month, 1) > self.today:
            raise ValidationError(_("That month has not begun yet."))
        return cleaned
