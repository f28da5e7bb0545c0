"""Sign-in by email and password, and nothing else.

Who may do what is decided by the `rules` predicates of each app's permissions.py
(rules.permissions.ObjectPermissionBackend); nobody is given Django's per-model permissions or
groups. Django's ModelBackend would still look them up (two queries per request whenever a rule
says no, and the menu asks several), so this backend authenticates exactly as ModelBackend does and
answers every permission question with "not from me". Superusers keep every permission: Django's
User.has_perm answers for them before asking any backend.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db.models import Exists, OuterRef

from sensupport.core.prepared import PreparedQuery

# The annotation get_user puts on the user: whether they had a confirmed authenticator when this
# request loaded them (the second step's middleware reads it instead of asking again).
CONFIRMED_DEVICE_ON_LOAD = "confirmed_device_on_load"


def _signed_in_user(user_id: int):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return (
        get_user_model()
        ._default_manager.select_related("school", "local_authority")
        .annotate(**{CONFIRMED_DEVICE_ON_LOAD: Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True))})
        .filter(pk=user_id)
        .order_by()[:1]
    )


_SIGNED_IN_USER = PreparedQuery(_signed_in_user)  # every request: compiled once (core/prepared.py)


class PasswordBackend(ModelBackend):
    def get_user(self, user_id):
        """The signed-in user, once per request: with their school and LA joined (every staff page
        names the school, and the second step asks whether it requires two-factor) and whether they
        have a confirmed authenticator, in one query instead of three (issue 14)."""
        try:
            found = _SIGNED_IN_USER(int(user_id))
        except (TypeError, ValueError):  # not an id: nobody (the session is someone else's format)
            return None
        user = found[0] if found else None
        return user if user is not None and self.user_can_authenticate(user) else None

    def get_user_permissions(self, user_obj, obj=None) -> set:
        return set()

    def get_group_permissions(self, user_obj, obj=None) -> set:
        return set()

    def get_all_permissions(self, user_obj, obj=None) -> set:
        return set()

    def has_perm(self, user_obj, perm, obj=None) -> bool:
        return False

    def has_module_perms(self, user_obj, app_label) -> bool:
        return False
