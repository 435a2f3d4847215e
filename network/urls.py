from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

from network.views import notifications, outbox, people, site, structure

# The admin has no sign-in of its own: allauth's login (MFA, rate limits, the security
# log) is the only door, and a signed-in non-staff user gets 403.
admin.site.login = secure_admin_login(admin.site.login)

network_patterns = [
    path("", site.home, name="home"),
    path("dashboard/", site.dashboard, name="dashboard"),
    path("account/profile/", site.profile, name="profile"),
    path("i18n/setlang/", site.set_language, name="set_language"),
    path("healthz", site.healthz, name="healthz"),
    path("invitations/<str:token>/", people.invitation_accept, name="invitation_accept"),
    path("network/email/", outbox.outbox_list, name="outbox_list"),
    path("network/email/retry/", outbox.outbox_retry_failed, name="outbox_retry_failed"),
    path("network/email/<int:pk>/retry/", outbox.outbox_retry, name="outbox_retry"),
    path("network/countries/", structure.country_network_list, name="country_network_list"),
    path("network/countries/add/", structure.country_network_add, name="country_network_add"),
    path(
        "network/countries/<int:pk>/",
        structure.country_network_detail,
        name="country_network_detail",
    ),
    path(
        "network/countries/<int:pk>/edit/",
        structure.country_network_edit,
        name="country_network_edit",
    ),
    path("network/products/", structure.product_network_list, name="product_network_list"),
    path("network/products/add/", structure.product_network_add, name="product_network_add"),
    path(
        "network/products/<int:pk>/",
        structure.product_network_detail,
        name="product_network_detail",
    ),
    path(
        "network/products/<int:pk>/edit/",
        structure.product_network_edit,
        name="product_network_edit",
    ),
    path("network/staff/", people.staff_list, name="staff_list"),
    path(
        "network/certification-bodies/",
        structure.certification_body_list,
        name="certification_body_list",
    ),
    path(
        "network/certification-bodies/add/",
        structure.certification_body_add,
        name="certification_body_add",
    ),
    path(
        "network/certification-bodies/<int:pk>/",
        structure.certification_body_detail,
        name="certification_body_detail",
    ),
    path(
        "network/certification-bodies/<int:pk>/edit/",
        structure.certification_body_edit,
        name="certification_body_edit",
    ),
    path("network/roles/<int:pk>/revoke/", people.role_revoke, name="role_revoke"),
    path(
        "network/invitations/<int:pk>/revoke/",
        people.invitation_revoke,
        name="invitation_revoke",
    ),
]

# Notifications and reminders (network/reminders.py).
network_patterns += [
    path("notifications/", notifications.notifications, name="notifications"),
    path("notifications/read/", notifications.notifications_read_all,
         name="notifications_read_all"),
    path("notifications/<int:pk>/read/", notifications.notification_read,
         name="notification_read"),
    path("notifications/settings/", notifications.notification_settings,
         name="notification_settings"),
    path("notifications/unsubscribe/<str:token>/", notifications.reminders_unsubscribe,
         name="reminders_unsubscribe"),
    path("network/reminders/", notifications.reminders_overview, name="reminders"),
]  # fmt: skip

urlpatterns = [
    path("", include((network_patterns, "network"))),
    path("", include("producers.urls")),
    path("", include("certification.urls")),
    path("api/v1/", include("certification.api_urls")),  # the buyers' API (django-ninja)
    path("", include("advocacy.urls")),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
]
