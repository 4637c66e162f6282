from django.contrib import admin
from django.contrib.auth.models import Group, User

# Django users and groups here are mirrors of LiteLLM users and their roles, rebuilt at every
# request from LiteLLM_UserTable: editing them in the admin would be undone, so they are not
# offered. People and roles are managed on LiteLLM's user rows ("Users" under Users).
admin.site.unregister(User)
admin.site.unregister(Group)
