"""Account management for administrators: people, their profiles (role facts) and services."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

from yjinspect.web.accounts.models import Profile, Service


# The admin classes are generic in django-stubs only; subscripting them fails at run time.
class ProfileInline(admin.StackedInline):  # type: ignore[type-arg]
    model = Profile
    can_delete = False
    fk_name = "user"


admin.site.unregister(get_user_model())


@admin.register(get_user_model())
class PersonAdmin(UserAdmin):  # type: ignore[type-arg]
    inlines = (ProfileInline,)


admin.site.register(Service)
admin.site.site_header = "yjinspect administration"
admin.site.site_title = "yjinspect"
