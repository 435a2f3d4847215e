"""What a demo story is: how far one organization's file goes (`Story`), the file
being told (`DemoFile`), and one step of the procedure (`Step`). The steps themselves
are in filing.py, evaluation.py and decision.py; procedure.py orders them."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils import timezone

from certification.demo.people import Body, Staff
from certification.models import Application, ApplicationKind, Evaluation

INITIAL, RENEWAL = ApplicationKind.INITIAL, ApplicationKind.RENEWAL


@dataclass(frozen=True)
class Story:
    """How far one organization's file goes.

    `through`: the last step made (a name in procedure.PROCEDURE); `ago`: days since that
    step; `also`: optional steps to make on the way (one named by `through` is made too);
    `nonconformities`: criterion codes the evaluation finds not met; `actions_accepted`:
    how many of their corrective actions the evaluator accepts (None: all); `answered`:
    the share of the self-evaluation answered in "answers_started"; `gaps`: days between
    steps, where they differ from PROCEDURE's."""

    organization: str
    through: str
    ago: int = 0
    kind: str = INITIAL
    also: tuple[str, ...] = ()
    nonconformities: tuple[str, ...] = ()
    actions_accepted: int | None = None
    answered: float = 0.4
    gaps: dict = field(default_factory=dict)


@dataclass
class DemoFile:
    """One story being told: its organization, people and application."""

    story: Story
    organization: object
    staff: Staff
    body: Body
    application: Application | None = None

    @property
    def evaluation(self) -> Evaluation:
        return self.application.evaluations.order_by("-pk").first()

    def gap(self, step: str) -> int:
        """Days between `step` and the one before it in this story."""
        from certification.demo.procedure import BY_NAME

        return self.story.gaps.get(step, BY_NAME[step].gap)


@dataclass(frozen=True)
class Step:
    name: str
    run: Callable[[DemoFile], None]
    gap: int  # days after the step before it
    kinds: tuple[str, ...] = tuple(ApplicationKind.values)
    optional: bool = False  # made only when the story names it in `also`


def today(days: int = 0) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)
