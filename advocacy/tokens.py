"""Signed tokens in emailed links: confirming a signature (expires) and unsubscribing
(does not). They carry only the signature's id."""

from django.conf import settings
from django.core import signing

CONFIRM_SALT = "advocacy.signature.confirm"
UNSUBSCRIBE_SALT = "advocacy.signature.unsubscribe"


def confirm_token(signature_id: int) -> str:
    return signing.TimestampSigner(salt=CONFIRM_SALT).sign(str(signature_id))


def confirm_token_read(token: str) -> int | None:
    """The signature id, or None when the token is forged, malformed or expired."""
    try:
        value = signing.TimestampSigner(salt=CONFIRM_SALT).unsign(
            token, max_age=settings.ADVOCACY_CONFIRM_MAX_AGE
        )
        return int(value)
    except (signing.BadSignature, ValueError, OverflowError):
        return None


def unsubscribe_token(signature_id: int) -> str:
    return signing.Signer(salt=UNSUBSCRIBE_SALT).sign(str(signature_id))


def unsubscribe_token_read(token: str) -> int | None:
    try:
        return int(signing.Signer(salt=UNSUBSCRIBE_SALT).unsign(token))
    except (signing.BadSignature, ValueError, OverflowError):
        return None
