"""An organization's people: its administrators change and remove their roles.
Invitations (to any role) are network.services.roles."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from network.activity import activity_record
from network.models import Role, RoleKind
from network.models.roles import ORGANIZATION_KINDS
from network.selectors import roles_forget


def _guard_last_admin(role: Role, new_kind: str | None) -> None:
    if role.kind != RoleKind.ORG_ADMIN or new_kind == RoleKind.ORG_ADMIN:
        return
    admins = Role.objects.filter(organization_id=role.organization_id, kind=RoleKind.ORG_ADMIN)
    if not admins.exclude(pk=role.pk).exists():
        raise ValidationError(
            _("An organization needs at least one administrator."), code="last_admin"
        )


def role_change(*, role: Role, kind: str, by) -> Role:
    if kind not in ORGANIZATION_KINDS:
        raise ValidationError(_("Not a role of an organization."), code="kind")
    with transaction.atomic():
        role = Role.objects.select_for_update().get(pk=role.pk)
        _guard_last_admin(role, kind)
        if role.kind != kind:
            previous, role.kind = role.kind, kind
            role.save(update_fields=["kind"])
            activity_record(
                actor=by,
                verb="role.changed",
                target=role,
                scope=role.organization,
                changes={"role": [previous, kind]},
            )
    roles_forget(role.user)
    return role


def role_remove(*, role: Role, by) -> None:
    with transaction.atomic():
        role = (
            Role.objects.select_for_update(of=("self",))
            .select_related("user", "organization")
            .get(pk=role.pk)
        )
        _guard_last_admin(role, None)
        activity_record(
            actor=by,
            verb="role.removed",
            target=role,
            scope=role.organization or role,
            changes={"person": [role.user.email, None], "role": [role.kind, None]},
        )
        role.delete()
