from django import forms
from django.utils.translation import gettext_lazy as _

from network.concurrency import VersionedForm
from network.files import REGISTER_KINDS, UploadField
from network.forms import NameField
from producers.models import Member


class MemberForm(VersionedForm, forms.ModelForm):
    class Meta:
        model = Member
        fields = [
            "code",
            "name",
            "gender",
            "birth_year",
            "community",
            "total_area_ha",
            "production_area_ha",
            "covered_area_ha",
            "beehives",
            "products",
            "organic_status",
            "is_active",
        ]
        field_classes = {"name": NameField}

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.organization = organization
        self.instance.organization = organization

    def clean_code(self):
        code = self.cleaned_data["code"].strip()
        clash = Member.objects.filter(organization=self.organization, code=code)
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(_("Another member has this code."))
        return code

    def clean(self):
        cleaned = super().clean()
        total, production = cleaned.get("total_area_ha"), cleaned.get("production_area_ha")
        if total is not None and production is not None and production > total:
            self.add_error(
                "production_area_ha", _("The area in production is larger than the total area.")
            )
        return cleaned

    def validate_unique(self):
        pass  # clean_code checks the code within the organization


class RegisterUploadForm(forms.Form):
    file = UploadField(label=_("Member register (CSV or XLSX)"), kinds=REGISTER_KINDS)


class MemberSearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    active = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("all")), ("1", _("active")), ("0", _("inactive"))],
    )
