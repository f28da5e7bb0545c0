"""Who may change the Local Offer (reading it is public: no permission).

| permission                      | officer of the service's LA | the provider's editors | plan editors of the pupil |
|---------------------------------|-----------------------------|------------------------|---------------------------|
| local_offer.manage              | yes (no row: any LA officer) | no                    | no                        |
| local_offer.propose_change      | yes                         | yes                    | no                        |
| local_offer.edit_entries        | no                          | yes                    | no                        |
| local_offer.signpost_support    | no                          | no                     | yes (SENCO, head, teacher)|

`manage`: approve or reject providers' changes, choose categories, mark an entry checked, read
feedback. Asked with a row (a service, a change, a provider), it is true only for officers of that
row's LA. A provider's editor is a `ProviderEditor` membership: any account may hold one.
"""

from __future__ import annotations

import rules

from sensupport.core.prepared import PreparedQuery
from sensupport.plans.permissions import is_class_staff_or_lead
from sensupport.pupils.permissions import is_la_officer, staff_of_pupils_school


def la_of(row):
    """The local authority id a Local Offer row belongs to."""
    from .models import Provider, Service, ServiceChange

    if isinstance(row, ServiceChange):
        row = row.service
    if isinstance(row, Service):
        row = row.provider
    if isinstance(row, Provider):
        return row.local_authority_id
    return getattr(row, "local_authority_id", None)


def provider_of(row):
    from .models import Provider, Service, ServiceChange

    if isinstance(row, ServiceChange):
        row = row.service
    if isinstance(row, Service):
        return row.provider_id
    return row.pk if isinstance(row, Provider) else None


@rules.predicate
def officer_of_rows_la(user, row=None) -> bool:
    return bool(user.local_authority_id and (row is None or la_of(row) == user.local_authority_id))


def _edits_any_provider(user_id: int):
    from .models import ProviderEditor

    return ProviderEditor.objects.filter(user_id=user_id).order_by().values_list("pk", flat=True)[:1]


_EDITS_ANY_PROVIDER = PreparedQuery(_edits_any_provider)


@rules.predicate
def editor_of_rows_provider(user, row=None) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if row is None:  # the menu asks on every page: compiled once (core/prepared.py)
        return bool(_EDITS_ANY_PROVIDER(user.pk))
    memberships = user.local_offer_providers.all()
    return memberships.filter(provider_id=provider_of(row)).exists()


@rules.predicate
def is_active_account(user) -> bool:
    return bool(user.is_authenticated and user.is_active)


rules.add_perm("local_offer.manage", is_active_account & is_la_officer & officer_of_rows_la)
rules.add_perm(
    "local_offer.propose_change", (is_active_account & is_la_officer & officer_of_rows_la) | editor_of_rows_provider
)
rules.add_perm("local_offer.edit_entries", editor_of_rows_provider)  # the provider's own entries page
rules.add_perm("local_offer.signpost_support", is_class_staff_or_lead & staff_of_pupils_school)
