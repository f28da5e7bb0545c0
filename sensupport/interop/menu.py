"""Importing pupils in the service menu: the register's keepers."""

from __future__ import annotations

from sensupport.core.registry import MenuItem

MENU = [MenuItem("Import", "interop:import_start", "pupils.import_pupils", order=50)]
