from django.contrib import admin

from network.models import CertificationBody, CountryNetwork, Invitation, ProductNetwork, Role


@admin.register(CountryNetwork)
class CountryNetworkAdmin(admin.ModelAdmin):
    list_display = ["name", "country", "coordinator"]
    search_fields = ["name"]
    raw_id_fields = ["coordinator"]


@admin.register(ProductNetwork)
class ProductNetworkAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "is_honey"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(CertificationBody)
class CertificationBodyAdmin(admin.ModelAdmin):
    list_display = ["name", "country", "accreditation", "is_active"]
    search_fields = ["name"]


@admin.register(Role)
class RoleAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "organization", "country_network", "certification_body"]
    list_filter = ["kind", "country_network", "certification_body"]
    search_fields = ["user__email", "user__full_name", "organization__legal_name"]
    raw_id_fields = ["user", "organization", "granted_by"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "kind", "organization", "created_at", "expires_at", "accepted_at"]
    list_filter = ["kind"]
    search_fields = ["email"]
    exclude = ["token_hash"]
    readonly_fields = ["accepted_at", "accepted_by", "invited_by"]

    def has_add_permission(self, request):
        return False  # invitations are sent from the portal, which emails the token
