from django import forms
from django.utils.translation import gettext_lazy as _


class RosterUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Result roster"),
        help_text=_("CSV (UTF-8 or GBK) or XLSX, first sheet; headers in Chinese or English, any order."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )


class ComplaintForm(forms.Form):
    body = forms.ModelChoiceField(label=_("Body"), queryset=None)
    text = forms.CharField(label=_("Complaint"), widget=forms.Textarea(attrs={"rows": 5}))

    def __init__(self, *args, bodies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = bodies.order_by("name")
