"""Small producers' organizations (SPOs): profile, products and network membership."""

from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from network.workflow import StateField, StateMachine, Transition


class ActorType(models.TextChoices):
    SPO = "spo", _("small producers' organization")
    COLLECTIVE_SPO = "collective_spo", _("collective SPO")
    TRADING_COMPANY = "trading_company", _("collective trading company of SPOs")
    FINAL_BUYER = "final_buyer", _("final buyer")
    INTERMEDIARY = "intermediary", _("intermediary")
    PROCESSOR = "processor", _("processor (maquila)")


class Level(models.IntegerChoices):
    FIRST = 1, _("1st grade (members are producers)")
    SECOND = 2, _("2nd grade (members are 1st-grade organizations)")
    THIRD = 3, _("3rd grade")
    FOURTH = 4, _("4th grade")


class MembershipStatus(models.TextChoices):
    APPLICANT = "applicant", _("applicant")
    MEMBER = "member", _("member")
    SUSPENDED = "suspended", _("suspended")
    WITHDRAWN = "withdrawn", _("withdrawn")
    DECLINED = "declined", _("declined")


class Organization(models.Model):
    legal_name = models.CharField(_("legal name"), max_length=250)
    short_name = models.CharField(_("short name"), max_length=80, blank=True)
    actor_type = models.CharField(
        _("actor type"), max_length=20, choices=ActorType.choices, default=ActorType.SPO
    )
    level = models.PositiveSmallIntegerField(_("level"), choices=Level.choices, default=Level.FIRST)
    country = CountryField(_("country"))
    country_network = models.ForeignKey(
        "network.CountryNetwork",
        verbose_name=_("country network"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="organizations",
    )
    region = models.CharField(_("region"), max_length=120, blank=True)
    municipality = models.CharField(_("municipality"), max_length=120, blank=True)
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    founding_year = models.PositiveSmallIntegerField(
        _("founding year"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1850), MaxValueValidator(2100)],
    )
    legal_form = models.CharField(_("legal form"), max_length=120, blank=True)
    tax_id = models.CharField(_("tax id"), max_length=40, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    website = models.URLField(_("website"), blank=True)
    product_networks = models.ManyToManyField(
        "network.ProductNetwork",
        verbose_name=_("product networks"),
        blank=True,
        related_name="organizations",
    )
    membership_status = StateField(
        _("membership"),
        max_length=12,
        choices=MembershipStatus.choices,
        default=MembershipStatus.APPLICANT,
    )
    application_message = models.TextField(
        _("message with the application"),
        blank=True,
        max_length=4000,  # the form's limit; the validator holds it for full_clean too
        validators=[MaxLengthValidator(4000)],
    )
    # Moves on by one with every profile edit: two people editing at once never lose one.
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["legal_name"]
        indexes = [models.Index(fields=["country", "membership_status"])]

    def __str__(self):
        return self.short_name or self.legal_name

    def get_absolute_url(self):
        """Its page: where network pages (which cannot name producers' URLs) link to."""
        return reverse("producers:organization_detail", args=[self.pk])


class Product(models.Model):
    class Unit(models.TextChoices):
        KG = "kg", _("kilograms")
        TONNE = "t", _("tonnes")
        QUINTAL = "qq", _("quintals (46 kg)")
        LITRE = "l", _("litres")
        BOX = "box", _("boxes")
        UNIT = "unit", _("units")

    class Form(models.TextChoices):
        RAW = "raw", _("raw material")
        FINISHED = "finished", _("finished product")

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="products"
    )
    product_network = models.ForeignKey(
        "network.ProductNetwork",
        verbose_name=_("product"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    description = models.CharField(
        _("description"), max_length=200, blank=True, help_text=_("e.g. green coffee, cacao beans")
    )
    annual_volume = models.DecimalField(
        _("annual volume"), max_digits=14, decimal_places=2, validators=[MinValueValidator(0)]
    )
    unit = models.CharField(_("unit"), max_length=8, choices=Unit.choices, default=Unit.KG)
    form = models.CharField(_("raw or finished"), max_length=10, choices=Form.choices)
    destination_markets = models.CharField(
        _("destination markets"), max_length=250, blank=True, help_text=_("e.g. Europe, USA, local")
    )

    class Meta:
        verbose_name = _("product")
        verbose_name_plural = _("products")
        ordering = ["product_network__name", "id"]

    def __str__(self):
        return self.description or str(self.product_network)


S = MembershipStatus
# The membership state machine: the only place that says which decision leads where.
# Every decision is network staff's, with a reason (see producers.services.organizations).
MEMBERSHIP = StateMachine(
    Organization,
    name="membership",
    field="membership_status",
    transitions=[
        Transition("admit", [S.APPLICANT], S.MEMBER, _("Admit"), "membership.admitted",
                   needs_reason=True),
        Transition("decline", [S.APPLICANT], S.DECLINED, _("Decline"), "membership.declined",
                   needs_reason=True, style="danger"),
        Transition("suspend", [S.MEMBER], S.SUSPENDED, _("Suspend"), "membership.suspended",
                   needs_reason=True, style="danger"),
        Transition("reinstate", [S.SUSPENDED], S.MEMBER, _("Reinstate"),
                   "membership.reinstated", needs_reason=True),
        Transition("withdraw", [S.MEMBER, S.SUSPENDED], S.WITHDRAWN, _("Withdraw"),
                   "membership.withdrawn", needs_reason=True, style="danger"),
    ],
)  # fmt: skip
