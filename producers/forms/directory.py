from django import forms
from django.utils.translation import gettext_lazy as _

from network.models import ProductNetwork
from producers.directory import directory_filters
from producers.models import MembershipStatus

SORT_CHOICES = [
    ("name", _("name (A–Z)")),
    ("-name", _("name (Z–A)")),
    ("country", _("country")),
    ("-members", _("most members")),
    ("members", _("fewest members")),
    ("status", _("membership")),
    ("-created", _("newest")),
]


class DirectoryFilterForm(forms.Form):
    q = forms.CharField(label=_("Name or tax id"), required=False, max_length=100)
    country = forms.ChoiceField(label=_("Country"), required=False)
    product = forms.ModelChoiceField(
        label=_("Product"),
        queryset=ProductNetwork.objects.all(),
        required=False,
        empty_label=_("all"),
    )
    status = forms.ChoiceField(
        label=_("Membership"),
        required=False,
        choices=[("", _("all")), *MembershipStatus.choices],
    )
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=SORT_CHOICES)

    def __init__(self, *args, countries=(), **kwargs):
        """`countries`: (code, name) pairs the user's scope holds (directory_countries)."""
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", _("all")), *countries]
        sort = self.fields.pop("sort")
        for extra in directory_filters():
            self.fields[extra.name] = forms.ChoiceField(
                label=extra.label, required=False, choices=[("", _("all")), *extra.choices()]
            )
        self.fields["sort"] = sort
