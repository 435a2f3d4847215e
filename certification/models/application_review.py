"""What the certification body sends back on an application: the items it returns for
correction (each naming a section or a required document, with its reason) and quotes.
Both belong to the application's procedure (certification.services.applications)."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from certification.models.application_details import ApplicationSection
from certification.models.applications import Application, guard_for
from producers.models import DocumentType


class ReturnItem(models.Model):
    """One thing to correct. Items of one return share its `round`; resubmitting marks
    the open ones addressed (the body checks them again in its next review)."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="return_items"
    )
    round = models.PositiveSmallIntegerField(_("return"))
    section = models.CharField(_("section"), max_length=20, choices=ApplicationSection.choices)
    requirement = models.CharField(
        _("required document"), max_length=20, choices=DocumentType.choices, blank=True
    )
    reason = models.TextField(_("what to correct"), max_length=2000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("returned"), auto_now_add=True)
    addressed_at = models.DateTimeField(_("corrected"), null=True, blank=True)

    class Meta:
        verbose_name = _("item returned for correction")
        verbose_name_plural = _("items returned for correction")
        ordering = ["application", "-round", "id"]
        indexes = [models.Index(fields=["application", "addressed_at"])]

    def __str__(self):
        return f"{self.get_section_display()}: {self.reason[:60]}"

    @property
    def label(self) -> str:
        if self.requirement:
            return f"{self.get_section_display()} · {self.get_requirement_display()}"
        return str(self.get_section_display())


# The currencies quotes are made in: the US dollar, the euro and the network's countries'.
CURRENCIES = [
    (code, code)
    for code in (
        "USD", "EUR", "MXN", "GTQ", "HNL", "NIO", "CRC", "PAB", "DOP", "HTG", "COP", "PEN",
        "BOB", "BRL", "PYG", "CLP", "ARS", "UYU",
    )
]  # fmt: skip


class Quote(models.Model):
    """The body's price for the evaluation. Sending it moves the application; the PDF is
    made afterwards by the reports worker and stored privately."""

    class Answer(models.TextChoices):
        ACCEPTED = "accepted", _("accepted")
        REJECTED = "rejected", _("rejected")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="quotes")
    amount = models.DecimalField(
        _("amount"), max_digits=12, decimal_places=2, validators=[MinValueValidator(0)]
    )
    currency = models.CharField(_("currency"), max_length=3, choices=CURRENCIES, default="USD")
    valid_until = models.DateField(_("valid until"))
    notes = models.TextField(
        _("what it covers"),
        max_length=4000,
        blank=True,
        help_text=_("Evaluation days, travel, fees included; how to pay."),
    )
    language = models.CharField(max_length=8, default=settings.LANGUAGE_CODE)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    answer = models.CharField(_("answer"), max_length=10, choices=Answer.choices, blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    pdf_file = models.CharField(max_length=255, blank=True, editable=False)
    pdf_made_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("quote")
        verbose_name_plural = _("quotes")
        ordering = ["application", "-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="quote_amount_positive")
        ]

    def __str__(self):
        return f"{self.amount} {self.currency}"

    @property
    def number(self) -> str:
        return f"{self.application.reference}-Q{self.pk}"

    def is_valid_on(self, day=None) -> bool:
        return (day or timezone.localdate()) <= self.valid_until


def current_quote(application) -> Quote | None:
    """The newest quote of the application (the one sent, or about to be)."""
    return application.quotes.order_by("-created_at", "-id").first()


@guard_for("send_quote")
def _a_quote_to_send(application):
    quote = current_quote(application)
    if quote is None or quote.sent_at is not None:
        return _("Write the quote first: amount, currency and validity.")
    if not quote.is_valid_on():
        return _("The quote's validity has already ended.")
    return None


@guard_for("accept_quote")
def _a_valid_quote(application):
    quote = current_quote(application)
    if quote is None or quote.sent_at is None:
        return _("There is no quote to accept.")
    if not quote.is_valid_on():
        return _("The quote was valid until %(day)s: reject it and ask for a new one.") % {
            "day": quote.valid_until.isoformat()
        }
    return None
