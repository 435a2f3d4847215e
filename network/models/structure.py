"""How the network is organized: one country network per country, product networks."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField


class CountryNetwork(models.Model):
    """A national coordination of the member organizations of one country."""

    country = CountryField(_("country"), unique=True)
    name = models.CharField(_("name"), max_length=200)
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("coordinator"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("country network")
        verbose_name_plural = _("country networks")
        ordering = ["name"]

    def __str__(self):
        return self.name


class ProductNetwork(models.Model):
    """Organizations producing the same product (coffee, cacao, honey...)."""

    slug = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    is_honey = models.BooleanField(
        _("counted in beehives"),
        default=False,
        help_text=_("Producers of this product are small when they keep at most 500 beehives."),
    )

    class Meta:
        verbose_name = _("product network")
        verbose_name_plural = _("product networks")
        ordering = ["name"]

    def __str__(self):
        return self.name
