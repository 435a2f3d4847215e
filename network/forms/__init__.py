from django import forms
from django.conf import settings
from django.utils import translation
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from network.models import User
from network.text import clean_name


class NameField(forms.CharField):
    """The name of a person or an organization, kept without invisible characters
    (network.text.clean_name)."""

    def to_python(self, value):
        value = super().to_python(value)
        return clean_name(value) if value else value


class BotTrapForm(forms.Form):
    """A public form with a field people never see (templates/includes/bot_trap.html);
    bots that fill every field give themselves away. The view answers a bot as if all
    went well and keeps nothing."""

    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["website"] = self.fields.pop("website")  # last, as forms are read

    def is_bot(self) -> bool:
        return bool(self.cleaned_data.get("website"))


class SignupForm(forms.Form):
    """Extra fields of allauth's sign-up form."""

    full_name = NameField(label=_("Full name"), max_length=200)

    field_order = ["full_name", "email", "password1", "password2"]

    def signup(self, request, user):
        user.full_name = self.cleaned_data["full_name"]
        language = translation.get_language() or settings.LANGUAGE_CODE
        user.language = language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        user.save(update_fields=["full_name", "language"])


class ProfileForm(forms.ModelForm):
    """What a person may change about themselves; email, password and MFA have
    allauth's own pages (they ask for the password again)."""

    class Meta:
        model = User
        fields = ["full_name", "language"]
        field_classes = {"full_name": NameField}
        labels = {"full_name": _("Full name"), "language": _("Preferred language")}
        help_texts = {"language": _("Pages and emails reach you in this language.")}


class LanguageForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    next = forms.CharField(required=False, max_length=2000, widget=forms.HiddenInput)


class ReminderPreferencesForm(forms.Form):
    """Which optional reminders a person gets by email (in-app they always arrive;
    essential ones are not offered: they cannot be turned off)."""

    emailed = forms.MultipleChoiceField(
        label=_("Reminders I get by email"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, families, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["emailed"].choices = [
            (family.name, format_lazy("{}: {}", family.label, family.help) if family.help
             else family.label)
            for family in families
        ]  # fmt: skip
