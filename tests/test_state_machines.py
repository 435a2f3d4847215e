"""Every status in the product moves through network/workflow.py: each machine refuses
every move its table does not allow (and changes nothing), makes the allowed ones (or
refuses them by a guard, changing nothing), and no code writes a status any other way."""

import ast
import datetime
from pathlib import Path

import pytest
from django.conf import settings

from network.models import ActivityLog, OutboxMessage
from network.workflow import MACHINES, GuardFailed, TransitionNotAllowed
from tests.fixtures.personas import make_user

APPS = ["network", "producers", "certification", "advocacy"]


def _organization(state):
    from tests.producers.factories import OrganizationFactory

    return OrganizationFactory(membership_status=state)


def _member_import(state):
    from producers.models import MemberImport
    from tests.producers.factories import OrganizationFactory

    return MemberImport.objects.create(
        organization=OrganizationFactory(), file_name="x.csv", original_name="x.csv",
        file_format="csv", status=state,
    )  # fmt: skip


def _campaign(state):
    from tests.advocacy.factories import CampaignFactory

    return CampaignFactory(status=state)


def _declaration(state):
    from tests.advocacy.factories import DeclarationFactory

    return DeclarationFactory(status=state)


def _update(state):
    from tests.advocacy.factories import UpdateFactory

    return UpdateFactory(status=state)


def _standard_version(state):
    from tests.certification.factories import StandardVersionFactory

    return StandardVersionFactory(status=state, criteria=2)


def _application(state):
    from tests.certification.factories import ApplicationFactory

    return ApplicationFactory(status=state)


def _certificate(state):
    from tests.certification.factories import CertificateFactory

    # Expired a week ago: every guard of the table can be met or refused from here.
    today = datetime.date.today()
    return CertificateFactory(
        status=state, valid_from=today.replace(year=today.year - 1),
        valid_until=today - datetime.timedelta(days=7),
    )  # fmt: skip


def _complaint(state):
    from tests.certification.factories import ComplaintFactory

    return ComplaintFactory(status=state)


def _appeal(state):
    from tests.certification.factories import AppealFactory

    return AppealFactory(status=state)


# --- evaluations (issue 10) ---
def _evaluation(state):
    from tests.certification.evaluation_helpers import evaluation_in

    return evaluation_in(state)


def _corrective_action(state):
    from tests.certification.evaluation_helpers import corrective_action_in

    return corrective_action_in(state)


def _evaluation_report(state):
    from tests.certification.evaluation_helpers import report_in

    return report_in(state)


def _checklist_import(state):
    from tests.certification.evaluation_helpers import checklist_import_in

    return checklist_import_in(state)


# --- end evaluations ---


def _membership_fee(state):
    from tests.certification.factories import MembershipFeeFactory

    return MembershipFeeFactory(status=state)


def _outbox_message(state):
    return OutboxMessage.objects.create(
        to="x@example.org", from_email="minga@example.org", subject="s", body_text="t",
        status=state,
    )  # fmt: skip


# How to build a record of each machine's model in a given state (tests may; code may not).
BUILDERS = {
    "producers.organization": _organization,
    "producers.memberimport": _member_import,
    "advocacy.campaign": _campaign,
    "advocacy.declaration": _declaration,
    "advocacy.campaignupdate": _update,
    "network.outboxmessage": _outbox_message,
    "certification.standardversion": _standard_version,
    "certification.application": _application,
    "certification.certificate": _certificate,
    "certification.complaint": _complaint,
    "certification.appeal": _appeal,
    # evaluations (issue 10)
    "certification.evaluation": _evaluation,
    "certification.correctiveaction": _corrective_action,
    "certification.evaluationreport": _evaluation_report,
    "certification.checklistimport": _checklist_import,
    "certification.membershipfee": _membership_fee,
}


def test_every_machine_can_be_built_here():
    labels = {machine.model._meta.label_lower for machine in MACHINES}
    assert labels - set(BUILDERS) == set(), "add a builder for the new machine"


CASES = [
    pytest.param(machine, state, transition, id=f"{machine.name}:{state}:{transition.name}")
    for machine in MACHINES
    for state in machine.states
    for transition in machine.transitions
]


@pytest.mark.parametrize(("machine", "state", "transition"), CASES)
def test_each_move_from_each_state(machine, state, transition, db):
    record = BUILDERS[machine.model._meta.label_lower](state)
    actor = make_user("actor@example.org")
    logged_before = ActivityLog.objects.count()
    stored = machine.model._default_manager.filter(pk=record.pk)

    def unchanged():
        assert stored.values_list(machine.field, flat=True).get() == state
        assert ActivityLog.objects.count() == logged_before

    if state not in transition.sources:
        with pytest.raises(TransitionNotAllowed):
            machine.move(record, transition.name, by=actor, reason="a reason")
        unchanged()
        return
    try:
        machine.move(record, transition.name, by=actor, reason="a reason")
    except GuardFailed:
        unchanged()
        return
    assert stored.values_list(machine.field, flat=True).get() == transition.target
    if not machine.records(transition):
        assert ActivityLog.objects.count() == logged_before
    else:
        entry = ActivityLog.objects.latest("id")
        assert entry.verb == machine.verb(transition)
        assert entry.actor == actor
        assert entry.changes[machine.field] == [state, transition.target]
        assert entry.reason == "a reason"


def test_a_move_made_meanwhile_by_someone_else_is_refused(db):
    from producers.models import MEMBERSHIP

    seen = _organization("member")
    MEMBERSHIP.move(_reload(seen), "suspend", reason="first")
    with pytest.raises(TransitionNotAllowed):
        MEMBERSHIP.move(seen, "withdraw", reason="second, on a stale page")
    assert _reload(seen).membership_status == "suspended"


def test_a_reason_is_required_where_the_table_says_so(db):
    from producers.models import MEMBERSHIP

    organization = _organization("member")
    with pytest.raises(GuardFailed):
        MEMBERSHIP.move(organization, "suspend", reason="  ")
    assert _reload(organization).membership_status == "member"


def _reload(record):
    return type(record)._default_manager.get(pk=record.pk)


# --- Nothing writes a status outside the machines ---------------------------------------

WRITES = {"update", "create", "get_or_create", "update_or_create", "bulk_create", "bulk_update"}
MECHANISM = {"network/workflow.py"}


def _state_fields():
    return {machine.field for machine in MACHINES}


def _model_names():
    return {machine.model.__name__ for machine in MACHINES}


def status_writes(path: Path, source: str) -> list[str]:
    """Lines of `source` that assign a state field, or pass one to a write call or to a
    model's constructor."""
    fields, models = _state_fields(), _model_names()
    found = []
    for node in ast.walk(ast.parse(source)):
        targets = []
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, ast.AugAssign | ast.AnnAssign):
            targets = [node.target]
        for target in targets:
            if isinstance(target, ast.Attribute) and target.attr in fields:
                found.append(f"{path}:{node.lineno}")
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name in WRITES or name in models:
                for keyword in node.keywords:
                    defaults = keyword.value if keyword.arg == "defaults" else None
                    keys = getattr(defaults, "keys", []) if isinstance(defaults, ast.Dict) else []
                    if keyword.arg in fields or any(
                        isinstance(key, ast.Constant) and key.value in fields for key in keys
                    ):
                        found.append(f"{path}:{node.lineno}")
            if name == "setattr" and len(node.args) > 1:
                attribute = node.args[1]
                if isinstance(attribute, ast.Constant) and attribute.value in fields:
                    found.append(f"{path}:{node.lineno}")
    return found


def test_no_status_is_written_outside_the_state_machines():
    base = Path(settings.BASE_DIR)
    offenders = []
    for app in APPS:
        for path in (base / app).rglob("*.py"):
            relative = path.relative_to(base)
            if "migrations" in relative.parts or str(relative) in MECHANISM:
                continue
            offenders += status_writes(relative, path.read_text())
    assert offenders == []


def test_the_status_scan_finds_the_writes_it_is_meant_to_find():
    source = (
        "campaign.status = 'closed'\n"
        "Campaign.objects.filter(pk=1).update(status='closed')\n"
        "Declaration.objects.create(status='declared')\n"
        "Organization(membership_status='member')\n"
        "setattr(update, 'status', 'sent')\n"
        "Organization.objects.get_or_create(pk=1, defaults={'membership_status': 'member'})\n"
        "Campaign.objects.filter(status='draft')\n"  # a read: not reported
    )
    assert status_writes(Path("x.py"), source) == [f"x.py:{n}" for n in (1, 2, 3, 4, 5, 6)]


def test_a_state_field_is_not_editable_in_forms_or_the_admin():
    for machine in MACHINES:
        assert machine.model._meta.get_field(machine.field).editable is False, machine.name
