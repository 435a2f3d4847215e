"""Writes to the network's structure (country and product networks, certification
bodies), made by network-wide staff from the portal."""

from django.db import transaction
from django.forms.models import model_to_dict

from network.activity import activity_record, changes_between
from network.models import CertificationBody, CountryNetwork, ProductNetwork

COUNTRY_NETWORK_FIELDS = ["country", "name", "coordinator"]
PRODUCT_NETWORK_FIELDS = ["slug", "name", "is_honey"]
CERTIFICATION_BODY_FIELDS = ["name", "country", "accreditation", "is_active"]


def _save(model, fields, verb_prefix, *, by, data: dict, instance=None):
    with transaction.atomic():
        created = instance is None
        instance = instance or model()
        # What the database holds (a bound ModelForm has already changed `instance`).
        stored = None if created else model.objects.select_for_update().get(pk=instance.pk)
        before = {} if created else model_to_dict(stored, fields=fields)
        for name in fields:
            if name in data:
                setattr(instance, name, data[name])
        instance.full_clean()
        instance.save()
        activity_record(
            actor=by,
            verb=f"{verb_prefix}.{'created' if created else 'updated'}",
            target=instance,
            changes=changes_between(before, model_to_dict(instance, fields=fields)),
        )
    return instance


def country_network_save(*, by, data: dict, country_network=None) -> CountryNetwork:
    """Create a country network, or change its country, name or coordinator."""
    return _save(
        CountryNetwork,
        COUNTRY_NETWORK_FIELDS,
        "country_network",
        by=by,
        data=data,
        instance=country_network,
    )


def product_network_save(*, by, data: dict, product_network=None) -> ProductNetwork:
    return _save(
        ProductNetwork,
        PRODUCT_NETWORK_FIELDS,
        "product_network",
        by=by,
        data=data,
        instance=product_network,
    )


def certification_body_save(*, by, data: dict, certification_body=None) -> CertificationBody:
    """Create a certification body, or change its name, country, accreditation or whether
    it is authorised (a body no longer authorised keeps its people and its history)."""
    return _save(
        CertificationBody,
        CERTIFICATION_BODY_FIELDS,
        "certification_body",
        by=by,
        data=data,
        instance=certification_body,
    )
