"""The editors' admin site: Django's, whose index starts with what waits for staff (comments to
moderate, problem reports, takedown notices, imports to review, sources that need looking at),
which each app counts for itself (kcinema.pages.waiting_for_staff), and the pages staff start
tasks from (importing a film by its id).

No page of it opens to a password alone: a staff member must also have passed the second factor
(two_factor's sign-in wizard), and one who has no authenticator yet is sent to enrol one first.
"""

from urllib.parse import urlencode

from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from two_factor.admin import AdminSiteOTPRequiredMixin
from two_factor.utils import default_device

from kcinema.pages import tools_for_staff, waiting_for_staff


class EditorsAdminSite(AdminSiteOTPRequiredMixin, admin.AdminSite):
    site_header = "kcinema"
    site_title = "kcinema"
    index_template = "kcinema/admin_index.html"

    def index(self, request: HttpRequest, extra_context: dict | None = None) -> TemplateResponse:
        context = {
            "waiting": waiting_for_staff(request.user),
            "tools": tools_for_staff(request.user),
            **(extra_context or {}),
        }
        return super().index(request, context)

    def login(self, request: HttpRequest, extra_context: dict | None = None) -> HttpResponse:
        """Where a visitor without the admin's permission goes: staff signed in by password who
        have no authenticator to enrol one, everyone else to the two-step sign-in."""
        user = request.user
        if self.has_permission(request):
            return HttpResponseRedirect(page_asked_for(request))
        if user.is_authenticated and user.is_staff and default_device(user) is None:
            enrol = reverse("two_factor:setup")
            return HttpResponseRedirect(f"{enrol}?{urlencode({'next': page_asked_for(request)})}")
        return super().login(request, extra_context)


def page_asked_for(request: HttpRequest) -> str:
    """The admin page the sign-in was for (?next=, on this site only), else the admin's index."""
    wanted = request.GET.get(REDIRECT_FIELD_NAME, "")
    if wanted and url_has_allowed_host_and_scheme(wanted, allowed_hosts={request.get_host()}):
        return wanted
    return reverse("admin:index")
