"""The application's forms: starting one, and one page per section of the form.

A section page is its own fields (a version-checked form) and, for the sections that are
lists, a formset of rows with a few blank ones to fill (save, and more blank rows come:
no JavaScript needed). Every field may stay empty in a draft; the readiness checks say
what the body will need. What was typed stays on the page whatever goes wrong."""

from dataclasses import dataclass

from django import forms
from django.forms.models import model_to_dict
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from certification.models import (
    REQUIRED_DOCUMENTS,
    SECTION_FIELDS,
    Application,
    ApplicationKind,
    ApplicationProduct,
    ApplicationSection,
    ApplicationSite,
    OtherCertification,
    ScopeActivity,
    Subcontractor,
)
from certification.selectors import (
    certification_bodies_to_choose,
    library_documents,
    previous_applications,
    product_choices,
)
from network.concurrency import VersionedForm
from network.files import UploadField
from producers.models import DocumentType

Section = ApplicationSection
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MAP_KINDS = ("pdf", "jpeg", "png")
BLANK_ROWS = 2  # blank rows under the stored ones; saving brings two more


class ApplicationStartForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Type of application"),
        choices=ApplicationKind.choices,
        widget=forms.RadioSelect,
        initial=ApplicationKind.INITIAL,
    )
    certification_body = forms.ModelChoiceField(
        label=_("Certification body"), queryset=certification_bodies_to_choose()
    )
    planned_evaluation_on = forms.DateField(
        label=_("Wished evaluation date"),
        required=False,
        widget=DATE,
        help_text=_("The required documents must be valid on this day."),
    )
    previous = forms.ModelChoiceField(
        label=_("Previous application"),
        queryset=Application.objects.none(),
        required=False,
        help_text=_("A renewal or a scope extension starts as a copy of it."),
    )

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["certification_body"].queryset = certification_bodies_to_choose()
        self.fields["previous"].queryset = previous_applications(organization)
        self.fields["previous"].label_from_instance = lambda application: (
            f"{application.reference} · {application.get_kind_display()} · "
            f"{application.certification_body}"
        )

    def clean_planned_evaluation_on(self):
        day = self.cleaned_data["planned_evaluation_on"]
        if day and day < timezone.localdate():
            raise forms.ValidationError(_("Choose a day that has not passed."))
        return day

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") == ApplicationKind.INITIAL:
            cleaned["previous"] = None
        return cleaned


# --- Sections ----------------------------------------------------------------------------


class SectionForm(VersionedForm, forms.ModelForm):
    """A section's own fields; carries the application's version (network.concurrency)."""

    class Meta:
        model = Application
        fields = ()

    def __init__(self, *args, application, user, **kwargs):
        super().__init__(*args, instance=application, **kwargs)
        self.application, self.user = application, user

    def saved_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self._meta.fields}

    def service_arguments(self) -> dict:
        return {"fields": self.saved_fields()}


class GeneralForm(SectionForm):
    class Meta:
        model = Application
        fields = SECTION_FIELDS[Section.GENERAL]
        widgets = {"planned_evaluation_on": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["certification_body"].queryset = certification_bodies_to_choose()
        self.fields["planned_evaluation_on"].help_text = _(
            "The required documents must be valid on this day."
        )

    def clean_planned_evaluation_on(self):
        day = self.cleaned_data["planned_evaluation_on"]
        if day and day < timezone.localdate() and day != self.instance.planned_evaluation_on:
            raise forms.ValidationError(_("Choose a day that has not passed."))
        return day


class OrganizationForm(SectionForm):
    class Meta:
        model = Application
        fields = SECTION_FIELDS[Section.ORGANIZATION]
        widgets = {"invoicing_address": forms.Textarea(attrs={"rows": 3})}


class MembersForm(SectionForm):
    class Meta:
        model = Application
        fields = SECTION_FIELDS[Section.MEMBERS]

    def clean(self):
        cleaned = super().clean()
        total, in_scope = cleaned.get("members_total"), cleaned.get("members_in_scope")
        if total is not None and in_scope is not None and in_scope > total:
            self.add_error(
                "members_in_scope", _("There cannot be more members in scope than members.")
            )
        return cleaned

    def _post_clean(self):
        # The model's constraint says the same as clean(): say it once, on the field.
        if not self.has_error("members_in_scope"):
            super()._post_clean()


class ProductsForm(SectionForm):
    pass


class ScopeForm(SectionForm):
    scope_activities = forms.MultipleChoiceField(
        label=_("Scope of activities"),
        choices=ScopeActivity.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Application
        fields = SECTION_FIELDS[Section.SCOPE]


class SitesForm(SectionForm):
    pass


class IcsForm(SectionForm):
    class Meta:
        model = Application
        fields = SECTION_FIELDS[Section.ICS]
        widgets = {"ics_last_inspection_on": DATE}
        help_texts = {
            "ics_description": _(
                "Who inspects the members, how often, how results are recorded and what "
                "happens when a member does not comply."
            )
        }


class CertificationsForm(SectionForm):
    class Meta:
        model = Application
        fields = SECTION_FIELDS[Section.CERTIFICATIONS]
        help_texts = {"sales_sps_percent": _("Of last year's sales, by value.")}


class MapForm(SectionForm):
    area_map = UploadField(label=_("Area map"), kinds=MAP_KINDS, required=False)

    def service_arguments(self) -> dict:
        uploaded = self.cleaned_data.get("area_map")
        return {"area_map": (uploaded, uploaded.checked) if uploaded else None}


class DocumentsForm(SectionForm):
    """One choice per required document, among the library's documents of that type."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        application = self.application
        links = {link.requirement: link.document_id for link in application.document_links.all()}
        for requirement in REQUIRED_DOCUMENTS[application.kind]:
            field = forms.ModelChoiceField(
                label=capfirst(DocumentType(requirement).label),
                queryset=library_documents(self.user, application.organization, requirement),
                required=False,
                empty_label=_("— not chosen —"),
            )
            field.label_from_instance = _document_choice
            self.fields[f"document_{requirement}"] = field
            self.initial.setdefault(f"document_{requirement}", links.get(requirement))

    def service_arguments(self) -> dict:
        return {
            "documents": {
                requirement: self.cleaned_data[f"document_{requirement}"]
                for requirement in REQUIRED_DOCUMENTS[self.application.kind]
            }
        }


def _document_choice(document) -> str:
    if document.valid_until:
        return _("%(title)s (valid until %(day)s)") % {
            "title": document.title,
            "day": formats.date_format(document.valid_until, "SHORT_DATE_FORMAT"),
        }
    return document.title


class DeclarationForm(SectionForm):
    vouch = forms.BooleanField(
        label=_("I vouch that the data in this application is true and complete."),
        required=False,
    )

    class Meta:
        model = Application
        fields = SECTION_FIELDS[Section.DECLARATION]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("vouch", self.instance.vouched_at is not None)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("vouch") and not (
            cleaned.get("vouched_by_name") and cleaned.get("vouched_by_position")
        ):
            self.add_error("vouch", _("Write the name and position of the person vouching."))
        return cleaned

    def service_arguments(self) -> dict:
        return {"fields": self.saved_fields(), "vouch": self.cleaned_data["vouch"]}


# --- Rows --------------------------------------------------------------------------------


class ProductRowForm(forms.ModelForm):
    class Meta:
        model = ApplicationProduct
        fields = ["product_network", "description", "volume", "unit", "form", "destination",
                  "brand"]  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["product_network"].queryset = product_choices()


class SubcontractorRowForm(forms.ModelForm):
    class Meta:
        model = Subcontractor
        fields = ["name", "activity", "location"]


class SiteRowForm(forms.ModelForm):
    class Meta:
        model = ApplicationSite
        fields = ["kind", "name", "location", "operated_by"]


class OtherCertificationRowForm(forms.ModelForm):
    class Meta:
        model = OtherCertification
        fields = ["scheme", "certifier", "valid_until", "recent_non_compliances"]
        widgets = {
            "valid_until": DATE,
            "recent_non_compliances": forms.Textarea(attrs={"rows": 3}),
        }


@dataclass(frozen=True)
class Rows:
    form: type
    related_name: str
    legend: object  # "Product %(number)s"
    heading: object


ROWS = {
    Section.PRODUCTS: Rows(ProductRowForm, "products", _("Product %(number)s"), _("Products")),
    Section.SCOPE: Rows(
        SubcontractorRowForm,
        "subcontractors",
        _("Subcontractor %(number)s"),
        _("Subcontractors (leave the rows empty if there are none)"),
    ),
    Section.SITES: Rows(
        SiteRowForm,
        "sites",
        _("Site %(number)s"),
        _("Collection centres, processing sites and warehouses (none: save empty rows)"),
    ),
    Section.CERTIFICATIONS: Rows(
        OtherCertificationRowForm,
        "other_certifications",
        _("Certification %(number)s"),
        _("Other certifications (none: save empty rows)"),
    ),
}
SECTION_FORMS = {
    Section.GENERAL: GeneralForm,
    Section.ORGANIZATION: OrganizationForm,
    Section.MEMBERS: MembersForm,
    Section.PRODUCTS: ProductsForm,
    Section.SCOPE: ScopeForm,
    Section.SITES: SitesForm,
    Section.ICS: IcsForm,
    Section.CERTIFICATIONS: CertificationsForm,
    Section.MAP: MapForm,
    Section.DOCUMENTS: DocumentsForm,
    Section.DECLARATION: DeclarationForm,
}


class RowsFormSet(forms.BaseFormSet):
    def rows(self) -> list[dict]:
        """The rows kept, in order: filled and not marked for removal."""
        return [
            {name: value for name, value in form.cleaned_data.items() if name != "DELETE"}
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]


@dataclass
class SectionPage:
    """A section's form and, for a list, its rows; valid only when both are."""

    section: Section
    form: SectionForm
    rows: RowsFormSet | None = None
    rows_spec: Rows | None = None

    def is_valid(self) -> bool:
        form_valid = self.form.is_valid()
        rows_valid = self.rows.is_valid() if self.rows is not None else True
        return form_valid and rows_valid

    def service_arguments(self) -> dict:
        arguments = self.form.service_arguments()
        if self.rows is not None:
            arguments["rows"] = self.rows.rows()
        return arguments

    def disable(self) -> None:
        """Shown, not editable (the application is with the body)."""
        forms_ = [self.form, *(self.rows.forms if self.rows is not None else [])]
        for form in forms_:
            for field in form.fields.values():
                field.disabled = True


def section_page(section, *, application, user, data=None, files=None) -> SectionPage:
    """The section's page; shown read-only (no blank rows) once the body has it."""
    section = Section(section)
    form = SECTION_FORMS[section](data, files, application=application, user=user)
    spec = ROWS.get(section)
    if spec is None:
        return SectionPage(section, form)
    formset_class = forms.formset_factory(
        spec.form, formset=RowsFormSet, extra=BLANK_ROWS if application.is_editable else 0,
        can_delete=True, max_num=500,
        validate_max=True,
    )  # fmt: skip
    stored = getattr(application, spec.related_name).all()
    initial = [model_to_dict(row, fields=spec.form._meta.fields) for row in stored]
    rows = formset_class(data, initial=initial, prefix="rows")
    for number, row_form in enumerate(rows.forms, start=1):
        row_form.legend = spec.legend % {"number": number}
    return SectionPage(section, form, rows, spec)


class ReadinessForm(forms.Form):
    """The readiness page's question: which application, evaluated when."""

    kind = forms.ChoiceField(
        label=_("Type of application"), choices=ApplicationKind.choices, required=False
    )
    on = forms.DateField(
        label=_("Wished evaluation date"),
        required=False,
        widget=DATE,
        help_text=_("Documents must be valid on this day."),
    )

    def answer(self) -> tuple[str, object]:
        """The type and day asked (an invalid or empty question: initial, today)."""
        cleaned = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return (
            cleaned.get("kind") or ApplicationKind.INITIAL,
            cleaned.get("on") or timezone.localdate(),
        )
