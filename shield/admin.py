"""The firewall in the admin: the allow and block lists (edited through shield.lists, so every
server follows at once), the blocks (lifted by an action) and the traffic log (read-only)."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from shield.blocks import lift
from shield.lists import clean_entry, delete_entries, save_entry
from shield.models import Block, ListEntry, TrafficEntry


class ListEntryForm(forms.ModelForm):
    class Meta:
        model = ListEntry
        fields = ["action", "kind", "value", "reason", "expires_at"]

    def clean(self) -> dict:
        data = super().clean()
        entry = ListEntry(kind=data.get("kind") or "", value=data.get("value") or "")
        try:
            clean_entry(entry)
        except ValidationError as error:
            self.add_error("value", error)
        return data


@admin.register(ListEntry)
class ListEntryAdmin(admin.ModelAdmin):
    form = ListEntryForm
    list_display = ["value", "action", "kind", "reason", "expires_at", "created_at", "created_by"]
    list_filter = ["action", "kind"]
    search_fields = ["value", "reason"]
    fields = ["action", "kind", "value", "reason", "expires_at"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user.get_username()
        save_entry(obj)

    def delete_model(self, request, obj):
        delete_entries(ListEntry.objects.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset):
        delete_entries(queryset)


@admin.register(Block)
class BlockAdmin(admin.ModelAdmin):
    list_display = ["group", "reason", "level", "started_at", "ends_at", "lifted_at", "lifted_by"]
    list_filter = ["reason", "started_at"]
    search_fields = ["group"]
    actions = ["lift_blocks"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Lift the selected blocks"), permissions=["delete"])
    def lift_blocks(self, request, queryset):
        for group in set(queryset.values_list("group", flat=True)):
            lift(group, by=f"admin: {request.user.get_username()}")


@admin.register(TrafficEntry)
class TrafficEntryAdmin(admin.ModelAdmin):
    list_display = ["at", "group", "method", "path", "kind", "status", "user_agent"]
    list_filter = ["kind", "status", "method", "at"]
    search_fields = ["group", "path", "user_agent"]
    date_hierarchy = "at"
    show_full_result_count = False  # a big log is not counted on every page

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
