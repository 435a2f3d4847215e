"""The words of the producers app's activity log: each verb it records, as shown
(registered with network.activity in ProducersConfig.ready)."""

from django.utils.translation import gettext_lazy as _

VERBS = {
    "organization.applied": _("applied to join the network"),
    "organization.updated": _("updated the profile"),
    "membership.admitted": _("admitted the organization"),
    "membership.declined": _("declined the application"),
    "membership.suspended": _("suspended the membership"),
    "membership.reinstated": _("reinstated the membership"),
    "membership.withdrawn": _("withdrew the membership"),
    "product.added": _("added a product"),
    "product.updated": _("updated a product"),
    "product.removed": _("removed a product"),
    "member.added": _("added a member"),
    "member.updated": _("updated a member"),
    "member.removed": _("removed a member"),
    "register.imported": _("imported the member register"),
    "document.added": _("added a document"),
    "document.updated": _("updated a document"),
    "document.version_added": _("uploaded a new version"),
    "role.changed": _("changed a role"),
    "role.removed": _("removed a person"),
}

CHANGE_LABELS = {"product_networks": _("product networks")}
