"""Writes of the self-evaluation: one answer at a time, as the person goes.

Each save is version-checked (network/concurrency.py): two people answering the same
criterion never silently overwrite each other. Answers change only while the
application is in SELF_EVALUATION; submitting it is the APPLICATION machine's
`complete_self_evaluation` move (certification.services.applications.application_move),
which the guard in certification/selectors/self_evaluation.py refuses while an
applicable critical criterion is unanswered."""

from django.db import transaction

from certification.models import Application, Criterion, SelfEvaluationAnswer
from certification.selectors.self_evaluation import self_evaluation_criteria
from network.activity import activity_record, changes_between
from network.concurrency import lock_at_version


class SelfEvaluationClosed(Exception):
    """The application is not in its self-evaluation: answers no longer change."""


class NotApplicable(ValueError):
    """The criterion is not one this application answers, or a document is not the
    organization's."""


def _values(answer: SelfEvaluationAnswer, documents=None) -> dict:
    if documents is None:
        documents = list(answer.documents.all()) if answer.pk else []
    return {
        "verdict": answer.verdict,
        "how": answer.how,
        "documents": ", ".join(sorted(str(document) for document in documents)),
    }


def answer_save(
    *,
    application: Application,
    criterion: Criterion,
    by,
    verdict: str,
    how: str,
    documents,
    version: int | None,
) -> SelfEvaluationAnswer:
    """Save the answer to one criterion if nobody saved it since `version` was read
    (None: the person saw it unanswered); else StaleEdit. Saving what is already stored
    changes nothing (autosave sends the same values again)."""
    documents = list(documents)
    with transaction.atomic():
        # Serializes saves of one application, and a save with the move that closes it.
        locked = (
            Application.objects.select_for_update(no_key=True)
            .select_related("organization", "standard_version")
            .get(pk=application.pk)
        )
        if locked.status != Application.Status.SELF_EVALUATION:
            raise SelfEvaluationClosed
        if not self_evaluation_criteria(locked).filter(pk=criterion.pk).exists():
            raise NotApplicable(f"criterion {criterion.pk} is not answered by {locked.reference}")
        if any(document.organization_id != locked.organization_id for document in documents):
            raise NotApplicable("a document of another organization")
        stored = SelfEvaluationAnswer.objects.filter(application=locked, criterion=criterion)
        pk = stored.values_list("pk", flat=True).first()
        if pk is None:
            answer = SelfEvaluationAnswer(application=locked, criterion=criterion)
        else:
            answer = lock_at_version(stored, pk=pk, version=version)
        answer.application, answer.criterion = locked, criterion
        before = _values(answer) if pk is not None else {}
        after = _values(answer, documents) | {"verdict": verdict, "how": how.strip()}
        if pk is not None and before == after:
            answer.version -= 1  # lock_at_version counted a save that does not happen
            return answer
        answer.verdict, answer.how, answer.answered_by = verdict, after["how"], by
        answer.full_clean(exclude=["application", "criterion", "answered_by"])
        answer.save()
        answer.documents.set(documents)
        activity_record(
            actor=by,
            verb="self_evaluation.answered",
            target=answer,
            scope=locked,
            changes={"criterion": criterion.code, **changes_between(before, after)},
        )
    return answer
