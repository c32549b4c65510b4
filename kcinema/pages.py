"""Pages that several apps fill: the film page is the catalogue's facts, watch's player and
where-to-watch offers, community's share row and comments, and schema.org data drawn from all
of them; the admin's index shows what waits for staff in each app, and the pages they start
tasks from."""

from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.http import HttpRequest

from catalog import pages as catalogue
from community import queues as community_queues
from community.sharing import sharing_context
from community.views import comments_context
from importers import queues as importers_queues
from kcinema.structured_data import film_json_ld
from watch import queues as watch_queues
from watch.offers import offers_for
from watch.player import player_for


def film_page(request: HttpRequest, slug: str) -> dict[str, Any]:
    """Everything the film page shows, in the order of its sections; ?source=ID picks the
    source the player shows first, ?country=US the country whose offers are listed."""
    context = catalogue.film_page(slug)
    film, absolute = context["film"], request.build_absolute_uri
    context["player"] = player_for(film, request.GET.get("source"))
    context["offers"] = offers_for(film, request.GET.get("country"))
    context |= sharing_context(film, absolute)
    context |= comments_context(film, request)
    context["structured_data"] = film_json_ld(context, absolute)
    if picture := film.poster_picture:
        context["social_image_url"] = absolute(picture.largest_src)
    return context


def waiting_for_staff(user: AbstractBaseUser | AnonymousUser) -> list[dict[str, Any]]:
    """The queues of every app this staff member may see: label, count and filtered list (one
    count query each, whatever the size of the catalogue)."""
    return [
        queue
        for queue in [
            *community_queues.waiting_for_staff(),
            *watch_queues.waiting_for_staff(),
            *importers_queues.waiting_for_staff(),
        ]
        if user.has_perm(queue["permission"])
    ]


def tools_for_staff(user: AbstractBaseUser | AnonymousUser) -> list[dict[str, Any]]:
    """The pages staff start a task from (importing a film by its id), those this staff member
    may use."""
    return [tool for tool in importers_queues.staff_tools() if user.has_perms(tool["permissions"])]
