"""The member register (internal control system) of an organization."""

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class Gender(models.TextChoices):
    FEMALE = "f", _("woman")
    MALE = "m", _("man")
    OTHER = "o", _("other")
    UNKNOWN = "", _("not stated")


class OrganicStatus(models.TextChoices):
    ORGANIC = "organic", _("organic")
    TRANSITION = "transition", _("in transition")
    CONVENTIONAL = "conventional", _("conventional")
    UNKNOWN = "", _("not stated")


AREA = {"max_digits": 10, "decimal_places": 2, "validators": [MinValueValidator(0)]}


class Member(models.Model):
    """A producer member, identified inside the organization by its code."""

    organization = models.ForeignKey(
        "producers.Organization", on_delete=models.CASCADE, related_name="members"
    )
    code = models.CharField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=200)
    gender = models.CharField(
        _("gender"), max_length=1, choices=Gender.choices, blank=True, default=""
    )
    birth_year = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True)
    community = models.CharField(_("community"), max_length=120, blank=True)
    total_area_ha = models.DecimalField(_("total area (ha)"), null=True, blank=True, **AREA)
    production_area_ha = models.DecimalField(
        _("area in production (ha)"), null=True, blank=True, **AREA
    )
    covered_area_ha = models.DecimalField(_("area under cover (ha)"), null=True, blank=True, **AREA)
    beehives = models.PositiveIntegerField(_("beehives"), null=True, blank=True)
    products = models.CharField(_("products"), max_length=200, blank=True)
    organic_status = models.CharField(
        _("organic status"), max_length=12, choices=OrganicStatus.choices, blank=True, default=""
    )
    is_active = models.BooleanField(_("active"), default=True)
    # Moves on by one with every edit or import change (see network.concurrency).
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "code"], name="member_code_unique")
        ]

    def __str__(self):
        return f"{self.code} {self.name}"
