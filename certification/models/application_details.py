"""The parts of an application that are lists (products, subcontractors, sites, other
certifications) and the documents it links from the organization's library.

The form is filled section by section (ApplicationSection, in the order the pages show
them); each section's rows are replaced as a whole when it is saved."""

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from certification.models.applications import Application, ApplicationKind
from producers.models import DocumentType, Product


class ApplicationSection(models.TextChoices):
    GENERAL = "general", _("Certification body and planned evaluation")
    ORGANIZATION = "organization", _("Organization, invoicing and contacts")
    MEMBERS = "members", _("Members")
    PRODUCTS = "products", _("Products and volumes")
    SCOPE = "scope", _("Scope and subcontractors")
    SITES = "sites", _("Collection centres and processing sites")
    ICS = "ics", _("Internal control system")
    CERTIFICATIONS = "certifications", _("Other certifications and sales")
    MAP = "map", _("Area map")
    DOCUMENTS = "documents", _("Required documents")
    DECLARATION = "declaration", _("Person vouching for the data")


# The library documents each type of application needs (domain.md; a default the
# network may change): the checklist of the "documents" section.
REQUIRED_DOCUMENTS = {
    ApplicationKind.INITIAL: (
        DocumentType.STATUTES,
        DocumentType.MEMBER_LIST,
        DocumentType.ICS_MANUAL,
    ),
    ApplicationKind.RENEWAL: (
        DocumentType.MEMBER_LIST,
        DocumentType.ICS_MANUAL,
        DocumentType.PRICE_RECORDS,
        DocumentType.CONTRACT,
    ),
    ApplicationKind.SCOPE_EXTENSION: (
        DocumentType.MEMBER_LIST,
        DocumentType.ICS_MANUAL,
        DocumentType.CONTRACT,
    ),
}


class _Row(models.Model):
    """A row of one of the application's lists, kept in the order it was typed."""

    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        abstract = True
        ordering = ["application", "position", "id"]


class ApplicationProduct(_Row):
    class Brand(models.TextChoices):
        OWN = "own", _("own brand")
        CLIENT = "client", _("client's brand")
        NONE = "none", _("sold without a brand")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="products")
    product_network = models.ForeignKey(
        "network.ProductNetwork",
        verbose_name=_("product"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    description = models.CharField(_("description"), max_length=200, blank=True)
    volume = models.DecimalField(
        _("volume a year"), max_digits=14, decimal_places=2, validators=[MinValueValidator(0)]
    )
    unit = models.CharField(_("unit"), max_length=8, choices=Product.Unit.choices)
    form = models.CharField(_("raw or finished"), max_length=10, choices=Product.Form.choices)
    destination = models.CharField(_("destination"), max_length=200, blank=True)
    brand = models.CharField(_("brand"), max_length=10, choices=Brand.choices, default=Brand.NONE)

    class Meta(_Row.Meta):
        verbose_name = _("product in the application")
        verbose_name_plural = _("products in the application")

    def __str__(self):
        return f"{self.product_network_id}: {self.volume} {self.unit}"


class Subcontractor(_Row):
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="subcontractors"
    )
    name = models.CharField(_("name"), max_length=200)
    activity = models.CharField(_("what they do"), max_length=200)
    location = models.CharField(_("where"), max_length=200, blank=True)

    class Meta(_Row.Meta):
        verbose_name = _("subcontractor")
        verbose_name_plural = _("subcontractors")

    def __str__(self):
        return self.name


class ApplicationSite(_Row):
    class Kind(models.TextChoices):
        COLLECTION = "collection", _("collection centre")
        PROCESSING = "processing", _("processing site")
        STORAGE = "storage", _("warehouse")

    class Operator(models.TextChoices):
        OWN = "own", _("the organization")
        THIRD_PARTY = "third_party", _("a third party")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="sites")
    kind = models.CharField(_("kind of site"), max_length=12, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)
    location = models.CharField(_("where"), max_length=200)
    operated_by = models.CharField(
        _("operated by"), max_length=12, choices=Operator.choices, default=Operator.OWN
    )

    class Meta(_Row.Meta):
        verbose_name = _("site")
        verbose_name_plural = _("sites")

    def __str__(self):
        return self.name


class OtherCertification(_Row):
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="other_certifications"
    )
    scheme = models.CharField(_("certification"), max_length=120, help_text=_("e.g. organic EU"))
    certifier = models.CharField(_("certified by"), max_length=200, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    recent_non_compliances = models.TextField(
        _("recent non-compliances"),
        max_length=2000,
        blank=True,
        help_text=_("What the last evaluations found and how it was corrected."),
    )

    class Meta(_Row.Meta):
        verbose_name = _("other certification")
        verbose_name_plural = _("other certifications")

    def __str__(self):
        return self.scheme


class ApplicationDocument(models.Model):
    """A library document chosen for one required type. The version is pinned when the
    application is submitted: the body reviews the file as it was sent."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="document_links"
    )
    requirement = models.CharField(
        _("required document"), max_length=20, choices=DocumentType.choices
    )
    document = models.ForeignKey(
        "producers.Document",
        verbose_name=_("document"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    version = models.ForeignKey(
        "producers.DocumentVersion",
        verbose_name=_("version sent"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("document of the application")
        verbose_name_plural = _("documents of the application")
        ordering = ["application", "requirement"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "requirement"], name="application_document_once"
            )
        ]

    def __str__(self):
        return f"{self.get_requirement_display()}: {self.document}"


S = ApplicationSection
# The application's own fields each section edits, and those it needs before filing.
SECTION_FIELDS = {
    S.GENERAL: ("certification_body", "planned_evaluation_on"),
    S.ORGANIZATION: (
        "invoicing_name",
        "invoicing_tax_id",
        "invoicing_address",
        "invoicing_email",
        "contact_name",
        "contact_position",
        "contact_email",
        "contact_phone",
    ),
    S.MEMBERS: ("members_total", "members_in_scope"),
    S.PRODUCTS: (),
    S.SCOPE: ("scope_activities",),
    S.SITES: (),
    S.ICS: ("ics_description", "ics_inspectors", "ics_last_inspection_on"),
    S.CERTIFICATIONS: ("sales_organic_percent", "sales_fair_trade_percent", "sales_sps_percent"),
    S.MAP: (),
    S.DOCUMENTS: (),
    S.DECLARATION: ("vouched_by_name", "vouched_by_position"),
}
SECTION_REQUIRED = {
    **SECTION_FIELDS,
    S.ORGANIZATION: tuple(f for f in SECTION_FIELDS[S.ORGANIZATION] if f != "contact_position"),
    S.ICS: ("ics_description",),
    S.DECLARATION: ("vouched_by_name", "vouched_by_position", "vouched_at"),
}
# The lists each section edits (its rows are replaced as a whole when it is saved).
SECTION_ROWS = {
    S.PRODUCTS: ApplicationProduct,
    S.SCOPE: Subcontractor,
    S.SITES: ApplicationSite,
    S.CERTIFICATIONS: OtherCertification,
}
# Sections whose list may be empty, once the cooperative saved it so ("we have none").
ROWS_MAY_BE_EMPTY = (S.SCOPE, S.SITES, S.CERTIFICATIONS)
