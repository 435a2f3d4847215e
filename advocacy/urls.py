from django.urls import path

from advocacy.views import public
from advocacy.views.staff import campaigns, declarations, resources, signers, updates

app_name = "advocacy"

urlpatterns = [
    # Public
    path("campaigns/", public.campaign_list, name="campaign_list"),
    path("campaigns/declared/", public.declared_list, name="declared_list"),
    path("campaigns/confirm/<str:token>/", public.signature_confirm, name="signature_confirm"),
    path("campaigns/unsubscribe/<str:token>/", public.unsubscribe, name="unsubscribe"),
    path("campaigns/unsubscribe/<str:token>/all/", public.unsubscribe_all, name="unsubscribe_all"),
    path(
        "campaigns/declarations/<int:pk>/certificate.pdf",
        public.declaration_certificate,
        name="declaration_certificate",
    ),
    path("campaigns/<slug:slug>/", public.campaign_detail, name="campaign_detail"),
    path("campaigns/<slug:slug>/sign/", public.campaign_sign, name="campaign_sign"),
    path("campaigns/<slug:slug>/thanks/", public.campaign_thanks, name="campaign_thanks"),
    path("campaigns/<slug:slug>/image/", public.campaign_image, name="campaign_image"),
    path("campaigns/<slug:slug>/apply/", public.declaration_apply, name="declaration_apply"),
    path(
        "campaigns/<slug:slug>/apply/thanks/",
        public.declaration_applied,
        name="declaration_applied",
    ),
    path("resources/", public.resource_list, name="resource_list"),
    path("resources/<int:pk>/file/", public.resource_file, name="resource_file"),
    # Staff
    path("manage/campaigns/", campaigns.manage_campaigns, name="manage_campaigns"),
    path("manage/campaigns/new/", campaigns.campaign_create, name="campaign_create"),
    path("manage/campaigns/<int:pk>/", campaigns.campaign_manage, name="campaign_manage"),
    path("manage/campaigns/<int:pk>/edit/", campaigns.campaign_edit, name="campaign_edit"),
    path("manage/campaigns/<int:pk>/preview/", campaigns.campaign_preview, name="campaign_preview"),
    path("manage/campaigns/<int:pk>/publish/", campaigns.campaign_publish, name="campaign_publish"),
    path("manage/campaigns/<int:pk>/close/", campaigns.campaign_close, name="campaign_close"),
    path(
        "manage/campaigns/<int:pk>/signatures.csv",
        signers.signatures_export,
        name="signatures_export",
    ),
    path("manage/campaigns/<int:pk>/signers/", signers.signers, name="signers"),
    path("manage/campaigns/<int:pk>/updates/new/", updates.update_create, name="update_create"),
    path("manage/signers/erase/", signers.signer_erase, name="signer_erase"),
    path("manage/updates/<int:pk>/", updates.update_detail, name="update_detail"),
    path("manage/updates/<int:pk>/send/", updates.update_send, name="update_send"),
    path("manage/declarations/", declarations.manage_declarations, name="manage_declarations"),
    path(
        "manage/declarations/<int:pk>/", declarations.declaration_manage, name="declaration_manage"
    ),
    path(
        "manage/declarations/<int:pk>/goals/<int:number>/",
        declarations.declaration_goal,
        name="declaration_goal",
    ),
    path(
        "manage/declarations/<int:pk>/goals/<int:number>/evidence/",
        declarations.declaration_evidence,
        name="declaration_evidence",
    ),
    path(
        "manage/declarations/<int:pk>/start/",
        declarations.declaration_start,
        name="declaration_start",
    ),
    path(
        "manage/declarations/<int:pk>/declare/",
        declarations.declaration_declare,
        name="declaration_declare",
    ),
    path("manage/resources/new/", resources.resource_create, name="resource_create"),
    path("manage/resources/<int:pk>/edit/", resources.resource_edit, name="resource_edit"),
]
