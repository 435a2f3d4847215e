"""The annual membership fee a granted resolution calls for (domain.md, "Fees").

One fee per granted resolution (initial or renewal), made in the resolution's
transaction: its amount for the number of members the application declared, the share of
SPS sales on top (the file holds sales only as shares, so that part is invoiced on the
declared sales), and its due date, 30 days after the decision (settings). The sweep
reminds the organization's administrators until network staff record the payment, a
move of MEMBERSHIP_FEE. Still unpaid after its due date (and the settings' grace days),
the sweep suspends the certificate issued from its resolution and notes it here; the
payment, once recorded, reinstates it (certification/services/fees.py)."""

from decimal import Decimal

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from network.workflow import StateField, StateMachine, Transition


def percent_shown(value: Decimal) -> Decimal:
    """A percentage without trailing zeros: 0.150 → 0.15, 10.000 → 10."""
    return value.quantize(Decimal(1)) if value == value.to_integral() else value.normalize()


class MembershipFee(models.Model):
    class Status(models.TextChoices):
        DUE = "due", _("due")
        PAID = "paid", _("paid")

    organization = models.ForeignKey(
        "producers.Organization",
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="membership_fees",
    )
    resolution = models.OneToOneField(
        "certification.Resolution",
        verbose_name=_("resolution"),
        on_delete=models.PROTECT,
        related_name="membership_fee",
    )
    members = models.PositiveIntegerField(_("members"), null=True, blank=True)
    amount = models.DecimalField(_("fee for the number of members"), max_digits=10,
                                 decimal_places=2)  # fmt: skip
    sales_percent = models.DecimalField(_("share of SPS sales (%)"), max_digits=5, decimal_places=3)
    currency = models.CharField(_("currency"), max_length=3)
    due_on = models.DateField(_("due date"))
    status = StateField(_("status"), choices=Status.choices, default=Status.DUE)
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    # The certificate the fee's non-payment suspended (the sweep sets it), so that recording
    # the payment reinstates that one and no other.
    suspended_certificate = models.ForeignKey(
        "certification.Certificate",
        verbose_name=_("certificate suspended for non-payment"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("membership fee")
        verbose_name_plural = _("membership fees")
        ordering = ["-due_on", "-id"]
        indexes = [models.Index(fields=["status", "due_on"], name="membership_fee_due")]

    def __str__(self):
        return f"{self.organization} · {self.amount} {self.currency} · {self.due_on}"

    @property
    def reference(self) -> str:
        return f"{self.resolution.reference}-F{self.pk}"

    @property
    def percent_shown(self):
        """0.15, not 0.150 (nor 1E+1 for ten)."""
        return percent_shown(self.sales_percent)

    def is_overdue(self, today=None) -> bool:
        return self.status == self.Status.DUE and self.due_on < (today or timezone.localdate())


F = MembershipFee.Status
MEMBERSHIP_FEE = StateMachine(
    MembershipFee,
    name="membership_fee",
    scope=lambda fee: fee.organization,
    transitions=[
        Transition("pay", [F.DUE], F.PAID, _("Record the payment"), "membership_fee.paid"),
    ],
)
