import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from advocacy.models.campaigns import Campaign
from network.files import PDF_OR_IMAGE_KINDS, PrivateFileField
from network.workflow import StateField, StateMachine, Transition


# Kept for the migrations that name them; the fields are PrivateFileFields now.
def _evidence_path(instance, filename):
    return f"advocacy/evidence/{uuid.uuid4().hex}"


def _pdf_path(instance, filename):
    return f"advocacy/declarations/{uuid.uuid4().hex}.pdf"


# The five goals (towns) and five criteria (universities), in our own words.
GOALS = {
    Campaign.Kind.TOWNS: [
        _(
            "The local council adopts a resolution in support of fair trade with small "
            "producers and serves their products in its own offices and events."
        ),
        _(
            "Shops, markets and cafés in the town offer products from small producers' "
            "organizations."
        ),
        _("Workplaces, schools and community groups use these products and talk about them."),
        _("Local media and public events spread the word about fair trade with small producers."),
        _(
            "A local steering group, shared by producers, civil society and the local "
            "authority, keeps the work going."
        ),
    ],
    Campaign.Kind.UNIVERSITIES: [
        _(
            "The university buys from small producers' organizations for its cafeterias, "
            "shops and events."
        ),
        _("A steering committee of students, staff and faculty leads the commitment."),
        _("Products from small producers are available on campus."),
        _("The governing body adopts a fair-trade policy or resolution."),
        _("Teaching, research or outreach links the university with producer organizations."),
    ],
}
GOAL_COUNT = 5


class Declaration(models.Model):
    """A town or university on its way to the Fair Trade title of a campaign."""

    class Status(models.TextChoices):
        INTERESTED = "interested", _("interested")
        IN_PROGRESS = "in_progress", _("in progress")
        DECLARED = "declared", _("declared")
        RENEWAL_DUE = "renewal_due", _("renewal due")

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="declarations")
    name = models.CharField(_("name of the town or university"), max_length=160)
    country = CountryField(_("country"))
    city = models.CharField(_("city or region"), max_length=120, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=120)
    contact_role = models.CharField(_("role"), max_length=120, blank=True)
    contact_email = models.EmailField(_("contact email"))
    contact_phone = models.CharField(_("phone"), max_length=40, blank=True)
    message = models.TextField(_("message"), blank=True)
    language = models.CharField(_("language"), max_length=8, default="es")
    status = StateField(
        _("status"), max_length=12, choices=Status.choices, default=Status.INTERESTED
    )
    declared_on = models.DateField(_("declared on"), null=True, blank=True, editable=False)
    renewal_due_on = models.DateField(_("renewal due on"), null=True, blank=True, editable=False)
    certificate = PrivateFileField(
        folder="advocacy/declarations", kinds=("pdf",), blank=True, editable=False
    )
    certificate_for = models.DateField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("applied"), default=timezone.now)

    class Meta:
        verbose_name = _("declaration")
        verbose_name_plural = _("declarations")
        ordering = ["country", "name"]
        indexes = [models.Index(fields=["status", "country"])]

    def __str__(self):
        return self.name

    @property
    def goal_texts(self):
        return GOALS[self.campaign.kind]


class DeclarationGoal(models.Model):
    """Evidence for one of the five goals or criteria, and who verified it."""

    declaration = models.ForeignKey(Declaration, on_delete=models.CASCADE, related_name="goals")
    number = models.PositiveSmallIntegerField(_("goal"))
    evidence_text = models.TextField(_("evidence"), blank=True)
    evidence_link = models.URLField(_("link"), blank=True)
    evidence_file = PrivateFileField(
        _("file"), folder="advocacy/evidence", kinds=PDF_OR_IMAGE_KINDS, blank=True
    )
    evidence_file_type = models.CharField(max_length=40, blank=True, editable=False)
    verified_at = models.DateTimeField(_("verified"), null=True, blank=True, editable=False)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["declaration", "number"], name="one_row_per_goal"),
            models.CheckConstraint(
                condition=models.Q(number__gte=1, number__lte=GOAL_COUNT),
                name="goal_number_in_range",
            ),
        ]

    def __str__(self):
        return f"{self.declaration} · {self.number}"

    @property
    def text(self):
        return GOALS[self.declaration.campaign.kind][self.number - 1]


def _all_goals_verified(declaration):
    if declaration.goals.filter(verified_at__isnull=False).count() < GOAL_COUNT:
        return _("All five goals must be verified first.")
    return None


D = Declaration.Status
# A town or university applies (interested), staff check the evidence (in progress),
# it is declared once every goal is verified, and falls due for renewal a year later.
DECLARATION = StateMachine(
    Declaration,
    name="declaration",
    scope=lambda declaration: declaration.campaign,
    related=("campaign",),
    transitions=[
        Transition("start", [D.INTERESTED, D.RENEWAL_DUE], D.IN_PROGRESS,
                   _("Start checking the goals"), "declaration.started"),
        Transition("declare", [D.IN_PROGRESS], D.DECLARED, _("Declare"), "declaration.declared",
                   guards=(_all_goals_verified,)),
        Transition("renewal_due", [D.DECLARED], D.RENEWAL_DUE, _("Renewal due"),
                   "declaration.renewal_requested"),
    ],
)  # fmt: skip
