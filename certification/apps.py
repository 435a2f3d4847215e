from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificationConfig(AppConfig):
    name = "certification"
    verbose_name = _("Certification")

    def ready(self):
        from certification.activity import CHANGE_LABELS, VERBS
        from certification.selectors import may_declare
        from network.activity import register_verbs
        from network.navigation import NavItem, register

        register_verbs(VERBS, change_labels=CHANGE_LABELS)
        register(NavItem(label=_("The standard"), url_name="certification:standard", order=58))
        register(
            NavItem(
                label=_("Conflicts of interest"),
                url_name="certification:conflict_list",
                visible=may_declare,
                order=40,
            )
        )
        self._ready_certificates()

    def _ready_certificates(self):
        """Part 3 (cert): the public register, the cases desk, the directory's filter."""
        from certification.models import Certificate
        from certification.selectors import handles_cases, with_certification_status
        from certification.selectors.certificates import NOT_CERTIFIED
        from network.navigation import NavItem, register
        from network.selectors import has_certification_role, has_staff_role
        from producers.directory import DirectoryFilter, register_directory_filter

        register(NavItem(label=_("Certified organizations"), url_name="certification:register",
                         order=59))  # fmt: skip
        register(
            NavItem(
                label=_("Complaints and appeals"),
                url_name="certification:case_list",
                # Only those with cases to see (roles first: no query for anyone else).
                visible=lambda user: (
                    (has_staff_role(user) or has_certification_role(user)) and handles_cases(user)
                ),
                order=45,
            )
        )
        register_directory_filter(
            DirectoryFilter(
                name="certification",
                label=_("Certification"),
                choices=lambda: [*Certificate.Status.choices, (NOT_CERTIFIED, _("not certified"))],
                apply=with_certification_status,
            )
        )
