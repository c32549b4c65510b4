"""The comment section of a film page: threads, newest or oldest first, paginated, in a fixed
number of queries whatever the number of comments."""

from dataclasses import dataclass, field

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import Q

from catalog.models import Film
from community.models import Comment

ORDERS = {"oldest": ("created_at", "id"), "newest": ("-created_at", "-id")}


@dataclass
class Node:
    comment: Comment
    replies: list["Node"] = field(default_factory=list)


@dataclass
class CommentSection:
    count: int
    page: Page
    threads: list[Node]
    order: str


def comment_section(
    film: Film, order: str | None, page_number: str | None, own_ids: list[int]
) -> CommentSection:
    """Approved comments, plus the visitor's own ones still awaiting moderation."""
    order = order if order in ORDERS else "oldest"
    visible = Q(status=Comment.Status.APPROVED) | Q(pk__in=own_ids[:50])
    comments = Comment.objects.filter(film=film).filter(visible)
    top_level = comments.filter(parent=None).order_by(*ORDERS[order])
    per_page = settings.COMMENTS_PER_PAGE
    page = Paginator(top_level, per_page).get_page(page_number)
    threads = [Node(comment) for comment in page.object_list]
    nodes = {node.comment.pk: node for node in threads}
    # All replies of the page's threads in one query (the threads as a subquery).
    start = (page.number - 1) * per_page
    shown = top_level.values("pk")[start : start + per_page]
    replies = comments.filter(thread__in=shown).order_by("created_at", "id") if threads else []
    for reply in replies:
        node = Node(reply)
        nodes[reply.pk] = node
        if parent := nodes.get(reply.parent_id):
            parent.replies.append(node)
    count = Comment.objects.approved().filter(film=film).count()
    return CommentSection(count=count, page=page, threads=threads, order=order)
