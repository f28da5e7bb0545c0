"""The service administrator sets up local authorities and schools. No pupil data is registered
with the admin: pupils are reached only through the scoped pages."""

from django.contrib import admin

from .models import LocalAuthority, School


@admin.register(LocalAuthority)
class LocalAuthorityAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


@admin.register(School)
class SchoolAdmin(admin.ModelAdmin):
    list_display = ["urn", "name", "local_authority", "establishment_number", "phase", "two_factor_required"]
    list_filter = ["phase", "local_authority", "two_factor_required"]
    search_fields = ["urn", "name"]
