import uuid

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _

from advocacy.models.campaigns import Campaign
from network.files import PDF_OR_IMAGE_KINDS, PrivateFileField


def _resource_path(instance, filename):
    """Kept for the migrations that name it; the field is a PrivateFileField now."""
    return f"advocacy/resources/{uuid.uuid4().hex}"


class Resource(models.Model):
    """A study, position paper or brief that backs the campaigns."""

    class Kind(models.TextChoices):
        STUDY = "study", _("study")
        POSITION_PAPER = "position_paper", _("position paper")
        BRIEF = "brief", _("brief")

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("public")
        MEMBERS = "members", _("members only")

    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    summary = models.TextField(_("summary"), blank=True)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    tags = ArrayField(
        models.CharField(max_length=40), default=list, blank=True, verbose_name=_("tags")
    )
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    link = models.URLField(_("link"), blank=True)
    file = PrivateFileField(
        _("file"), folder="advocacy/resources", kinds=PDF_OR_IMAGE_KINDS, blank=True
    )
    file_type = models.CharField(max_length=40, blank=True, editable=False)
    campaigns = models.ManyToManyField(
        Campaign, blank=True, related_name="resources", verbose_name=_("campaigns")
    )
    published_on = models.DateField(_("published on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("knowledge resource")
        verbose_name_plural = _("knowledge resources")
        ordering = ["-published_on", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(link="", file=""), name="resource_has_file_or_link"
            )
        ]

    def __str__(self):
        return self.title
