"""The people of the demo's certification stories: the certification body's evaluator,
reviewer and committee member (each with the demo TOTP secret: their roles require
two-factor authentication), and each cooperative's staff who file and sign.

Separation of duties holds as in real life: the reviewer makes the review moves, the
evaluator evaluates, and the committee member, who took part in neither, decides."""

import datetime
from dataclasses import dataclass

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.conf import settings
from django.utils import timezone
from django.utils.text import slugify

from certification.dates import period_end
from certification.models import ConflictDeclaration
from certification.selectors.conflicts import has_current_no_conflict
from certification.services.conflicts import conflict_declare
from network.demo import DEMO_PASSWORD, DEMO_TOTP_SECRET, demo_user
from network.models import Role, RoleKind, User

BODY = "Certificadora Andina"
# {role: (email, name, what the seed's output calls them)}
BODY_PEOPLE = {
    RoleKind.EVALUATOR: ("evaluacion@certificadora-andina.test", "Tomás Villca", "evaluator"),
    RoleKind.REVIEWER: ("revision@certificadora-andina.test", "Gabriela Rojas", "reviewer"),
    RoleKind.COMMITTEE: ("comite@certificadora-andina.test", "Andrés Choque", "committee member"),
}


@dataclass(frozen=True)
class Body:
    """The certification body and its people."""

    body: object
    evaluator: User
    reviewer: User
    committee: User

    @property
    def people(self) -> list[User]:
        return [self.evaluator, self.reviewer, self.committee]


@dataclass(frozen=True)
class Staff:
    """A cooperative's people in its stories: the administrator (who accepts the user
    agreement) and whoever fills in the application (an editor, or the administrator)."""

    admin: User
    filer: User


def body_people(body) -> Body:
    people = {}
    for kind, (email, name, _label) in BODY_PEOPLE.items():
        person = demo_user(email, name)
        Role.objects.get_or_create(user=person, kind=kind, certification_body=body)
        if not Authenticator.objects.filter(user=person, type=Authenticator.Type.TOTP).exists():
            TOTP.activate(person, DEMO_TOTP_SECRET)
        people[kind] = person
    return Body(
        body=body,
        evaluator=people[RoleKind.EVALUATOR],
        reviewer=people[RoleKind.REVIEWER],
        committee=people[RoleKind.COMMITTEE],
    )


def body_lines() -> list[str]:
    return [
        f"{email} / {DEMO_PASSWORD}  ({label} of {BODY}; TOTP secret {DEMO_TOTP_SECRET})"
        for email, _name, label in BODY_PEOPLE.values()
    ]


# Valle Alto's administrator and viewer come from producers/demo.py; its editor, and the
# other cooperatives' administrators, from here.
EDITORS = {"Valle Alto": ("edicion@valle-alto.test", "Sonia Mamani")}
ADMIN_NAMES = ["Julio Ccori", "Marta Yupanqui", "Raúl Pari", "Teresa Apaza", "Hugo Colque",
               "Nilda Huanca", "Félix Tito", "Olga Sirpa"]  # fmt: skip


def staff_of(organization) -> Staff:
    """The organization's administrator (created if it has none) and its editor."""
    role = (
        Role.objects.filter(organization=organization, kind=RoleKind.ORG_ADMIN)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    if role is not None:
        admin = role.user
    else:
        name = ADMIN_NAMES[organization.pk % len(ADMIN_NAMES)]
        admin = demo_user(f"gerencia@{_domain(organization)}", name)
        Role.objects.get_or_create(
            user=admin, organization=organization, defaults={"kind": RoleKind.ORG_ADMIN}
        )
    filer = admin
    if organization.short_name in EDITORS:
        email, name = EDITORS[organization.short_name]
        filer = demo_user(email, name)
        Role.objects.get_or_create(
            user=filer, organization=organization, defaults={"kind": RoleKind.ORG_EDITOR}
        )
    return Staff(admin=admin, filer=filer)


def staff_lines(staff: dict) -> list[str]:
    """A line per cooperative account of the stories ({organization: Staff}), but those
    producers/demo.py prints already."""
    lines, seen = [], set(PRINTED_BY_PRODUCERS)
    for organization, people in staff.items():
        for user, label in ((people.admin, "administrator"), (people.filer, "editor")):
            if user.email not in seen:
                seen.add(user.email)
                lines.append(f"{user.email} / {DEMO_PASSWORD}  ({label} of "
                             f"{organization.short_name})")  # fmt: skip
    return lines


PRINTED_BY_PRODUCERS = ("gerencia@valle-alto.test",)


def _domain(organization) -> str:
    return f"{slugify(organization.short_name)}.test"


def cleared(body: Body, organization, *, since: datetime.date) -> None:
    """Every body person declares no conflict of interest with the organization when its
    file begins (`since`), and again today if that declaration has lapsed (they last
    CERTIFICATION_CONFLICT_DECLARATION_MONTHS). Someone cleared already declares nothing."""
    today = timezone.localdate()
    months = settings.CERTIFICATION_CONFLICT_DECLARATION_MONTHS
    days = [since] if period_end(since, months) >= today else [since, today]
    for person in body.people:
        if has_current_no_conflict(person, organization):
            continue
        for day in days:
            conflict_declare(
                person=person,
                organization=organization,
                outcome=ConflictDeclaration.Outcome.NONE,
                on=day,
            )
