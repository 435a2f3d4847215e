from django.contrib import admin

from advocacy.models import Campaign, CampaignUpdate, Declaration, Resource
from network.admin import LoggedAdmin


@admin.register(Campaign)
class CampaignAdmin(LoggedAdmin):
    list_display = ["title_es", "kind", "status", "goal", "published_at"]
    list_filter = ["kind", "status"]
    search_fields = ["title_es", "slug_es"]
    # The image is uploaded on the campaign's page, through the upload validator.
    readonly_fields = ["status", "published_at", "closed_at", "image"]


@admin.register(Declaration)
class DeclarationAdmin(LoggedAdmin):
    list_display = ["name", "country", "campaign", "status", "declared_on", "renewal_due_on"]
    list_filter = ["status", "campaign"]
    search_fields = ["name"]

    def activity_scope(self, obj):
        return obj.campaign


@admin.register(CampaignUpdate)
class CampaignUpdateAdmin(LoggedAdmin):
    list_display = ["subject", "campaign", "language", "status", "sent_count"]
    readonly_fields = ["status", "sent_count"]

    def activity_scope(self, obj):
        return obj.campaign


@admin.register(Resource)
class ResourceAdmin(LoggedAdmin):
    list_display = ["title", "kind", "language", "visibility"]
    list_filter = ["kind", "visibility", "language"]
    search_fields = ["title"]
    readonly_fields = ["file"]  # uploaded on the resource's page, through the validator
