"""Local authorities and schools in the Django admin: to look at only. They are created and renamed
at /service/ (sensupport.administration) or with `manage.py import_schools`, through the services
that write the audit row; an admin edit would leave no trace. No pupil data is registered with
the admin: pupils are reached only through the scoped pages."""

from django.contrib import admin

from .models import LocalAuthority, School


class ViewOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(LocalAuthority)
class LocalAuthorityAdmin(ViewOnlyAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


@admin.register(School)
class SchoolAdmin(ViewOnlyAdmin):
    list_display = ["urn", "name", "local_authority", "establishment_number", "phase", "two_factor_required"]
    list_filter = ["phase", "local_authority", "two_factor_required"]
    search_fields = ["urn", "name"]
