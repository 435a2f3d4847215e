"""Membership fees: the list (the organization's people see theirs, network staff those
of their scope), one fee's page, and staff recording its payment (which stops its
reminders)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from certification.forms.fees import FeePaidForm
from certification.models import MEMBERSHIP_FEE
from certification.selectors.fees import (
    FeeCapability,
    fee_capabilities,
    fees_listed,
    fees_visible_to,
)
from certification.services.fees import membership_fee_pay
from network.pagination import paginate
from network.workflow import TransitionError


def _fee_for(request, pk: int, capability=FeeCapability.VIEW):
    """The fee if the user may see it (else 404) and has the capability (else 403)."""
    fee = get_object_or_404(
        fees_visible_to(request.user).select_related(
            "organization", "resolution__application", "suspended_certificate"
        ),
        pk=pk,
    )
    capabilities = fee_capabilities(request.user, fee)
    if capability not in capabilities:
        raise PermissionDenied
    return fee, capabilities


def _fee_page(request, fee, capabilities, form=None):
    if form is None and FeeCapability.RECORD_PAYMENT in capabilities:
        form = FeePaidForm(initial={"paid_on": timezone.localdate()})
    return render(
        request,
        "certification/fees/fee_detail.html",
        {
            "fee": fee,
            "form": form if fee.status == fee.Status.DUE else None,
            "overdue": fee.is_overdue(),
            "steps": MEMBERSHIP_FEE.timeline(fee),
        },
    )


@login_required
def fee_list(request):
    return render(
        request,
        "certification/fees/fee_list.html",
        {"page_obj": paginate(request, fees_listed(request.user)), "today": timezone.localdate()},
    )


@login_required
def fee_detail(request, pk: int):
    fee, capabilities = _fee_for(request, pk)
    return _fee_page(request, fee, capabilities)


@login_required
@require_POST
def fee_pay(request, pk: int):
    fee, capabilities = _fee_for(request, pk, FeeCapability.RECORD_PAYMENT)
    form = FeePaidForm(request.POST)
    if form.is_valid():
        try:
            membership_fee_pay(fee=fee, by=request.user, paid_on=form.cleaned_data["paid_on"])
        except (TransitionError, ValidationError) as error:
            form.add_error(None, getattr(error, "message", None) or error.messages[0])
        else:
            messages.success(request, gettext("The payment is recorded; its reminders stop."))
            return redirect("certification:fee_detail", pk=fee.pk)
    return _fee_page(request, fee, capabilities, form)
