from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificationConfig(AppConfig):
    name = "certification"
    verbose_name = _("Certification")

    def ready(self):
        from certification import reminders as certification_reminders
        from certification.activity import CHANGE_LABELS, VERBS
        from certification.selectors import may_declare
        from certification.selectors.evaluations import sees_evaluations
        from network import reminders
        from network.activity import register_verbs
        from network.navigation import NavItem, register

        register_verbs(VERBS, change_labels=CHANGE_LABELS)
        for family in certification_reminders.FAMILIES:
            reminders.register_family(family)
        for rule in certification_reminders.RULES:
            reminders.register_rule(rule())
        register(NavItem(label=_("The standard"), url_name="certification:standard", order=58))
        register(NavItem(label=_("Objections"), url_name="certification:objection_list", order=59))
        register(
            NavItem(
                label=_("Conflicts of interest"),
                url_name="certification:conflict_list",
                visible=may_declare,
                order=40,
            )
        )
        register(
            NavItem(
                label=_("Evaluations"),
                url_name="certification:evaluation_list",
                visible=sees_evaluations,
                order=41,
            )
        )
        from certification.selectors.competence import sees_competences

        register(
            NavItem(
                label=_("Evaluator competences"),
                url_name="certification:competence_list",
                visible=sees_competences,
                order=42,
            )
        )
        # Applications (issue 9, `apply`): the cooperative's and the certification body's.
        from certification.selectors import may_follow_reviews
        from network.selectors import organization_roles

        register(
            NavItem(
                label=_("Certification"),
                url_name="certification:application_list",
                visible=lambda user: bool(organization_roles(user)),
                order=38,
            )
        )
        register(
            NavItem(
                label=_("Applications to review"),
                url_name="certification:review_list",
                visible=may_follow_reviews,
                order=39,
            )
        )
        self._ready_certificates()
        # Reminders (issue 12): the membership fees, for the staff who record payments.
        from network.selectors import has_staff_role

        register(
            NavItem(
                label=_("Membership fees"),
                url_name="certification:fee_list",
                visible=lambda user: user.is_superuser or has_staff_role(user),
                order=46,
            )
        )

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
