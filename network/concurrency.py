"""Optimistic concurrency for edit forms people use at the same time.

A versioned record has an integer `version` column. Its edit form carries the version
the person opened (hidden); the service locks the row and saves only if the stored
version is still that one, moving it on by one. Otherwise nothing is saved, `StaleEdit`
carries the stored record, and the form says so, keeps what the person typed, takes the
stored version (so saving again is a deliberate choice) and lists what is stored now.
"""

from django import forms
from django.db import models
from django.forms.models import model_to_dict
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

STALE_MESSAGE = _(
    "Someone else changed this record since you opened it. "
    "Review their changes below and save again."
)
EMPTY = "—"


class StaleEdit(Exception):
    """The record changed since the form was opened; nothing was saved."""

    def __init__(self, current: models.Model):
        super().__init__(f"{type(current).__name__} {current.pk} is at version {current.version}")
        self.current = current


def lock_at_version(queryset: models.QuerySet, *, pk, version: int | None) -> models.Model:
    """The row, locked until the end of the transaction, if its stored version is still
    `version`; else StaleEdit. A missing version (an old or forged form) is never current.
    Call inside transaction.atomic, then save the row with `version + 1`."""
    current = queryset.select_for_update().get(pk=pk)
    if version is None or current.version != version:
        raise StaleEdit(current)
    current.version += 1
    return current


class VersionedForm(forms.Form):
    """Mix into an edit form (`class F(VersionedForm, forms.ModelForm)`) of a model with a
    `version` column."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = getattr(self, "instance", None)
        if instance is not None and instance.pk is not None:
            self.initial.setdefault("version", instance.version)
        self.stored = []

    def refuse_stale(self, stale: StaleEdit) -> None:
        """Show the refusal: the typed values stay, the stored version and values come in."""
        current = stale.current
        self.data = self.data.copy()
        self.data[self.add_prefix("version")] = str(current.version)
        self.add_error(None, STALE_MESSAGE)
        self.stored = stored_values(self, current)


def stored_values(form: forms.BaseForm, current: models.Model) -> list[dict]:
    """Label and stored value of each field whose stored value differs from what the
    person typed, readable (choice labels, not keys)."""
    stored = model_to_dict(current, fields=list(form.fields))
    rows = []
    for name, field in form.fields.items():
        if name not in stored or field.disabled or isinstance(field.widget, forms.FileInput):
            continue
        if field.has_changed(stored[name], form[name].data):
            rows.append({"label": form[name].label, "value": shown(field, stored[name])})
    return rows


def shown(field: forms.Field, value) -> str:
    """A stored value as a person reads it in this field."""
    if value is None or value == "" or value == []:
        return EMPTY
    if isinstance(field, forms.BooleanField):
        return gettext("yes") if value else gettext("no")
    choices = getattr(field, "choices", None)
    if choices is not None:
        labels = {str(key): label for key, label in choices}
        values = value if isinstance(value, list | tuple) else [value]
        return ", ".join(str(labels.get(str(getattr(v, "pk", v)), v)) for v in values)
    return str(value)
