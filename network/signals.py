"""Authentication events go to the `minga.security` log (ASVS 7.1): who, from where."""

import logging

from allauth.account.signals import (
    email_confirmed,
    password_changed,
    password_reset,
    user_logged_in,
    user_logged_out,
)
from allauth.mfa.signals import authenticator_added, authenticator_removed
from django.contrib.auth.signals import user_login_failed

security_log = logging.getLogger("minga.security")


def _ip(request):
    return request.META.get("REMOTE_ADDR", "-") if request is not None else "-"


def on_login(request, user, **kwargs):
    security_log.info("login ok user=%s ip=%s", user.pk, _ip(request))


def on_logout(request, user, **kwargs):
    security_log.info("logout user=%s ip=%s", getattr(user, "pk", None), _ip(request))


def on_login_failed(credentials, request=None, **kwargs):
    security_log.warning("login failed ip=%s", _ip(request))


def on_password_changed(request, user, **kwargs):
    security_log.info("password changed user=%s ip=%s", user.pk, _ip(request))


def on_password_reset(request, user, **kwargs):
    security_log.info("password reset user=%s ip=%s", user.pk, _ip(request))


def on_email_confirmed(request, email_address, **kwargs):
    security_log.info("email confirmed user=%s", email_address.user_id)


def on_authenticator_added(request, user, authenticator, **kwargs):
    security_log.info("mfa added user=%s type=%s", user.pk, authenticator.type)


def on_authenticator_removed(request, user, authenticator, **kwargs):
    security_log.warning("mfa removed user=%s type=%s", user.pk, authenticator.type)


def connect():
    user_logged_in.connect(on_login, dispatch_uid="security.login")
    user_logged_out.connect(on_logout, dispatch_uid="security.logout")
    user_login_failed.connect(on_login_failed, dispatch_uid="security.login_failed")
    password_changed.connect(on_password_changed, dispatch_uid="security.password_changed")
    password_reset.connect(on_password_reset, dispatch_uid="security.password_reset")
    email_confirmed.connect(on_email_confirmed, dispatch_uid="security.email_confirmed")
    authenticator_added.connect(on_authenticator_added, dispatch_uid="security.mfa_added")
    authenticator_removed.connect(on_authenticator_removed, dispatch_uid="security.mfa_removed")
