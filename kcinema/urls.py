"""Addresses: English pages at /, Korean ones under /ko/ (the admin too); media outside both."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path

from kcinema import views

admin.site.site_header = "kcinema"
admin.site.site_title = "kcinema"

urlpatterns = [
    re_path(r"^media/(?P<path>.+)$", views.media, name="media"),
    path("favicon.ico", views.favicon),
]
urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    path("", include("catalog.urls")),
    path("", include("search.urls")),
    path("", include("watch.urls")),
    path("about/", views.about, name="about"),
    prefix_default_language=False,
)
