from django.contrib import admin

from network.admin import LoggedAdmin
from producers.models import Document, Member, MemberImport, Organization


@admin.register(Organization)
class OrganizationAdmin(LoggedAdmin):
    list_display = ["legal_name", "short_name", "country", "membership_status", "created_at"]
    list_filter = ["membership_status", "country_network", "product_networks"]
    search_fields = ["legal_name", "short_name", "tax_id"]
    # Membership changes only through the portal's decisions, which keep the history.
    readonly_fields = ["membership_status"]


@admin.register(Member)
class MemberAdmin(LoggedAdmin):
    list_display = ["code", "name", "organization", "production_area_ha", "is_active"]
    search_fields = ["code", "name"]
    raw_id_fields = ["organization"]

    def activity_scope(self, obj):
        return obj.organization


@admin.register(Document)
class DocumentAdmin(LoggedAdmin):
    list_display = ["title", "doc_type", "organization", "valid_until"]
    raw_id_fields = ["organization"]

    def activity_scope(self, obj):
        return obj.organization


@admin.register(MemberImport)
class MemberImportAdmin(LoggedAdmin):
    list_display = ["original_name", "organization", "status", "row_count", "created_at"]
    readonly_fields = ["errors", "summary"]

    def activity_scope(self, obj):
        return obj.organization
