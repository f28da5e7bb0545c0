"""Sign-in by email and password, and nothing else.

Who may do what is decided by the `rules` predicates of each app's permissions.py
(rules.permissions.ObjectPermissionBackend); nobody is given Django's per-model permissions or
groups. Django's ModelBackend would still look them up (two queries per request whenever a rule
says no, and the menu asks several), so this backend authenticates exactly as ModelBackend does and
answers every permission question with "not from me". Superusers keep every permission: Django's
User.has_perm answers for them before asking any backend.
"""

from __future__ import annotations

from django.contrib.auth.backends import ModelBackend


class PasswordBackend(ModelBackend):
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
