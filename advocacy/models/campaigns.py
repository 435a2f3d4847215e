import uuid
from typing import NamedTuple

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from network.files import IMAGE_KINDS, PrivateFileField
from network.workflow import StateField, StateMachine, Transition

# Campaign texts exist per language; Spanish is required and the fallback.
TEXT_LANGUAGES = ("es", "en", "pt", "fr")
FALLBACK_LANGUAGE = "es"


class LocalizedText(NamedTuple):
    text: str
    language: str  # "es" when the text fell back to Spanish

    def __str__(self):
        return self.text


def _image_path(instance, filename):
    """Kept for the migrations that name it; the field is a PrivateFileField now."""
    return f"advocacy/campaigns/{uuid.uuid4().hex}"


class Campaign(models.Model):
    class Kind(models.TextChoices):
        PETITION = "petition", _("petition or pledge")
        TOWNS = "towns", _("Fair Trade Towns declaration")
        UNIVERSITIES = "universities", _("Fair Trade Universities declaration")
        AWARENESS = "awareness", _("awareness")

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("published")
        CLOSED = "closed", _("closed")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.PETITION)
    status = StateField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    slug_es = models.SlugField(_("address (Spanish)"), max_length=80, unique=True)
    slug_en = models.SlugField(_("address (English)"), max_length=80, blank=True)
    slug_pt = models.SlugField(_("address (Portuguese)"), max_length=80, blank=True)
    slug_fr = models.SlugField(_("address (French)"), max_length=80, blank=True)
    title_es = models.CharField(_("title (Spanish)"), max_length=160)
    title_en = models.CharField(_("title (English)"), max_length=160, blank=True)
    title_pt = models.CharField(_("title (Portuguese)"), max_length=160, blank=True)
    title_fr = models.CharField(_("title (French)"), max_length=160, blank=True)
    summary_es = models.CharField(_("summary (Spanish)"), max_length=300)
    summary_en = models.CharField(_("summary (English)"), max_length=300, blank=True)
    summary_pt = models.CharField(_("summary (Portuguese)"), max_length=300, blank=True)
    summary_fr = models.CharField(_("summary (French)"), max_length=300, blank=True)
    body_es = models.TextField(_("text (Spanish)"))
    body_en = models.TextField(_("text (English)"), blank=True)
    body_pt = models.TextField(_("text (Portuguese)"), blank=True)
    body_fr = models.TextField(_("text (French)"), blank=True)
    goal = models.PositiveIntegerField(_("signature goal"), null=True, blank=True)
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    countries = CountryField(_("countries"), multiple=True, blank=True)
    partners = models.TextField(
        _("partner organizations"), blank=True, help_text=_("One organization per line.")
    )
    image = PrivateFileField(_("image"), folder="advocacy/campaigns", kinds=IMAGE_KINDS, blank=True)
    image_type = models.CharField(max_length=40, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Moves on by one with every edit of the texts and settings (see network.concurrency).
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True, editable=False)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-published_at", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=[f"slug_{code}"],
                condition=~Q(**{f"slug_{code}": ""}),
                name=f"uniq_slug_{code}",
            )
            for code in TEXT_LANGUAGES[1:]
        ] + [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=models.F("starts_on")),
                name="campaign_dates_in_order",
            )
        ]

    def __str__(self):
        return self.title_es

    def localized_text(self, field: str, language: str | None = None) -> "LocalizedText":
        """The field in `language` (default: the active one), falling back to Spanish,
        with the language it is written in: a page in another language marks it."""
        language = (language or get_language() or FALLBACK_LANGUAGE)[:2]
        if language in TEXT_LANGUAGES:
            value = getattr(self, f"{field}_{language}")
            if value:
                return LocalizedText(value, language)
        return LocalizedText(getattr(self, f"{field}_{FALLBACK_LANGUAGE}"), FALLBACK_LANGUAGE)

    def localized(self, field: str, language: str | None = None) -> str:
        """The field's text alone (emails, addresses); pages use `localized_text`."""
        return self.localized_text(field, language).text

    @property
    def title(self):
        return self.localized("title")

    @property
    def summary(self):
        return self.localized("summary")

    @property
    def body(self):
        return self.localized("body")

    @property
    def slug(self):
        return self.localized("slug")

    @property
    def partner_list(self) -> list[str]:
        return [line.strip() for line in self.partners.splitlines() if line.strip()]

    @property
    def takes_signatures(self) -> bool:
        return self.kind == self.Kind.PETITION

    @property
    def takes_declarations(self) -> bool:
        return self.kind in (self.Kind.TOWNS, self.Kind.UNIVERSITIES)

    def is_open(self, today=None) -> bool:
        today = today or timezone.localdate()
        return (
            self.status == self.Status.PUBLISHED
            and (self.starts_on is None or self.starts_on <= today)
            and (self.ends_on is None or today <= self.ends_on)
        )


def _petition_needs_goal(campaign):
    if campaign.kind == Campaign.Kind.PETITION and not campaign.goal:
        return _("A petition needs a signature goal before it is published.")
    return None


def _spanish_texts_required(campaign):
    if not (campaign.title_es and campaign.summary_es and campaign.body_es):
        return _("The Spanish title, summary and text are required.")
    return None


# A campaign's life: written as a draft, published (signing open), closed (page stays).
CAMPAIGN = StateMachine(
    Campaign,
    name="campaign",
    transitions=[
        Transition("publish", [Campaign.Status.DRAFT], Campaign.Status.PUBLISHED, _("Publish"),
                   "campaign.published", guards=(_petition_needs_goal, _spanish_texts_required)),
        Transition("close", [Campaign.Status.PUBLISHED], Campaign.Status.CLOSED, _("Close"),
                   "campaign.closed", style="danger"),
    ],
)  # fmt: skip


class Signature(models.Model):
    """One person's signature. Personal fields are blanked when the signer asks to be
    erased; the row stays (country and dates only) so the counts do not change."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="signatures")
    name = models.CharField(_("name"), max_length=120)
    email = models.EmailField(_("email"))  # stored lower-case; "" once erased
    country = CountryField(_("country"))
    city = models.CharField(_("city"), max_length=100, blank=True)
    organization = models.CharField(_("organization"), max_length=150, blank=True)
    consent_updates = models.BooleanField(_("agreed to receive updates"), default=False)
    show_publicly = models.BooleanField(_("agreed to appear among recent signers"), default=False)
    language = models.CharField(_("language"), max_length=8)
    created_at = models.DateTimeField(_("signed"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    confirmation_sent_at = models.DateTimeField(null=True, blank=True)
    duplicate_notified_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("unsubscribed"), null=True, blank=True)
    erased_at = models.DateTimeField(_("erased"), null=True, blank=True)

    class Meta:
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        ordering = ["-created_at"]
        constraints = [
            # One signature per address and campaign: the database decides, not a read.
            models.UniqueConstraint(
                fields=["campaign", "email"], condition=~Q(email=""), name="one_signature_per_email"
            )
        ]
        indexes = [
            # The per-minute count reads only this index (index-only scan).
            models.Index(
                fields=["campaign", "country"],
                condition=Q(confirmed_at__isnull=False),
                name="signature_confirmed_country",
            ),
            models.Index(fields=["campaign", "-confirmed_at"], name="signature_recent"),
            models.Index(fields=["campaign", "created_at"], name="signature_created"),
            models.Index(fields=["email"], name="signature_email"),
        ]

    def __str__(self):
        return f"signature #{self.pk}"  # no personal data: this lands in the activity log

    @property
    def first_name(self) -> str:
        return self.name.split(" ")[0] if self.name else ""

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None


class SignatureTally(models.Model):
    """Confirmed signatures per campaign and country, refreshed by a periodic task so
    that signing never updates a shared counter row."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="tallies")
    country = CountryField()
    confirmed = models.PositiveIntegerField(default=0)
    refreshed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["campaign", "country"], name="one_tally_per_country")
        ]

    def __str__(self):
        return f"{self.campaign_id}/{self.country}: {self.confirmed}"
