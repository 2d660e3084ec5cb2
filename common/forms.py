from django import forms
from django.utils.translation import gettext_lazy as _

REVIEW_AREAS = [
    ("organisation", _("Organisation")),
    ("systems", _("Management systems")),
    ("technical_support", _("Technical support")),
    ("basic_conditions", _("Basic conditions")),
    ("staff", _("Staff")),
    ("quality_management", _("Quality management")),
]


class ActionForm(forms.Form):
    """The confirmation of one transition; the fields shown depend on the action."""

    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    expected_status = forms.CharField(widget=forms.HiddenInput)
    deadline = forms.DateField(
        label=_("Rectification deadline"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(
        self,
        *args,
        reason_required=False,
        asks_reason=True,
        dangerous=False,
        with_deadline=False,
        with_scores=False,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.fields["reason"].required = reason_required
        if not (reason_required or asks_reason):
            del self.fields["reason"]
        if not with_deadline:
            del self.fields["deadline"]
        if with_scores:
            for code, label in REVIEW_AREAS:
                self.fields[f"score_{code}"] = forms.IntegerField(
                    label=label, min_value=0, max_value=100, required=False
                )
        if dangerous:
            # A second, deliberate gesture: the red button alone is one click from the record's page.
            self.fields["understood"] = forms.BooleanField(
                label=_("I understand that this cannot be undone."), required=True
            )

    def scores(self) -> dict | None:
        values = {
            code: self.cleaned_data.get(f"score_{code}")
            for code, _label in REVIEW_AREAS
            if self.cleaned_data.get(f"score_{code}") is not None
        }
        return values or None


def add_errors(form, exc) -> None:
    """Put a service's ValidationError onto a form: field errors where the field exists, else the top."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)
