"""Forms of evaluator competences: recording one, ending one. The service checks who
may (certification/services/competence.py)."""

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from certification.dates import period_end
from certification.forms.evaluations import DATE, PersonChoiceField
from certification.models import EvaluatorCompetence, ScopeActivity
from network.models import ProductNetwork


class CompetenceForm(forms.ModelForm):
    evaluator = PersonChoiceField(label=_("Evaluator"), queryset=None)
    product_networks = forms.ModelMultipleChoiceField(
        label=_("Products"),
        queryset=ProductNetwork.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The products of the applications they may evaluate."),
    )
    scope_activities = forms.MultipleChoiceField(
        label=_("Scope activities"),
        choices=ScopeActivity.choices,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = EvaluatorCompetence
        fields = [
            "evaluator",
            "product_networks",
            "scope_activities",
            "valid_from",
            "valid_until",
            "basis",
        ]
        widgets = {
            "valid_from": DATE,
            "valid_until": DATE,
            "basis": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, evaluators, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["evaluator"].queryset = evaluators
        today = timezone.localdate()
        self.initial.setdefault("valid_from", today)
        self.initial.setdefault("valid_until", period_end(today, 12))

    def clean(self):
        data = super().clean()
        start, end = data.get("valid_from"), data.get("valid_until")
        if start and end and end < start:
            self.add_error("valid_until", _("The end is before the start."))
        return data

    def _post_clean(self):
        pass  # the service saves


class CompetenceEndForm(forms.Form):
    last_day = forms.DateField(
        label=_("Last day it holds"),
        widget=DATE,
        help_text=_(
            "Today, or an earlier day if it should never have held from then: evaluations "
            "after that day are no longer covered by it."
        ),
    )
    reason = forms.CharField(
        label=_("Why it ends"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, competence, **kwargs):
        super().__init__(*args, **kwargs)
        self.competence = competence
        self.initial.setdefault("last_day", min(timezone.localdate(), competence.valid_until))

    def clean_last_day(self):
        day = self.cleaned_data["last_day"]
        if day > self.competence.valid_until:
            raise forms.ValidationError(
                _("It holds until %(day)s at most."),
                params={"day": date_format(self.competence.valid_until)},
            )
        return day
