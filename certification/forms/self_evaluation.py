"""The answer to one criterion of the self-evaluation: one small form per criterion, so
each is saved on its own (htmx as the person goes; a Save button without JavaScript)."""

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from certification.models import Verdict
from certification.models.self_evaluation import HOW_MAX_LENGTH
from network.concurrency import VersionedForm


def document_label(document) -> str:
    label = f"{document.title} ({document.get_doc_type_display()})"
    if document.valid_until:
        label += " · " + str(_("valid until %(day)s")) % {
            "day": date_format(document.valid_until, "SHORT_DATE_FORMAT")
        }
    return label


class DocumentsField(forms.MultipleChoiceField):
    """Documents of the organization's library. The library is read once for the whole
    page and shared by every criterion's form (no query per form)."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, *, library=(), **kwargs):
        self.library = {str(document.pk): document for document in library}
        choices = [(key, document_label(document)) for key, document in self.library.items()]
        super().__init__(choices=choices, **kwargs)

    def prepare_value(self, value):
        return [str(getattr(item, "pk", item)) for item in value or []]

    def has_changed(self, initial, data):
        return super().has_changed(self.prepare_value(initial), data)

    def clean(self, value) -> list:
        return [self.library[key] for key in super().clean(value)]


class AnswerForm(VersionedForm):
    verdict = forms.ChoiceField(
        label=_("Answer"), choices=Verdict.choices, widget=forms.RadioSelect, required=False
    )
    how = forms.CharField(
        label=_("How"),
        max_length=HOW_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("How the organization complies, or why it does not or why it does not apply."),
    )
    documents = DocumentsField(label=_("Documents that show it"), required=False)

    def __init__(self, *args, criterion, library=(), answer=None, proposal=None, **kwargs):
        kwargs.setdefault("prefix", f"c{criterion.pk}")
        super().__init__(*args, **kwargs)
        self.criterion, self.answer = criterion, answer
        self.fields["verdict"].label = _("Answer to criterion %(code)s") % {"code": criterion.code}
        self.fields["documents"] = DocumentsField(
            label=self.fields["documents"].label, required=False, library=library
        )
        # Proposed, not stored: shown until the person saves an answer of their own.
        self.proposed = bool(proposal) and not (answer and answer.verdict)
        if answer is not None:
            self.initial.update(
                verdict=answer.verdict,
                how=answer.how,
                documents=[document.pk for document in answer.documents.all()],
                version=answer.version,
            )
        if self.proposed:
            typed = answer.how if answer is not None else ""
            self.initial.update(verdict=proposal["verdict"], how=typed or proposal["how"])
