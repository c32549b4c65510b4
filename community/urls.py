from django.urls import path

from community import views

app_name = "community"
urlpatterns = [
    path("films/<uslug:slug>/comments/", views.post, name="post"),
    path("films/<uslug:slug>/comments/new/", views.new, name="new"),
    path("films/<uslug:slug>/comments/tokens/", views.tokens, name="tokens"),
    path("comments/challenge/", views.challenge, name="challenge"),
    path("comments/<int:pk>/reply/", views.reply, name="reply"),
]
