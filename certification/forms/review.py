"""The certification body's forms on an application (return with what to correct, item
by item; the quote) and the reason a move asks for."""

import datetime
from decimal import Decimal

from django import forms
from django.core.validators import MinValueValidator
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from certification.models import REQUIRED_DOCUMENTS, ApplicationSection, Quote
from producers.models import DocumentType

ITEM = forms.Textarea(attrs={"rows": 2})


class ReturnForm(forms.Form):
    """One box per section and per required document: what to correct there, if
    anything. The boxes filled are the items returned."""

    note = forms.CharField(
        label=_("Message to the cooperative"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Optional: what the items below have in common, or a deadline."),
    )

    def __init__(self, *args, application, **kwargs):
        super().__init__(*args, **kwargs)
        self.targets = {}
        for section in ApplicationSection:
            self._add(f"section_{section.value}", section.label, section=section.value)
        for requirement in REQUIRED_DOCUMENTS[application.kind]:
            label = capfirst(DocumentType(requirement).label)
            self._add(
                f"document_{requirement}",
                label,
                section=ApplicationSection.DOCUMENTS.value,
                requirement=requirement,
            )

    def _add(self, name, label, **target):
        self.fields[name] = forms.CharField(
            label=label, required=False, max_length=2000, widget=ITEM
        )
        self.targets[name] = target

    def section_fields(self):
        return [self[name] for name in self.targets if name.startswith("section_")]

    def document_fields(self):
        return [self[name] for name in self.targets if name.startswith("document_")]

    def clean(self):
        cleaned = super().clean()
        if not any(cleaned.get(name, "").strip() for name in self.targets):
            raise forms.ValidationError(
                _("Say what to correct in at least one section or document.")
            )
        return cleaned

    def items(self) -> list[dict]:
        return [
            {**target, "reason": self.cleaned_data[name]}
            for name, target in self.targets.items()
            if self.cleaned_data.get(name, "").strip()
        ]


class QuoteForm(forms.ModelForm):
    class Meta:
        model = Quote
        fields = ["amount", "currency", "valid_until", "notes"]
        widgets = {
            "valid_until": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "notes": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["amount"].validators.append(MinValueValidator(Decimal("0.01")))
        self.fields["amount"].widget.attrs["min"] = "0.01"
        self.initial.setdefault("valid_until", timezone.localdate() + datetime.timedelta(days=30))

    def clean_valid_until(self):
        day = self.cleaned_data["valid_until"]
        if day < timezone.localdate():
            raise forms.ValidationError(_("A quote must be valid at least until today."))
        return day


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, required: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].required = required
        if not required:
            self.fields["reason"].label = _("Comment (optional)")
