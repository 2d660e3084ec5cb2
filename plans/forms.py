import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils.dates import MONTHS
from django.utils.translation import gettext_lazy as _

from registry.models import District


class DateInput(forms.DateInput):
    input_type = "date"


def year_end(year: int) -> datetime.date:
    return datetime.date(year, 12, 31)


class DashboardForm(forms.Form):
    """The year of a plan, the day the figures are taken on (today by default, never later) and, for those
    who see the whole city, a district."""

    year = forms.TypedChoiceField(label=_("Plan year"), coerce=int)
    as_of = forms.DateField(
        label=_("As of"),
        widget=DateInput,
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
