"""How a view gets what it works on, the same way in every app: one helper per kind of
object, `<thing>_for(request, pk, capability)`, in the app's views/access.py, built on
`object_for`. The object is looked up in a `*_visible_to(user)` selector's queryset:
outside it, it does not exist for the user (404); inside it, without the capability on
it, 403. Pages without an object check a capability of the user with `require`.
"""

from collections.abc import Callable, Collection

from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.shortcuts import get_object_or_404


def object_for(
    visible: QuerySet,
    *,
    capability: str,
    capabilities_of: Callable[[Model], Collection[str]],
    **lookup,
) -> tuple[Model, Collection[str]]:
    """The object `lookup` names among the `visible` ones (else 404), if `capability` is
    among what the user may do with it (else 403); with those capabilities, which pages
    use to show only the buttons the user may press."""
    found = get_object_or_404(visible, **lookup)
    capabilities = capabilities_of(found)
    if capability not in capabilities:
        raise PermissionDenied
    return found, capabilities


def require(allowed: bool) -> None:
    """For a page without an object: the user's capability is all there is (else 403)."""
    if not allowed:
        raise PermissionDenied
