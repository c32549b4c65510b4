"""The editors' admin site: Django's, whose index starts with what waits for staff (comments to
moderate, problem reports, takedown notices, sources that need looking at), which each app
counts for itself (kcinema.pages.waiting_for_staff)."""

from django.contrib import admin
from django.http import HttpRequest
from django.template.response import TemplateResponse

from kcinema.pages import waiting_for_staff


class EditorsAdminSite(admin.AdminSite):
    site_header = "kcinema"
    site_title = "kcinema"
    index_template = "kcinema/admin_index.html"

    def index(self, request: HttpRequest, extra_context: dict | None = None) -> TemplateResponse:
        context = {"waiting": waiting_for_staff(request.user), **(extra_context or {})}
        return super().index(request, context)
