from django.urls import path

from community import views

app_name = "community"
urlpatterns = [
    path("films/<uslug:slug>/comments/", views.post, name="post"),
    path("comments/challenge/", views.challenge, name="challenge"),
    path("comments/<int:pk>/reply/", views.reply, name="reply"),
]
