"""The SPS procedure as the demo walks it: each step calls the services that the
portal's pages call, as the person whose role it is (the cooperative's editor files,
the body's reviewer reviews, its evaluator evaluates, a committee member who took part
in neither decides). Between steps the days pass (certification/demo/timeline.py), so
a file reads like one that took months.

A `Story` says how far one organization's file goes and how long ago its last step
was; `tell` walks it. Everything is a parameter (the organization, how far, which
criteria fail, how many corrective actions are accepted, the days between steps), so a
larger demo network can be made by writing more stories."""

from certification.demo import decision, evaluation, filing
from certification.demo.people import Body, Staff, cleared
from certification.demo.story import INITIAL, RENEWAL, DemoFile, Step, Story, today
from certification.demo.timeline import time_passes
from certification.models import Application, ApplicationKind


def tell(story: Story, *, organization, body: Body, staff: Staff) -> Application:
    """Walk the story's steps with the days passing between them, then let `ago` days
    pass after the last one."""
    steps = steps_of(story)
    demo = DemoFile(story=story, organization=organization, staff=staff, body=body)
    days = sum(demo.gap(step.name) for step in steps[1:]) + story.ago
    cleared(body, organization, since=today(-days))
    for index, step in enumerate(steps):
        if index:
            time_passes(demo.application, demo.gap(step.name))
        step.run(demo)
    time_passes(demo.application, story.ago)
    return demo.application


def steps_of(story: Story) -> list[Step]:
    names = [step.name for step in PROCEDURE]
    if story.through not in names:
        raise ValueError(f"no demo step {story.through!r}")
    return [
        step
        for step in PROCEDURE[: names.index(story.through) + 1]
        if story.kind in step.kinds
        and (not step.optional or step.name in (*story.also, story.through))
    ]


AFTER_REVIEW = (RENEWAL, ApplicationKind.SCOPE_EXTENSION)
PROCEDURE = [
    Step("started", filing.started, 0),
    Step("filed", filing.filed, 3),
    Step("review_started", filing.review_started, 3),
    Step("objections_opened", filing.objections_opened, 4, kinds=(INITIAL,)),
    Step("objection_received", filing.objection_received, 3, kinds=(INITIAL,), optional=True),
    Step("objections_closed", filing.objections_closed, 16, kinds=(INITIAL,)),
    Step("accepted", filing.accepted, 5, kinds=AFTER_REVIEW),
    Step("quote_sent", filing.quote_sent, 2),
    Step("quote_accepted", filing.quote_accepted, 6),
    Step("answers_started", filing.answers_started, 4, optional=True),
    Step("self_evaluated", filing.self_evaluated, 12),
    Step("evaluation_planned", evaluation.evaluation_planned, 4),
    Step("evaluation_started", evaluation.evaluation_started, 14),
    Step("evaluation_submitted", evaluation.evaluation_submitted, 2),
    Step("actions_proposed", evaluation.actions_proposed, 12),
    Step("actions_reviewed", evaluation.actions_reviewed, 8),
    Step("granted", decision.grant_certification, 15),
    Step("certified", decision.certified, 6),
    Step("suspended", decision.suspended, 150),
]
BY_NAME = {step.name: step for step in PROCEDURE}
