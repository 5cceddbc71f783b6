from django.contrib import admin

from security.models import SecurityEvent


@admin.register(SecurityEvent)
class SecurityEventAdmin(admin.ModelAdmin):
    """The audit log, read-only: events are written by the application, never by hand."""

    list_display = ["created", "type", "user", "ip", "scope"]
    list_filter = ["type"]
    list_select_related = ["user"]
    search_fields = ["user__username", "ip"]
    date_hierarchy = "created"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
