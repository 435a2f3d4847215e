from django.urls import path

from advocacy.views import public, staff

app_name = "advocacy"

urlpatterns = [
    # Public
    path("campaigns/", public.campaign_list, name="campaign_list"),
    path("campaigns/declared/", public.declared_list, name="declared_list"),
    path("campaigns/confirm/<str:token>/", public.signature_confirm, name="signature_confirm"),
    path("campaigns/unsubscribe/<str:token>/", public.unsubscribe, name="unsubscribe"),
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
    path("manage/campaigns/", staff.manage_campaigns, name="manage_campaigns"),
    path("manage/campaigns/new/", staff.campaign_create, name="campaign_create"),
    path("manage/campaigns/<int:pk>/", staff.campaign_manage, name="campaign_manage"),
    path("manage/campaigns/<int:pk>/edit/", staff.campaign_edit, name="campaign_edit"),
    path("manage/campaigns/<int:pk>/preview/", staff.campaign_preview, name="campaign_preview"),
    path("manage/campaigns/<int:pk>/publish/", staff.campaign_publish, name="campaign_publish"),
    path("manage/campaigns/<int:pk>/close/", staff.campaign_close, name="campaign_close"),
    path(
        "manage/campaigns/<int:pk>/signatures.csv",
        staff.signatures_export,
        name="signatures_export",
    ),
    path("manage/campaigns/<int:pk>/signers/", staff.signers, name="signers"),
    path("manage/campaigns/<int:pk>/updates/new/", staff.update_create, name="update_create"),
    path("manage/signers/erase/", staff.signer_erase, name="signer_erase"),
    path("manage/updates/<int:pk>/", staff.update_detail, name="update_detail"),
    path("manage/updates/<int:pk>/send/", staff.update_send, name="update_send"),
    path("manage/declarations/", staff.manage_declarations, name="manage_declarations"),
    path("manage/declarations/<int:pk>/", staff.declaration_manage, name="declaration_manage"),
    path(
        "manage/declarations/<int:pk>/goals/<int:number>/",
        staff.declaration_goal,
        name="declaration_goal",
    ),
    path(
        "manage/declarations/<int:pk>/goals/<int:number>/evidence/",
        staff.declaration_evidence,
        name="declaration_evidence",
    ),
    path("manage/declarations/<int:pk>/start/", staff.declaration_start, name="declaration_start"),
    path(
        "manage/declarations/<int:pk>/declare/",
        staff.declaration_declare,
        name="declaration_declare",
    ),
    path("manage/resources/new/", staff.resource_create, name="resource_create"),
    path("manage/resources/<int:pk>/edit/", staff.resource_edit, name="resource_edit"),
]
