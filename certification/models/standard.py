"""The standard as data: versions, their sections and criteria.

An application is evaluated against the version in force when it was filed, so a
version, once published, is never edited: a changed text is a new version (its own rows),
and every later record (applications, self-evaluation answers, findings, certificates)
points at the version's rows it was made under. The per-version rules that other parts
need (certificate validity, notices, review and objection periods) live on the version,
with the defaults of the design notes (domain.md)."""

from dataclasses import dataclass

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from network.workflow import StateField, StateMachine, Transition
from producers.models import ActorType

# Texts of the standard exist in Spanish and English; Spanish is the fallback.
TEXT_LANGUAGES = ("es", "en")
FALLBACK_LANGUAGE = "es"


@dataclass(frozen=True)
class LocalizedText:
    """A text in the reader's language, or in Spanish when there is none: `language`
    says which, so a page can mark the fallback (lang="es")."""

    text: str
    language: str

    def __str__(self):
        return self.text


class Localized:
    """Models with `<field>_es` / `<field>_en` columns."""

    def localized(self, field: str, language: str | None = None) -> LocalizedText:
        language = (language or get_language() or FALLBACK_LANGUAGE)[:2]
        if language in TEXT_LANGUAGES:
            value = getattr(self, f"{field}_{language}")
            if value:
                return LocalizedText(value, language)
        return LocalizedText(getattr(self, f"{field}_{FALLBACK_LANGUAGE}"), FALLBACK_LANGUAGE)


def default_renewal_notice_days() -> list[int]:
    return [60, 30, 0]


def default_objection_reminder_days() -> list[int]:
    return [7, 10]


class StandardVersion(Localized, models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("published")

    code = models.SlugField(_("standard"), max_length=40, help_text=_("e.g. sps-spo"))
    label = models.CharField(_("version"), max_length=20, help_text=_("e.g. 1, 2"))
    title_es = models.CharField(_("title (Spanish)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200)
    status = StateField(_("status"), choices=Status.choices, default=Status.DRAFT)
    in_force_from = models.DateField(_("in force from"))
    published_at = models.DateTimeField(_("published"), null=True, blank=True, editable=False)
    # The rules of this version (domain.md's defaults; a version may change them).
    certificate_validity_months = models.PositiveSmallIntegerField(
        _("certificate validity (months)"), default=12
    )
    renewal_notice_days = ArrayField(
        models.PositiveSmallIntegerField(),
        verbose_name=_("renewal notices (days before expiry)"),
        default=default_renewal_notice_days,
    )
    grace_days = models.PositiveSmallIntegerField(_("grace after expiry (days)"), default=60)
    eligibility_review_days = models.PositiveSmallIntegerField(
        _("eligibility review (days at most)"), default=21
    )
    objection_period_days = models.PositiveSmallIntegerField(
        _("objection period (days)"), default=15
    )
    objection_reminder_days = ArrayField(
        models.PositiveSmallIntegerField(),
        verbose_name=_("objection reminders (days into the period)"),
        default=default_objection_reminder_days,
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("standard version")
        verbose_name_plural = _("standard versions")
        ordering = ["code", "-in_force_from"]
        constraints = [
            models.UniqueConstraint(fields=["code", "label"], name="standard_version_unique"),
            # Two published versions in force from the same day: which one applies?
            models.UniqueConstraint(
                fields=["code", "in_force_from"],
                condition=Q(status="published"),
                name="standard_one_published_per_start",
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.label}"

    @property
    def title(self) -> LocalizedText:
        return self.localized("title")

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED


class Section(Localized, models.Model):
    standard_version = models.ForeignKey(
        StandardVersion,
        verbose_name=_("standard version"),
        on_delete=models.CASCADE,
        related_name="sections",
    )
    code = models.CharField(_("code"), max_length=20)
    position = models.PositiveSmallIntegerField(_("position"))
    name_es = models.CharField(_("name (Spanish)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["standard_version", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["standard_version", "code"], name="section_code_unique_per_version"
            )
        ]

    def __str__(self):
        return f"{self.code}. {self.name_es}"

    @property
    def name(self) -> LocalizedText:
        return self.localized("name")


class CriterionClass(models.TextChoices):
    """What non-compliance means (domain.md, "The standard")."""

    CRITICAL = "critical", _("critical")
    MINIMUM = "minimum", _("minimum")
    IMPROVEMENT = "improvement", _("continuous improvement")
    INFORMATIVE = "informative", _("informative")
    TRANSITIONAL = "transitional", _("transitional")


class EvaluationKind(models.TextChoices):
    """Desk evaluations (normal or shortened) check the critical criteria only; complete
    ones (on site or remote) check the critical, minimum and improvement criteria."""

    DESK = "desk", _("desk evaluation")
    COMPLETE = "complete", _("complete evaluation")


# Classes an evaluation judges; informative and transitional items are listed only.
EVALUATED_CLASSES = (CriterionClass.CRITICAL, CriterionClass.MINIMUM, CriterionClass.IMPROVEMENT)
LISTED_ONLY_CLASSES = (CriterionClass.INFORMATIVE, CriterionClass.TRANSITIONAL)


class Criterion(Localized, models.Model):
    standard_version = models.ForeignKey(
        StandardVersion,
        verbose_name=_("standard version"),
        on_delete=models.CASCADE,
        related_name="criteria",
    )
    section = models.ForeignKey(
        Section, verbose_name=_("section"), on_delete=models.CASCADE, related_name="criteria"
    )
    code = models.CharField(_("code"), max_length=20)
    position = models.PositiveSmallIntegerField(_("position"))
    text_es = models.TextField(_("text (Spanish)"))
    text_en = models.TextField(_("text (English)"))
    criterion_class = models.CharField(
        _("class"), max_length=20, choices=CriterionClass.choices, db_index=True
    )
    actor_types = ArrayField(
        models.CharField(max_length=20, choices=ActorType.choices),
        verbose_name=_("applies to"),
    )
    checked_in_desk = models.BooleanField(
        _("checked in desk evaluations"),
        default=False,
        help_text=_("Every critical criterion is."),
    )
    mandatory_from_year = models.PositiveSmallIntegerField(
        _("mandatory from (year)"),
        null=True,
        blank=True,
        help_text=_("For criteria the standard phases in; empty: from the version's start."),
    )
    from_member_register = models.BooleanField(
        _("evaluated from the member register"),
        default=False,
        help_text=_("The small-producer test, computed live from the register."),
    )

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["standard_version", "section__position", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["standard_version", "code"], name="criterion_code_unique_per_version"
            ),
            models.CheckConstraint(
                condition=~Q(criterion_class=CriterionClass.CRITICAL) | Q(checked_in_desk=True),
                name="critical_criteria_checked_in_desk",
            ),
            models.CheckConstraint(
                condition=~Q(criterion_class__in=LISTED_ONLY_CLASSES) | Q(checked_in_desk=False),
                name="listed_only_criteria_not_checked",
            ),
            models.CheckConstraint(
                condition=~Q(actor_types=[]), name="criterion_applies_to_someone"
            ),
        ]

    def __str__(self):
        return self.code

    @property
    def text(self) -> LocalizedText:
        return self.localized("text")

    @property
    def is_evaluated(self) -> bool:
        return self.criterion_class in EVALUATED_CLASSES


def _has_criteria(version: StandardVersion):
    if not version.criteria.exists():
        return _("A version without criteria cannot be published.")
    return None


def _start_date_free(version: StandardVersion):
    taken = StandardVersion.objects.filter(
        code=version.code,
        in_force_from=version.in_force_from,
        status=StandardVersion.Status.PUBLISHED,
    ).exclude(pk=version.pk)
    if taken.exists():
        return _("Another published version of this standard comes into force on the same day.")
    return None


# A version is prepared as a draft (loaded and reloaded from its file) and published once;
# published, it is the record applications are filed under and never changes.
STANDARD = StateMachine(
    StandardVersion,
    name="standard",
    transitions=[
        Transition("publish", [StandardVersion.Status.DRAFT], StandardVersion.Status.PUBLISHED,
                   _("Publish"), "standard.published", guards=(_has_criteria, _start_date_free)),
    ],
)  # fmt: skip
