from django.urls import path

from watch import views

app_name = "watch"
urlpatterns = [
    path("watch/<int:pk>/", views.play, name="play"),
    path("watch/<int:pk>/report/", views.report, name="report"),
    path("takedown/", views.takedown, name="takedown"),
    path("takedown/confirm/<str:token>/", views.confirm_takedown, name="takedown-confirm"),
    path("takedown/counter-notice/", views.counter_notice, name="counter-notice"),
]
