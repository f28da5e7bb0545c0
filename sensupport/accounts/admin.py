from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "first_name", "last_name", "role", "school", "local_authority", "is_active"]
    list_filter = ["role", "is_active", "school__local_authority"]
    search_fields = ["username", "email", "first_name", "last_name"]
    # A young person's own record is linked by id: the admin never lists pupils.
    raw_id_fields = ["own_pupil_record"]
    fieldsets = BaseUserAdmin.fieldsets + (
        (
            "Role and where they belong",
            {"fields": ["role", "school", "local_authority", "organisation_name", "own_pupil_record"]},
        ),
    )
    add_fieldsets = BaseUserAdmin.add_fieldsets + (
        (
            "Role and where they belong",
            {"fields": ["email", "first_name", "last_name", "role", "school", "local_authority"]},
        ),
    )
