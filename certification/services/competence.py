"""Recording and ending evaluator competences (certification/models/competence.py).

Every door (the portal's page, a shell) goes through here, so the rules hold everywhere:
only the body's reviewers and committee members record or end its records, never their
own, for an evaluator of the body. A record is not edited: it is ended, and a new one
recorded if the qualification changes."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from certification.models import EvaluatorCompetence
from certification.selectors.competence import (
    CompetenceCapability,
    body_evaluators,
    competence_capabilities,
)
from network.activity import activity_record


def _may_manage(body, by, evaluator) -> None:
    if CompetenceCapability.MANAGE not in competence_capabilities(by, body):
        raise ValidationError(
            _("Only a reviewer or a committee member of %(body)s records its evaluators' "
              "competences.") % {"body": body}
        )  # fmt: skip
    if evaluator.pk == by.pk:
        raise ValidationError(
            _("Nobody records or ends their own competence: another reviewer or committee "
              "member of the body does.")
        )  # fmt: skip


def competence_record(
    *,
    body,
    by,
    evaluator,
    product_networks,
    scope_activities,
    valid_from,
    valid_until,
    basis: str = "",
) -> EvaluatorCompetence:
    """Record what an evaluator of `body` is qualified for, and when."""
    _may_manage(body, by, evaluator)
    if not body_evaluators(body).filter(pk=evaluator.pk).exists():
        raise ValidationError(
            _("%(person)s is not an evaluator of %(body)s.") % {"person": evaluator, "body": body}
        )
    if not product_networks or not scope_activities:
        raise ValidationError(_("Name at least one product and one activity."))
    if valid_until < valid_from:
        raise ValidationError(_("The end is before the start."))
    with transaction.atomic():
        competence = EvaluatorCompetence.objects.create(
            certification_body=body,
            evaluator=evaluator,
            scope_activities=list(scope_activities),
            valid_from=valid_from,
            valid_until=valid_until,
            basis=basis.strip(),
            recorded_by=by,
        )
        competence.product_networks.set(product_networks)
        activity_record(
            actor=by,
            verb="evaluator_competence.recorded",
            target=competence,
            scope=body,
            changes={
                "evaluator": [None, str(evaluator)],
                "products": [None, ", ".join(sorted(p.name for p in product_networks))],
                "scope_activities": [None, ", ".join(scope_activities)],
                "valid_from": [None, str(valid_from)],
                "valid_until": [None, str(valid_until)],
            },
        )
    return competence


def competence_end(*, competence: EvaluatorCompetence, by, last_day, reason: str):
    """End a record: it holds until `last_day` (today, or earlier when it never should
    have held: evaluations on later days are then not covered by it)."""
    _may_manage(competence.certification_body, by, competence.evaluator)
    if not reason.strip():
        raise ValidationError(_("Say why the competence ends."))
    with transaction.atomic():
        current = EvaluatorCompetence.objects.select_for_update().get(pk=competence.pk)
        if current.ended_at is not None:
            raise ValidationError(_("This competence was ended already."))
        if last_day > current.valid_until:
            raise ValidationError(
                _("It holds until %(day)s at most: end it on that day or earlier.")
                % {"day": date_format(current.valid_until)}
            )
        before = current.valid_until
        current.valid_until = last_day
        current.ended_by, current.ended_at, current.end_reason = by, timezone.now(), reason.strip()
        current.save(update_fields=["valid_until", "ended_by", "ended_at", "end_reason"])
        activity_record(
            actor=by,
            verb="evaluator_competence.ended",
            target=current,
            scope=current.certification_body,
            changes={"valid_until": [str(before), str(last_day)]},
            reason=reason.strip(),
        )
    return current
