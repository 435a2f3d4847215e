"""Demo accounts of the network app. Idempotent: safe to load on every `make run`."""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP

from network.models import User

DEMO_PASSWORD = "minga-demo-2026"
# A fixed TOTP secret so the demo staff account can sign in with any authenticator app.
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def demo_user(email: str, full_name: str, *, language: str = "es", **flags) -> User:
    user, created = User.objects.get_or_create(
        email=email, defaults={"full_name": full_name, "language": language, **flags}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    EmailAddress.objects.get_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user


def load() -> list[str]:
    admin = demo_user("admin@minga.test", "Rosa Quispe", is_staff=True, is_superuser=True)
    if not Authenticator.objects.filter(user=admin, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(admin, DEMO_TOTP_SECRET)
    demo_user("visitante@minga.test", "Julia Mendoza")
    return [
        f"admin@minga.test / {DEMO_PASSWORD}  (network staff; TOTP secret {DEMO_TOTP_SECRET})",
        f"visitante@minga.test / {DEMO_PASSWORD}  (registered user, no organization)",
    ]
