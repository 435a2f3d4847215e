"""The words of the certification app's activity log: each verb it records, as shown
(registered with network.activity in CertificationConfig.ready)."""

from django.utils.translation import gettext_lazy as _

VERBS = {
    "standard.created": _("loaded a new version of the standard"),
    "standard.updated": _("updated a draft version of the standard"),
    "standard.published": _("published a version of the standard"),
    "conflict_of_interest.declared": _("made a conflict-of-interest declaration"),
}
CHANGE_LABELS = {"codes_removed": _("codes removed")}
