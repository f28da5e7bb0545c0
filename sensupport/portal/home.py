"""A family's home is the portal: core's home page sends them there (core.registry)."""

from __future__ import annotations

from sensupport.core.registry import HomeRedirect

REDIRECTS = [HomeRedirect("portal:home", "portal.use_portal")]
