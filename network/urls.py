from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

from network import views

# The admin has no sign-in of its own: allauth's login (MFA, rate limits, the security
# log) is the only door, and a signed-in non-staff user gets 403.
admin.site.login = secure_admin_login(admin.site.login)

network_patterns = [
    path("", views.home, name="home"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("account/profile/", views.profile, name="profile"),
    path("i18n/setlang/", views.set_language, name="set_language"),
    path("healthz", views.healthz, name="healthz"),
    path("network/email/", views.outbox_list, name="outbox_list"),
    path("network/email/retry/", views.outbox_retry_failed, name="outbox_retry_failed"),
    path("network/email/<int:pk>/retry/", views.outbox_retry, name="outbox_retry"),
]

urlpatterns = [
    path("", include((network_patterns, "network"))),
    path("", include("producers.urls")),
    path("", include("certification.urls")),
    path("api/v1/", include("certification.api_urls")),  # the buyers' API (django-ninja)
    path("", include("advocacy.urls")),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
]
