"""Walking reminders through time: the clock moves a morning at a time (time-machine),
the services stamp the dates as they would, and the families are swept each morning as
beat would. What each morning's sweeps claimed is kept in order."""

import datetime

import time_machine
from django.core import mail
from django.utils import timezone

from network.models import ReminderClaim
from network.outbox import outbox_claim_due, outbox_deliver
from network.reminders import reminders_sweep


class Walk:
    """The clock, one morning at a time from `start`; `log` holds (day, rule, recipient's
    email) for what each morning's sweeps claimed."""

    def __init__(self, start: datetime.date, families):
        self.start = start
        self.families = tuple(families)
        self.day = 0
        self.log: list[tuple[int, str, str]] = []

    def morning(self, day: int) -> datetime.datetime:
        return timezone.make_aware(
            datetime.datetime.combine(self.start + datetime.timedelta(days=day), datetime.time(9))
        )

    def date(self, day: int) -> datetime.date:
        return self.start + datetime.timedelta(days=day)

    def day_of(self, date: datetime.date) -> int:
        return (date - self.start).days

    def at(self, day: int, *, sweep: bool = True):
        self.day = day
        with time_machine.travel(self.morning(day), tick=False):
            if sweep:
                before = set(ReminderClaim.objects.values_list("pk", flat=True))
                for family in self.families:
                    reminders_sweep(family=family)
                new = ReminderClaim.objects.exclude(pk__in=before).select_related("user")
                self.log += sorted((day, claim.rule, claim.user.email) for claim in new)

    def through(self, first: int, last: int, *, skip=()):
        for day in range(first, last + 1):
            self.at(day, sweep=day not in skip)

    def do(self, day: int, step):
        with time_machine.travel(self.morning(day), tick=False):
            return step()


def emails_sent() -> list:
    """Send what the outbox holds (as its sweep and tasks would); the emails, in order."""
    for pk in outbox_claim_due(now=timezone.now() + datetime.timedelta(days=800)):
        assert outbox_deliver(message_id=pk) is True
    return list(mail.outbox)


def certificate_granted_and_issued(application, *, committee, admin):
    """The committee grants (which also makes the membership fee) and the cooperative's
    administrator signs the user agreement: the certificate a walk's day starts from."""
    from certification.models import ResolutionOutcome
    from certification.services.certificates import user_agreement_accept
    from certification.services.decisions import resolution_record

    resolution = resolution_record(
        application=application, by=committee, outcome=ResolutionOutcome.GRANTED,
        reasons="Cumple.", scope_products=list(application.organization.product_networks.all()),
        scope_activities=["production"],
    )  # fmt: skip
    return user_agreement_accept(resolution=resolution, by=admin)
