"""An application for SPS certification: what a cooperative files with a certification
body, pinned to the version of the standard in force when it was created.

The application's life is one state machine (APPLICATION, below): every move is made by
a service in certification/services/applications.py through network.workflow, which
checks the state, the guards and the reason, and writes the history. Later parts of the
procedure (evaluation, resolution) continue the same machine."""

import datetime

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from network.workflow import StateField, StateMachine, Transition


class ApplicationKind(models.TextChoices):
    INITIAL = "initial", _("initial certification")
    RENEWAL = "renewal", _("renewal")
    SCOPE_EXTENSION = "scope_extension", _("scope extension")


class ScopeActivity(models.TextChoices):
    PRODUCTION = "production", _("production")
    PROCESSING = "processing", _("processing")
    TRADING = "trading", _("trading and export")


def _percent(verbose_name):
    return models.DecimalField(
        verbose_name,
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )


class Application(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted")
        ELIGIBILITY_REVIEW = "eligibility_review", _("eligibility review")
        RETURNED = "returned", _("returned for corrections")
        OBJECTION_PERIOD = "objection_period", _("objection period")
        ELIGIBLE = "eligible", _("eligible")
        QUOTE_SENT = "quote_sent", _("quote sent")
        QUOTE_REJECTED = "quote_rejected", _("quote rejected")
        SELF_EVALUATION = "self_evaluation", _("self-evaluation")
        READY_FOR_EVALUATION = "ready_for_evaluation", _("ready for evaluation")
        IN_EVALUATION = "in_evaluation", _("in evaluation")
        EVALUATED = "evaluated", _("evaluated")
        DECIDED = "decided", _("decided")
        WITHDRAWN = "withdrawn", _("withdrawn")

    organization = models.ForeignKey(
        "producers.Organization",
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="applications",
    )
    kind = models.CharField(
        _("type of application"),
        max_length=20,
        choices=ApplicationKind.choices,
        default=ApplicationKind.INITIAL,
    )
    # Pinned: criteria, periods and rules come from this version for the whole procedure.
    standard_version = models.ForeignKey(
        "certification.StandardVersion",
        verbose_name=_("version of the standard"),
        on_delete=models.PROTECT,
        related_name="applications",
    )
    certification_body = models.ForeignKey(
        "network.CertificationBody",
        verbose_name=_("certification body"),
        on_delete=models.PROTECT,
        related_name="applications",
    )
    previous = models.ForeignKey(
        "self",
        verbose_name=_("previous application"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("For a renewal or a scope extension: the application it continues."),
    )
    status = StateField(_("status"), choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    planned_evaluation_on = models.DateField(_("wished evaluation date"), null=True, blank=True)
    # Dates of the procedure, set by the services as the application moves.
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    eligibility_due_on = models.DateField(_("eligibility review due"), null=True, blank=True)
    objection_starts_on = models.DateField(_("objection period from"), null=True, blank=True)
    objection_ends_on = models.DateField(_("objection period until"), null=True, blank=True)
    # --- What the cooperative files (domain.md, "The certification procedure", 1) ------
    # Filled section by section (certification.models.ApplicationSection); a section may
    # be saved incomplete, and the readiness checks say what is still missing.
    sections_saved = ArrayField(models.CharField(max_length=20), default=list, blank=True)
    invoicing_name = models.CharField(_("name on invoices"), max_length=250, blank=True)
    invoicing_tax_id = models.CharField(_("tax id on invoices"), max_length=40, blank=True)
    invoicing_address = models.TextField(_("invoicing address"), max_length=500, blank=True)
    invoicing_email = models.EmailField(_("email for invoices"), blank=True)
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_position = models.CharField(_("position"), max_length=120, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    members_total = models.PositiveIntegerField(_("number of members"), null=True, blank=True)
    members_in_scope = models.PositiveIntegerField(
        _("members in the scope of certification"), null=True, blank=True
    )
    scope_activities = ArrayField(
        models.CharField(max_length=20, choices=ScopeActivity.choices),
        verbose_name=_("scope of activities"),
        default=list,
        blank=True,
    )
    ics_description = models.TextField(
        _("how the internal control system works"), max_length=4000, blank=True
    )
    ics_inspectors = models.PositiveSmallIntegerField(
        _("internal inspectors"), null=True, blank=True
    )
    ics_last_inspection_on = models.DateField(
        _("last round of internal inspections"), null=True, blank=True
    )
    sales_organic_percent = _percent(_("share of sales as organic (%)"))
    sales_fair_trade_percent = _percent(_("share of sales as fair trade (%)"))
    sales_sps_percent = _percent(_("share of sales with the SPS (%)"))
    # The area map: a private file (network.files), served only to those who see the file.
    area_map_file = models.CharField(max_length=255, blank=True, editable=False)
    area_map_name = models.CharField(_("area map"), max_length=255, blank=True, editable=False)
    area_map_type = models.CharField(max_length=100, blank=True, editable=False)
    area_map_size = models.PositiveIntegerField(null=True, blank=True, editable=False)
    vouched_by_name = models.CharField(_("name of the person vouching"), max_length=200, blank=True)
    vouched_by_position = models.CharField(_("their position"), max_length=120, blank=True)
    # Set when that person confirms; cleared by any later change to the data it covers.
    vouched_at = models.DateTimeField(_("data vouched for"), null=True, blank=True)
    vouched_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    version = models.PositiveIntegerField(default=1)  # network.concurrency
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("certification application")
        verbose_name_plural = _("certification applications")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["certification_body", "status"]),
            models.Index(fields=["organization", "-created_at"]),
            models.Index(fields=["status", "objection_ends_on"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(members_in_scope__isnull=True)
                | models.Q(members_total__isnull=True)
                | models.Q(members_in_scope__lte=models.F("members_total")),
                name="application_members_in_scope_within_total",
            )
        ]

    def __str__(self):
        return f"{self.organization} · {self.get_kind_display()} · {self.created_at:%Y-%m-%d}"

    @property
    def reference(self) -> str:
        """The number people quote in emails and on the phone."""
        return f"SPS-{self.pk:06d}"

    @property
    def scope_activity_labels(self) -> list:
        labels = dict(ScopeActivity.choices)
        return [labels.get(value, value) for value in self.scope_activities]

    @property
    def is_editable(self) -> bool:
        """The cooperative changes its application only before it is reviewed, or when
        the body returned it for corrections."""
        return self.status in (self.Status.DRAFT, self.Status.RETURNED)

    def objection_open_on(self, day: datetime.date | None = None) -> bool:
        day = day or timezone.localdate()
        return (
            self.status == self.Status.OBJECTION_PERIOD
            and self.objection_starts_on is not None
            and self.objection_starts_on <= day <= self.objection_ends_on
        )


# Guards: each returns why a move is blocked, or None. Checks that need other tables
# (documents, self-evaluation answers) are registered by their modules with `guard_for`.
_EXTRA_GUARDS: dict[str, list] = {}


def guard_for(transition: str):
    """Register a guard for an APPLICATION move from the module that owns the data it
    checks (e.g. the self-evaluation's "every critical criterion answered")."""

    def register(function):
        _EXTRA_GUARDS.setdefault(transition, []).append(function)
        return function

    return register


def _registered(transition: str):
    def guard(application):
        for function in _EXTRA_GUARDS.get(transition, ()):
            message = function(application)
            if message:
                return message
        return None

    return guard


def _initial_only(application):
    if application.kind != ApplicationKind.INITIAL:
        return _("Only initial applications have an objection period.")
    return None


def _not_initial(application):
    if application.kind == ApplicationKind.INITIAL:
        return _("An initial application goes through the objection period first.")
    return None


def _objection_period_over(application):
    if application.objection_ends_on and timezone.localdate() <= application.objection_ends_on:
        return _("The objection period ends on %(day)s.") % {
            "day": application.objection_ends_on.isoformat()
        }
    return None


S = Application.Status
BEFORE_DECISION = [s for s in S.values if s not in (S.DECIDED, S.WITHDRAWN)]
APPLICATION = StateMachine(
    Application,
    name="application",
    scope=lambda application: application.organization,
    transitions=[
        Transition("submit", [S.DRAFT], S.SUBMITTED, _("Submit the application"),
                   "application.submitted", guards=(_registered("submit"),)),
        Transition("start_review", [S.SUBMITTED], S.ELIGIBILITY_REVIEW,
                   _("Start the eligibility review"), "application.review_started"),
        Transition("return", [S.ELIGIBILITY_REVIEW], S.RETURNED, _("Return for corrections"),
                   "application.returned", needs_reason=True, style="secondary"),
        Transition("resubmit", [S.RETURNED], S.SUBMITTED, _("Submit the corrected application"),
                   "application.resubmitted", guards=(_registered("submit"),)),
        Transition("open_objections", [S.ELIGIBILITY_REVIEW], S.OBJECTION_PERIOD,
                   _("Accept and open the objection period"), "application.objections_opened",
                   guards=(_initial_only,)),
        Transition("accept", [S.ELIGIBILITY_REVIEW], S.ELIGIBLE, _("Accept as eligible"),
                   "application.accepted", guards=(_not_initial,)),
        Transition("close_objections", [S.OBJECTION_PERIOD], S.ELIGIBLE,
                   _("Close the objection period"), "application.objections_closed",
                   guards=(_objection_period_over,)),
        Transition("send_quote", [S.ELIGIBLE, S.QUOTE_REJECTED], S.QUOTE_SENT, _("Send a quote"),
                   "application.quote_sent", guards=(_registered("send_quote"),)),
        Transition("accept_quote", [S.QUOTE_SENT], S.SELF_EVALUATION, _("Accept the quote"),
                   "application.quote_accepted", guards=(_registered("accept_quote"),)),
        Transition("reject_quote", [S.QUOTE_SENT], S.QUOTE_REJECTED, _("Reject the quote"),
                   "application.quote_rejected", needs_reason=True, style="secondary"),
        Transition("complete_self_evaluation", [S.SELF_EVALUATION], S.READY_FOR_EVALUATION,
                   _("Submit the self-evaluation"), "application.self_evaluation_completed",
                   guards=(_registered("complete_self_evaluation"),)),
        Transition("start_evaluation", [S.READY_FOR_EVALUATION], S.IN_EVALUATION,
                   _("Start the evaluation"), "application.evaluation_started",
                   guards=(_registered("start_evaluation"),)),
        Transition("finish_evaluation", [S.IN_EVALUATION], S.EVALUATED,
                   _("Evaluation finished"), "application.evaluated",
                   guards=(_registered("finish_evaluation"),)),
        Transition("follow_up", [S.EVALUATED], S.IN_EVALUATION,
                   _("Follow-up evaluation required"), "application.follow_up_required",
                   needs_reason=True, guards=(_registered("follow_up"),)),
        Transition("decide", [S.EVALUATED], S.DECIDED, _("Record the resolution"),
                   "application.decided", guards=(_registered("decide"),)),
        Transition("withdraw", BEFORE_DECISION, S.WITHDRAWN, _("Withdraw the application"),
                   "application.withdrawn", needs_reason=True, style="danger"),
    ],
)  # fmt: skip
