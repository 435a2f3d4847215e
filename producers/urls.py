from django.urls import path

from producers.views import directory, documents, members, organizations, people, public

app_name = "producers"

org = "organizations/<int:pk>/"
urlpatterns = [
    path("join/", public.organization_apply_view, name="apply"),
    path("join/thanks/", public.apply_done, name="apply_done"),
    path("organizations/", organizations.organization_list, name="organization_list"),
    path(org, organizations.organization_detail, name="organization_detail"),
    path(f"{org}edit/", organizations.organization_edit, name="organization_edit"),
    path(f"{org}activity/", organizations.activity_list, name="activity_list"),
    path(f"{org}products/add/", organizations.product_add, name="product_add"),
    path(f"{org}products/<int:product_pk>/", organizations.product_edit, name="product_edit"),
    path(
        f"{org}products/<int:product_pk>/remove/",
        organizations.product_remove,
        name="product_remove",
    ),
    path(
        f"{org}membership/<slug:transition>/",
        organizations.membership_decide,
        name="membership_decide",
    ),
    path(f"{org}people/", people.people_list, name="people_list"),
    path(f"{org}people/<int:role_pk>/", people.role_edit, name="role_edit"),
    path(f"{org}people/<int:role_pk>/remove/", people.role_remove, name="role_remove"),
    path(
        f"{org}invitations/<int:invitation_pk>/revoke/",
        people.invitation_revoke,
        name="invitation_revoke",
    ),
    path(f"{org}members/", members.member_list, name="member_list"),
    path(f"{org}members/add/", members.member_add, name="member_add"),
    path(f"{org}members/<int:member_pk>/", members.member_edit, name="member_edit"),
    path(f"{org}members/<int:member_pk>/remove/", members.member_remove, name="member_remove"),
    path(f"{org}members/import/", members.register_import, name="register_import"),
    path(
        f"{org}members/import/<int:import_pk>/",
        members.register_preview,
        name="register_preview",
    ),
    path(
        f"{org}members/export.<slug:file_format>",
        members.register_export,
        name="register_export",
    ),
    path(f"{org}documents/", documents.document_list, name="document_list"),
    path(f"{org}documents/add/", documents.document_add, name="document_add"),
    path(f"{org}documents/<int:doc_pk>/", documents.document_detail, name="document_detail"),
    path(f"{org}documents/<int:doc_pk>/edit/", documents.document_edit, name="document_edit"),
    path(
        f"{org}documents/<int:doc_pk>/versions/<int:version_pk>/download/",
        documents.document_download,
        name="document_download",
    ),
    path("network/directory/", directory.directory, name="directory"),
    path("network/directory/export.csv", directory.directory_export, name="directory_export"),
]
