"""Moderation: approve, reject, mark as spam or edit comments in bulk; reply as staff."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from catalog.admin import FilmPartAdmin
from community.models import BlockedWord, Comment
from community.moderation import reply_as_staff, save_edited, set_status


class CommentAdminForm(forms.ModelForm):
    staff_reply = forms.CharField(
        label=_("Reply as staff"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Posted under this comment, approved, in your name."),
    )

    class Meta:
        model = Comment
        fields = ["name", "website", "body", "status"]


@admin.register(Comment)
class CommentAdmin(FilmPartAdmin):
    form = CommentAdminForm
    list_display = ["name", "film", "excerpt", "status", "created_at"]
    list_filter = ["status", "created_at"]
    search_fields = ["name", "body", "film__title", "film__original_title"]
    list_select_related = ["film"]
    readonly_fields = ["film", "parent", "created_at"]
    fields = ["film", "parent", "created_at", "name", "website", "body", "status", "staff_reply"]
    actions = ["approve", "reject", "mark_spam"]

    @admin.display(description=_("comment"))
    def excerpt(self, comment: Comment) -> str:
        return comment.body[:80]

    def save_model(self, request, obj, form, change):
        save_edited(obj)
        if text := form.cleaned_data.get("staff_reply", "").strip():
            reply_as_staff(obj, author=request.user, body=text)

    @admin.action(description=_("Approve"))
    def approve(self, request, queryset):
        set_status(queryset, Comment.Status.APPROVED)

    @admin.action(description=_("Reject"))
    def reject(self, request, queryset):
        set_status(queryset, Comment.Status.REJECTED)

    @admin.action(description=_("Mark as spam"))
    def mark_spam(self, request, queryset):
        set_status(queryset, Comment.Status.SPAM)


@admin.register(BlockedWord)
class BlockedWordAdmin(admin.ModelAdmin):
    search_fields = ["word"]
