"""Forms of resolutions, certificates and cases (the committee's, the cooperative's and
the cases desk's)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from certification.models import ScopeActivity
from network.models import ProductNetwork


class ResolutionForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), widget=forms.RadioSelect)
    reasons = forms.CharField(
        label=_("Reasons"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("The organization reads them; they stay in the file."),
    )
    scope_products = forms.ModelMultipleChoiceField(
        label=_("Products in scope"),
        queryset=ProductNetwork.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Needed when the certification is granted."),
    )
    scope_activities = forms.MultipleChoiceField(
        label=_("Activities in scope"),
        choices=ScopeActivity.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, outcomes=(), products=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome"].choices = list(outcomes)
        self.fields["scope_products"].queryset = (
            products if products is not None else ProductNetwork.objects.all()
        ).order_by("name")


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )


class AgreementForm(forms.Form):
    accept = forms.BooleanField(
        label=_("I have read the user agreement and accept it on behalf of the organization")
    )


class AppealForm(forms.Form):
    grounds = forms.CharField(
        label=_("Grounds of the appeal"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Why the resolution should be reviewed, and what you ask for."),
    )


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(
        label=_("Handled by"), queryset=None, empty_label=_("choose a person")
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = people


class CloseForm(forms.Form):
    outcome = forms.CharField(
        label=_("Outcome"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("The person who raised the case reads it."),
    )
