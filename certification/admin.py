"""Admin pages: drafts of the standard may be corrected here (logged like any edit);
published versions, their sections and criteria are read-only, and declarations of
conflicts of interest are records nobody edits."""

from django.contrib import admin

from certification.models import ConflictDeclaration, Criterion, Section, StandardVersion
from network.admin import LoggedAdmin


class PublishedIsReadOnly(LoggedAdmin):
    """Nothing of a published version changes: applications were filed under it."""

    def version_of(self, obj) -> StandardVersion:
        return obj.standard_version

    def _published(self, obj) -> bool:
        return obj is not None and self.version_of(obj).is_published

    def has_change_permission(self, request, obj=None):
        return not self._published(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self._published(obj) and super().has_delete_permission(request, obj)

    def activity_scope(self, obj):
        return self.version_of(obj)


@admin.register(StandardVersion)
class StandardVersionAdmin(PublishedIsReadOnly):
    list_display = ["code", "label", "title_es", "status", "in_force_from", "published_at"]
    list_filter = ["code", "status"]
    readonly_fields = ["status", "published_at"]

    def version_of(self, obj):
        return obj

    def has_add_permission(self, request):
        return False  # versions come from their files: `manage.py load_standard`


@admin.register(Section)
class SectionAdmin(PublishedIsReadOnly):
    list_display = ["code", "name_es", "standard_version", "position"]
    list_filter = ["standard_version"]

    def has_add_permission(self, request):
        return False


@admin.register(Criterion)
class CriterionAdmin(PublishedIsReadOnly):
    list_display = ["code", "criterion_class", "section", "standard_version", "mandatory_from_year"]
    list_filter = ["standard_version", "criterion_class", "checked_in_desk"]
    search_fields = ["code", "text_es", "text_en"]
    list_select_related = ["section", "standard_version"]

    def has_add_permission(self, request):
        return False


@admin.register(ConflictDeclaration)
class ConflictDeclarationAdmin(LoggedAdmin):
    list_display = ["person", "organization", "outcome", "declared_on", "valid_until"]
    list_filter = ["outcome"]
    search_fields = ["person__email", "organization__legal_name"]
    list_select_related = ["person", "organization"]

    def has_add_permission(self, request):
        return False  # declared by the person, in the portal

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# --- Part 3 (cert): resolutions, certificates, complaints and appeals -----------------
# Resolutions may be recorded here only through the service (so its separation of
# duties holds in the admin too); the rest are records the portal writes: view-only.

from django import forms  # noqa: E402
from django.core.exceptions import ValidationError  # noqa: E402

from certification.models import (  # noqa: E402
    Appeal,
    Application,
    Certificate,
    Complaint,
    Resolution,
    ScopeActivity,
    UserAgreement,
)
from certification.services.decisions import resolution_check, resolution_record  # noqa: E402
from network.workflow import TransitionError  # noqa: E402


class ResolutionAdminForm(forms.ModelForm):
    scope_activities = forms.MultipleChoiceField(
        choices=ScopeActivity.choices, required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Resolution
        fields = ["application", "outcome", "reasons", "scope_products", "scope_activities"]

    by = None  # the admin user, set by ResolutionAdmin.get_form

    def clean(self):
        data = super().clean()
        application = data.get("application")
        if application is not None and data.get("outcome"):
            try:
                resolution_check(
                    application=application,
                    by=self.by,
                    outcome=data["outcome"],
                    reasons=data.get("reasons", ""),
                    scope_products=list(data.get("scope_products") or []),
                    scope_activities=data.get("scope_activities") or [],
                )
            except TransitionError as refused:
                raise ValidationError(refused.message) from refused
        return data


class ViewOnlyAdmin(LoggedAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Resolution)
class ResolutionAdmin(LoggedAdmin):
    form = ResolutionAdminForm
    list_display = ["application", "outcome", "decided_by", "decided_at"]
    list_filter = ["outcome"]
    list_select_related = ["application__organization", "decided_by"]
    raw_id_fields = ["application"]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.by = request.user
        return form

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        """Through the service, which checks who decides (again: the form may be stale)
        and writes the activity log itself."""
        data = form.cleaned_data
        application = Application.objects.get(pk=data["application"].pk)
        try:
            resolution = resolution_record(
                application=application,
                by=request.user,
                outcome=data["outcome"],
                reasons=data["reasons"],
                scope_products=list(data["scope_products"]),
                scope_activities=data["scope_activities"],
            )
        except TransitionError as error:
            raise ValidationError(error.message) from error
        obj.pk = resolution.pk
        obj.__dict__.update({k: v for k, v in resolution.__dict__.items() if k != "_state"})

    def save_related(self, request, form, formsets, change):
        """The service stored the scope."""


@admin.register(Certificate)
class CertificateAdmin(ViewOnlyAdmin):
    list_display = ["number", "organization", "status", "valid_from", "valid_until", "is_current"]
    list_filter = ["status", "is_current", "country"]
    search_fields = ["number", "organization__legal_name"]
    list_select_related = ["organization"]


@admin.register(UserAgreement)
class UserAgreementAdmin(ViewOnlyAdmin):
    list_display = ["organization", "text_version", "accepted_by", "accepted_at"]
    list_select_related = ["organization", "accepted_by"]


@admin.register(Complaint)
class ComplaintAdmin(ViewOnlyAdmin):
    list_display = ["reference", "about", "status", "assignee", "created_at"]
    list_filter = ["status", "about"]
    exclude = ["token_hash"]


@admin.register(Appeal)
class AppealAdmin(ViewOnlyAdmin):
    list_display = ["reference", "organization", "status", "assignee", "created_at"]
    list_filter = ["status"]


# --- Evaluator competences: recorded and ended in the portal, where the service checks
# who may (certification/services/competence.py); here they are read.

from certification.models import EvaluatorCompetence  # noqa: E402


@admin.register(EvaluatorCompetence)
class EvaluatorCompetenceAdmin(ViewOnlyAdmin):
    list_display = ["evaluator", "certification_body", "valid_from", "valid_until",
                    "recorded_by", "ended_at"]  # fmt: skip
    list_filter = ["certification_body"]
    search_fields = ["evaluator__email", "evaluator__full_name"]
    list_select_related = ["evaluator", "certification_body", "recorded_by"]


# --- Membership fees: made by a granted resolution, paid on the fee's page by network
# staff (which may reinstate a certificate); here they are read.

from certification.models import MembershipFee  # noqa: E402


@admin.register(MembershipFee)
class MembershipFeeAdmin(ViewOnlyAdmin):
    list_display = ["organization", "amount", "currency", "due_on", "status", "paid_on",
                    "suspended_certificate"]  # fmt: skip
    list_filter = ["status", "currency"]
    search_fields = ["organization__legal_name", "organization__short_name"]
    list_select_related = ["organization", "suspended_certificate"]
    readonly_fields = ["status", "suspended_certificate", "created_at"]  # not editable: shown
