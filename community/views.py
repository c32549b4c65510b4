"""Posting comments (with or without JavaScript), the proof-of-work challenge, replying, and
the form's tokens: the film page is the same bytes for every anonymous visitor (the page cache
keeps it), so its comment form carries no token of anyone's; the comment script asks for them
(`tokens`), and a visitor without it writes on a page of its own (`new`), made for them."""

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from catalog.models import Film
from community.challenge import new_challenge
from community.forms import CommentForm, missing_fields_message
from community.models import Comment
from community.moderation import Refusal, Submission, form_token, post_comment
from community.threads import comment_section
from shield import offences
from shield.offences import record_offence
from shield.ratelimits import allow_request, client_address
from shield.staffmail import request_origin

# Refusals that count against the sender's address in the shield (a person's double submit or
# a form left open for a day does not).
OFFENCES = {
    "honeypot": offences.REFUSED_FORM,
    "too_fast": offences.REFUSED_FORM,
    "challenge": offences.CHALLENGE,
    "rate_address": offences.RATE_LIMITED,
    "rate_email": offences.RATE_LIMITED,
}
OWN_COMMENTS_COOKIE = "kcinema_own_comments"
OWN_COMMENTS_KEPT = 20
CHALLENGES_PER_MINUTE = 30


def own_comment_ids(request: HttpRequest) -> list[int]:
    """The visitor's own recent comments, from a signed cookie: shown to them while pending."""
    value = request.get_signed_cookie(OWN_COMMENTS_COOKIE, default="", salt=OWN_COMMENTS_COOKIE)
    return [int(part) for part in value.split(",") if part.isdigit()][:OWN_COMMENTS_KEPT]


def comments_context(film: Film, request: HttpRequest) -> dict:
    """The film page's comment section: its threads as this visitor sees them, and the form,
    without tokens: the comment script fetches them from `token_url`."""
    section = comment_section(
        film, request.GET.get("comments"), request.GET.get("cpage"), own_comment_ids(request)
    )
    return {
        "comments": section,
        "form": CommentForm(film=film),
        "form_token": "",
        "token_url": reverse("community:tokens", args=[film.slug]),
    }


def wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def refuse(request, film, form, message: str, status: int) -> HttpResponse:
    if wants_json(request):
        errors = {field: [str(e) for e in errs] for field, errs in form.errors.items()}
        return JsonResponse({"message": message, "errors": errors}, status=status)
    context = {"film": film, "form": form, "message": message, "form_token": form_token(film)}
    return render(request, "community/post_failed.html", context, status=status)


@require_POST
def post(request: HttpRequest, slug: str) -> HttpResponse:
    film = get_object_or_404(Film.objects.published(), slug=slug)
    form = CommentForm(request.POST, film=film)
    if not form.is_valid():
        return refuse(request, film, form, missing_fields_message(form), 400)
    data = form.cleaned_data
    submission = Submission(
        film=film,
        parent=data["parent"],
        name=data["name"],
        email=data["email"],
        website=data["website"],
        body=data["body"],
        address=client_address(request),
        form_token=data["form_token"],
        honeypot=data["homepage"],
        proof_of_work=data["proof_of_work"],
        year_answer=data["year"],
        origin=request_origin(request),
    )
    try:
        comment = post_comment(submission)
    except Refusal as refusal:
        if kind := OFFENCES.get(refusal.reason):
            record_offence(request, kind, status=refusal.status)
        return refuse(request, film, form, str(refusal.message), refusal.status)
    if wants_json(request):
        html = render_to_string(
            "community/_comment.html",
            {"node": {"comment": comment, "replies": []}, "own": True},
            request=request,
        )
        response = JsonResponse(
            {"id": comment.pk, "parent": comment.parent_id, "status": comment.status, "html": html},
            status=201,
        )
    else:
        response = HttpResponseRedirect(comment.get_absolute_url())
        response.status_code = 303  # See Other: the browser fetches the film page with GET
    own = [comment.pk, *own_comment_ids(request)][:OWN_COMMENTS_KEPT]
    response.set_signed_cookie(
        OWN_COMMENTS_COOKIE,
        ",".join(map(str, own)),
        salt=OWN_COMMENTS_COOKIE,
        max_age=30 * 24 * 3600,
        httponly=True,
        samesite="Lax",
    )
    return response


@require_GET
@never_cache
def challenge(request: HttpRequest) -> JsonResponse:
    if not allow_request(request, "comment-challenge", CHALLENGES_PER_MINUTE, 60):
        return JsonResponse({"message": "Too many requests"}, status=429)
    return JsonResponse(new_challenge())


@require_GET
@never_cache
def tokens(request: HttpRequest, slug: str) -> JsonResponse:
    """The comment form's tokens for this visitor, asked for by the comment script of a film
    page that may have come from a cache: the CSRF token (its cookie is set with it) and the
    signed time the form was begun."""
    film = get_object_or_404(Film.objects.published(), slug=slug)
    return JsonResponse({"csrfmiddlewaretoken": get_token(request), "form_token": form_token(film)})


@require_GET
@never_cache
def new(request: HttpRequest, slug: str) -> HttpResponse:
    """Writing a comment without JavaScript: the form, with this visitor's tokens."""
    film = get_object_or_404(Film.objects.published(), slug=slug)
    context = {"film": film, "form": CommentForm(film=film), "form_token": form_token(film)}
    return render(request, "community/new.html", context)


@require_GET
@never_cache
def reply(request: HttpRequest, pk: int) -> HttpResponse:
    """Replying without JavaScript: the comment, and the form set to answer it."""
    parent = get_object_or_404(
        Comment.objects.approved().select_related("film").filter(film__published=True), pk=pk
    )
    form = CommentForm(initial={"parent": parent.pk}, film=parent.film)
    context = {
        "film": parent.film,
        "parent": parent,
        "parent_node": {"comment": parent, "replies": []},
        "form": form,
        "form_token": form_token(parent.film),
    }
    return render(request, "community/reply.html", context)
