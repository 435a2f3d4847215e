"""Forms of the staff pages: campaigns, updates, declarations' evidence, resources."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from advocacy.models import Campaign, CampaignUpdate, Resource
from network.concurrency import VersionedForm
from network.files import PDF_OR_IMAGE_KINDS, UploadField
from network.images import image_for_web

# Addresses that are pages of their own under /campaigns/.
RESERVED_SLUGS = {"declared", "confirm", "unsubscribe", "new"}


def new_upload(form, name):
    """The file uploaded in this request, checked (it carries `.checked`), or None when
    the field kept the stored one or was left empty."""
    upload = form.cleaned_data.get(name)
    return upload if hasattr(upload, "checked") else None


class CampaignForm(VersionedForm, forms.ModelForm):
    class Meta:
        model = Campaign
        fields = [
            "kind", "slug_es", "title_es", "summary_es", "body_es",
            "slug_en", "title_en", "summary_en", "body_en",
            "slug_pt", "title_pt", "summary_pt", "body_pt",
            "slug_fr", "title_fr", "summary_fr", "body_fr",
            "goal", "starts_on", "ends_on", "countries", "partners", "image",
        ]  # fmt: skip
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}),
            "ends_on": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for code in ("en", "pt", "fr"):
            self.fields[f"slug_{code}"].required = False

    def clean(self):
        cleaned = super().clean()
        for code in ("es", "en", "pt", "fr"):
            slug = cleaned.get(f"slug_{code}")
            if slug and slug in RESERVED_SLUGS:
                self.add_error(f"slug_{code}", _("This address is reserved; choose another."))
        starts, ends = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The end date is before the start date."))
        return cleaned

    def clean_image(self):
        image = self.cleaned_data.get("image")
        if new_upload(self, "image"):
            checked = image.checked
            image = image_for_web(image)  # shown inline: capped and re-encoded
            image.checked = checked  # the same kind, fewer bytes
        return image

    def fields_for_service(self) -> dict:
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if name not in ("image", "version")
        }

    def new_image(self):
        return new_upload(self, "image")


class UpdateForm(forms.ModelForm):
    class Meta:
        model = CampaignUpdate
        fields = ["language", "subject", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 12})}
        help_texts = {
            "language": _("The update goes to the signers who signed in this language."),
        }


class UpdateEditForm(forms.ModelForm):
    class Meta:
        model = CampaignUpdate
        fields = ["subject", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 12})}


class GoalEvidenceForm(forms.Form):
    text = forms.CharField(label=_("Evidence"), required=False, widget=forms.Textarea(
        attrs={"rows": 3}))  # fmt: skip
    link = forms.URLField(label=_("Link"), required=False, max_length=500, assume_scheme="https")
    file = UploadField(label=_("File (PDF or image)"), required=False, kinds=PDF_OR_IMAGE_KINDS)

    def new_file(self):
        return new_upload(self, "file")


class SignerEraseForm(forms.Form):
    email = forms.EmailField(label=_("Email address of the person to erase"))
    confirm = forms.BooleanField(
        label=_("I understand that this removes this person's data from every campaign.")
    )


class SignerSearchForm(forms.Form):
    q = forms.CharField(label=_("Name or email"), max_length=254, required=False)


class ResourceForm(forms.ModelForm):
    link = forms.URLField(label=_("Link"), required=False, max_length=200, assume_scheme="https")
    tags_text = forms.CharField(
        label=_("Tags"), required=False, max_length=400, help_text=_("Separated by commas.")
    )

    class Meta:
        model = Resource
        fields = ["title", "kind", "summary", "language", "visibility", "link", "file",
                  "published_on", "campaigns"]  # fmt: skip
        widgets = {"published_on": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = settings.LANGUAGES
        if self.instance.pk:
            self.initial["tags_text"] = ", ".join(self.instance.tags)

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("link") and not cleaned.get("file"):
            raise forms.ValidationError(_("Give a file or a link."))
        return cleaned

    def fields_for_service(self) -> dict:
        tags = [t.strip().lower() for t in self.cleaned_data.get("tags_text", "").split(",")]
        fields = {
            name: self.cleaned_data[name]
            for name in ["title", "kind", "summary", "language", "visibility", "link",
                         "published_on"]
        }  # fmt: skip
        fields["tags"] = sorted({tag for tag in tags if tag})[:20]
        return fields

    def new_file(self):
        return new_upload(self, "file")
