from django import forms
from django.utils.translation import gettext_lazy as _

from network.files import UploadField
from producers.models import Document


class DocumentForm(forms.ModelForm):
    file = UploadField(label=_("File"))
    note = forms.CharField(label=_("Note"), max_length=250, required=False)

    class Meta:
        model = Document
        fields = ["doc_type", "title", "valid_from", "valid_until"]
        widgets = {
            "valid_from": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "valid_until": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("valid_from"), cleaned.get("valid_until")
        if start and end and end < start:
            self.add_error("valid_until", _("The end of validity is before its start."))
        return cleaned


class DocumentEditForm(DocumentForm):
    file = None
    note = None


class DocumentVersionForm(forms.Form):
    file = UploadField(label=_("New version"))
    note = forms.CharField(label=_("What changed"), max_length=250, required=False)
