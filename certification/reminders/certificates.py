"""Reminders of a certificate's end (domain.md, "Validity, renewal, suspension").

- renewal notices on the version's `renewal_notice_days` before the end of validity (60,
  30 and the last day), each until the next one is due; the last one warns of
  suspension → the organization's administrators and editors (essential);
- once the version's `grace_days` (60) after the end have passed with no renewal, the
  sweep marks the certificate expired through CERTIFICATE, in the claim's transaction,
  and tells the same people (essential). The register and the API read the new status
  on their next request.

Only the organization's current certificate is reminded: once a renewal's certificate
replaced it, its notices would be pointless. A replaced certificate still expires (its
validity over, no grace needed: the new one holds), without a notice."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from certification.models import Certificate
from certification.reminders.common import (
    ToOrganization,
    days,
    for_organization_people,
    notice_stages,
    organization_name,
    versions_of,
)
from certification.services.certificates import certificates_expire
from network.reminders import Due, Family, Rule, in_chunks, path_for

RENEWAL = Family(
    "certificate_renewal",
    _("Certificate renewal"),
    _("Notices before your organization's certificate expires, and when it is marked expired."),
    visible=for_organization_people,
)

C = Certificate.Status
STANDING = (C.ACTIVE, C.SUSPENDED)  # what the end of validity is still news for
FACTS = ("pk", "number", "organization_id", "organization__short_name",
         "organization__legal_name", "valid_until", "is_current")  # fmt: skip


def _due(row: dict, due_on, url, **context) -> Due:
    organization = organization_name(row)
    return Due(
        object_id=row["pk"],
        due_on=due_on,
        label=f"{row['number']} · {organization}"[:200],
        url=url(row["pk"]),
        context={
            "number": row["number"],
            "organization": organization,
            "ends_on": row["valid_until"],  # the last day of validity
            **context,
        },
        data={"organization": row["organization_id"], "quiet": not row["is_current"]},
    )


class CertificateRenewal(ToOrganization, Rule):
    name = "certification.certificate_renewal"
    family = RENEWAL.name
    label = _("Certificate renewal notice")
    audience = _("the organization's administrators and editors")
    template = "reminder_certificate_renewal"
    essential = True
    # Each notice stands until the next one is due: a month late, it still says the truth.
    catch_up_days = 30

    def due(self, *, start, end, today):
        """Each notice day of the certificate's version (days before the end of
        validity), while the certificate is the organization's current one, active or
        suspended, and the next notice is not yet due."""
        current = Certificate.objects.filter(is_current=True, status__in=STANDING)
        url = path_for("certification:certificate_detail")
        for version in versions_of(current):
            for before, following in notice_stages(version.renewal_notice_days):  # 60, 30, 0
                certificates = current.filter(
                    standard_version=version,
                    valid_until__range=(start + days(before), end + days(before)),
                )
                if following is not None:  # replaced by the next notice once that is due
                    certificates = certificates.filter(valid_until__gt=today + days(following))
                else:  # the last one stands until the certificate expires
                    certificates = certificates.filter(
                        valid_until__gt=today - days(version.grace_days)
                    )
                for row in in_chunks(certificates.values(*FACTS)):
                    yield _due(
                        row,
                        row["valid_until"] - days(before),
                        url,
                        days=before,
                        last=following is None,
                        grace_days=version.grace_days,
                        expires_on=row["valid_until"] + days(version.grace_days),
                    )


class CertificateExpiry(ToOrganization, Rule):
    name = "certification.certificate_expired"
    family = RENEWAL.name
    label = _("Certificate marked expired")
    audience = _("the organization's administrators and editors")
    template = "reminder_certificate_expired"
    essential = True

    def due(self, *, start, end, today):
        """Certificates still active or suspended after their validity and its grace
        (a replaced one, after its validity), whatever the window: their status, not the
        date, says they are not done, so one left behind any length of time (the sweep did
        not run, the rule is new) still expires."""
        standing = Certificate.objects.filter(status__in=STANDING)
        url = path_for("certification:certificate_detail")
        for version in versions_of(standing):
            grace = version.grace_days
            certificates = standing.filter(standard_version=version).filter(
                Q(is_current=True, valid_until__lte=end - days(grace))
                | Q(is_current=False, valid_until__lt=end)
            )
            for row in in_chunks(certificates.values(*FACTS)):
                after = grace if row["is_current"] else 1
                yield _due(row, row["valid_until"] + days(after), url, grace_days=grace)

    def act(self, items):
        certificates_expire(ids=[int(item.object_id) for item in items])
