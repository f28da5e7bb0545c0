"""Responses about people are never kept by browsers or proxies.

Every page, export, document and API response carries `Cache-Control: no-store` (and `private`),
so a shared computer's back button, disk cache or a proxy never keeps a child's record after
sign-out. Static files are served by WhiteNoise before this middleware and keep their long cache.
"""

from __future__ import annotations

from django.utils.cache import add_never_cache_headers, patch_cache_control


class NoStoreMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        add_never_cache_headers(response)
        patch_cache_control(response, private=True)
        return response
