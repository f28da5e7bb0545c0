"""My pupils in the service menu: school staff (reviews.views.my_pupils)."""

from __future__ import annotations

from sensupport.core.registry import MenuItem, school_staff

MENU = [MenuItem("My pupils", "reviews:my_pupils", school_staff, order=20)]
