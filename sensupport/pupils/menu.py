"""The register in the service menu: "SEN register" for school staff, "Pupils" for the LA and
outside professionals; families have the portal instead (the register sends them there)."""

from __future__ import annotations

from sensupport.core.registry import MenuItem

from .sections import uses_family_portal


def _label(user) -> str:
    return "SEN register" if user.is_school_staff else "Pupils"


def _opens_register(user) -> bool:
    return user.has_perm("pupils.view_register") and not uses_family_portal(user.role)


MENU = [MenuItem(_label, "pupils:register", _opens_register, order=10)]
