"""Evaluator competence: who sees and records a certification body's records, and
whether an evaluation's team is qualified for the file's scope on its dates (checked
when the evaluation is planned and started, on the planned dates, and as the resolution
checklist's "evaluator competent" line, on the dates it took place once started).

- A certification body's people (evaluators, reviewers, committee members) see its
  records; network-wide staff see every body's, read-only (they oversee the bodies).
- The body's reviewers and committee members record and end them, but never their own:
  nobody qualifies themselves. Another body's records do not exist for anyone else (404).
"""

from collections import defaultdict
from enum import StrEnum

from django.db.models import Prefetch, QuerySet
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from certification.models import EvaluatorCompetence, ScopeActivity
from certification.selectors.decisions import MISSING, OK, CheckResult, checklist_item
from certification.selectors.evaluations import latest_evaluation, team_of
from network.models import CertificationBody, ProductNetwork, RoleKind, User
from network.selectors import certification_body_ids, is_network_wide_staff

# Who qualifies the body's evaluators.
RECORDED_BY = (RoleKind.REVIEWER, RoleKind.COMMITTEE)


class CompetenceCapability(StrEnum):
    VIEW = "view"
    MANAGE = "manage"  # record and end the body's records (not one's own)


def competence_bodies_visible_to(user) -> QuerySet[CertificationBody]:
    if not getattr(user, "is_authenticated", False):
        return CertificationBody.objects.none()
    if is_network_wide_staff(user):
        return CertificationBody.objects.all()
    return CertificationBody.objects.filter(pk__in=certification_body_ids(user))


def competences_visible_to(user) -> QuerySet[EvaluatorCompetence]:
    return EvaluatorCompetence.objects.filter(
        certification_body__in=competence_bodies_visible_to(user).values("pk")
    )


def competence_capabilities(user, body) -> frozenset:
    """What the user may do with a body's records (one they can see)."""
    capabilities = set()
    if is_network_wide_staff(user) or body.pk in certification_body_ids(user):
        capabilities.add(CompetenceCapability.VIEW)
    if body.pk in certification_body_ids(user, *RECORDED_BY):
        capabilities.add(CompetenceCapability.MANAGE)
    return frozenset(capabilities)


def sees_competences(user) -> bool:
    """Whom the navigation offers the page: certification-body people, network-wide staff."""
    return bool(certification_body_ids(user)) or is_network_wide_staff(user)


def competences_listed(user) -> QuerySet[EvaluatorCompetence]:
    """The records the user sees, by body, evaluator and newest period first."""
    return (
        competences_visible_to(user)
        .select_related("certification_body", "evaluator", "recorded_by", "ended_by")
        .prefetch_related(
            Prefetch("product_networks", queryset=ProductNetwork.objects.order_by("name"))
        )
        .order_by("certification_body__name", "evaluator__full_name", "-valid_until", "-pk")
    )


def body_evaluators(body) -> QuerySet[User]:
    """The body's evaluators, whom a competence may be recorded for."""
    return (
        User.objects.filter(
            roles__certification_body=body, roles__kind=RoleKind.EVALUATOR, is_active=True
        )
        .distinct()
        .order_by("full_name", "email")
    )


# --- The team against the file's scope ------------------------------------------------------


def application_scope(application) -> tuple[set[int], set[str]]:
    """The products (product networks) and the scope activities the application lists."""
    products = set(application.products.values_list("product_network_id", flat=True))
    return products, set(application.scope_activities)


def competence_gaps(*, body_id, people, products, activities, start, end) -> list[str]:
    """For each person not qualified for all of `products` and `activities` through the
    whole of `start`–`end`: their name and what they lack. Records add up (one for
    coffee, another for cocoa)."""
    held = EvaluatorCompetence.objects.filter(
        certification_body=body_id,
        evaluator__in=[person.pk for person in people],
        valid_from__lte=start,
        valid_until__gte=end,
    ).prefetch_related("product_networks")
    covered = defaultdict(lambda: (set(), set()))
    for record in held:
        record_products, record_activities = covered[record.evaluator_id]
        record_products |= {product.pk for product in record.product_networks.all()}
        record_activities |= set(record.scope_activities)
    names = dict(ProductNetwork.objects.filter(pk__in=products).values_list("pk", "name"))
    gaps = []
    for person in people:
        if person.pk not in covered:
            gaps.append(
                _("%(person)s: no competence valid from %(start)s to %(end)s")
                % {"person": person, "start": date_format(start), "end": date_format(end)}
            )
            continue
        has_products, has_activities = covered[person.pk]
        lacking = sorted(names.get(pk, str(pk)) for pk in products - has_products)
        lacking += [
            str(ScopeActivity(value).label) for value in sorted(activities - has_activities)
        ]
        if lacking:
            gaps.append(
                _("%(person)s: not qualified for %(what)s")
                % {"person": person, "what": ", ".join(lacking)}
            )
    return gaps


def team_competence_gaps(evaluation) -> list[str]:
    """The team against the file's scope on the days the evaluation took place once it
    started (Evaluation.dates), on its planned dates before."""
    products, activities = application_scope(evaluation.application)
    start, end = evaluation.dates
    return competence_gaps(
        body_id=evaluation.application.certification_body_id,
        people=team_of(evaluation),
        products=products,
        activities=activities,
        start=start,
        end=end,
    )


@checklist_item("evaluator_competence")
def _team_competent(application):
    evaluation = latest_evaluation(application)
    if evaluation is None:
        return CheckResult(MISSING, _("No evaluation team to check: no evaluation is recorded."))
    gaps = team_competence_gaps(evaluation)
    if gaps:
        return CheckResult(MISSING, "; ".join(str(gap) for gap in gaps) + ".")
    return CheckResult(
        OK,
        _("%(people)s: qualified for the application's products and activities on the "
          "evaluation's dates.") % {"people": ", ".join(str(p) for p in team_of(evaluation))},
    )  # fmt: skip
