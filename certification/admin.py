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
