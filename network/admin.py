from django.contrib import admin
from django.db import models, transaction
from django.forms.models import model_to_dict

from network.activity import activity_record, changes_between
from network.models import CertificationBody, CountryNetwork, Invitation, ProductNetwork, Role


class LoggedAdmin(admin.ModelAdmin):
    """Admin pages of records the activity log follows: every save and delete made here
    is recorded like one made in the portal (who, what changed), in the same transaction.
    Status fields are never editable here (network.workflow.StateField)."""

    # Links typed without a scheme are https, as in the portal's forms (Django 6's default).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def activity_scope(self, obj):
        """The record whose history page lists this change (its organization...)."""
        return obj

    def save_model(self, request, obj, form, change):
        fields = [name for name in form.changed_data if name in form.base_fields]
        stored = type(obj)._default_manager.filter(pk=obj.pk).first() if change else None
        before = model_to_dict(stored, fields=fields) if stored is not None else {}
        if change and hasattr(obj, "version"):
            obj.version += 1  # an edit form open in the portal meanwhile is now stale
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            activity_record(
                actor=request.user,
                verb="admin.record_changed" if change else "admin.record_added",
                target=obj,
                scope=self.activity_scope(obj),
                changes=changes_between(before, model_to_dict(obj, fields=fields)),
            )

    def delete_model(self, request, obj):
        with transaction.atomic():
            activity_record(
                actor=request.user,
                verb="admin.record_deleted",
                target=obj,
                scope=self.activity_scope(obj),
            )
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for obj in queryset:
                self.delete_model(request, obj)


@admin.register(CountryNetwork)
class CountryNetworkAdmin(LoggedAdmin):
    list_display = ["name", "country", "coordinator"]
    search_fields = ["name"]
    raw_id_fields = ["coordinator"]


@admin.register(ProductNetwork)
class ProductNetworkAdmin(LoggedAdmin):
    list_display = ["name", "slug", "is_honey"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(CertificationBody)
class CertificationBodyAdmin(LoggedAdmin):
    list_display = ["name", "country", "accreditation", "is_active"]
    search_fields = ["name"]


@admin.register(Role)
class RoleAdmin(LoggedAdmin):
    list_display = ["user", "kind", "organization", "country_network", "certification_body"]
    list_filter = ["kind", "country_network", "certification_body"]
    search_fields = ["user__email", "user__full_name", "organization__legal_name"]
    raw_id_fields = ["user", "organization", "granted_by"]


@admin.register(Invitation)
class InvitationAdmin(LoggedAdmin):
    list_display = ["email", "kind", "organization", "created_at", "expires_at", "accepted_at"]
    list_filter = ["kind"]
    search_fields = ["email"]
    exclude = ["token_hash"]
    readonly_fields = ["accepted_at", "accepted_by", "invited_by"]

    def has_add_permission(self, request):
        return False  # invitations are sent from the portal, which emails the token
