"""Objections to an initial application, made by anyone during its objection period
(domain.md, "The certification procedure", step 3).

An objection is for the certification body that evaluates the application (and the
network's staff): whoever made it is never shown to the applicant, who learns only how
many there are. Its text is kept as written, for the record."""

from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

REASONS_MAX_LENGTH = 4000


class Objection(models.Model):
    application = models.ForeignKey(
        "certification.Application",
        verbose_name=_("certification application"),
        on_delete=models.PROTECT,
        related_name="objections",
    )
    name = models.CharField(_("name"), max_length=120)
    organization = models.CharField(_("organization"), max_length=150, blank=True)
    email = models.EmailField(_("email"), max_length=254)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    reasons = models.TextField(
        _("reasons"),
        max_length=REASONS_MAX_LENGTH,
        validators=[MaxLengthValidator(REASONS_MAX_LENGTH)],
    )
    # The language of the page the objection was made on: the acknowledgement's.
    language = models.CharField(_("language"), max_length=8)
    created_at = models.DateTimeField(_("received"), auto_now_add=True)

    class Meta:
        verbose_name = _("objection")
        verbose_name_plural = _("objections")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["application", "created_at"])]

    def __str__(self):
        # The reference only: this is what the activity log keeps, and the applicant's
        # people may read their application's log.
        return self.reference

    @property
    def reference(self) -> str:
        """What the person who objected quotes when they write again."""
        return f"OBJ-{self.pk:06d}"
