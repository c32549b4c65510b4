"""What visitors' browsers send to the comment form, for the tests that post comments."""

from community.challenge import new_challenge, solve
from community.moderation import form_token


def comment_form(film, **fields):
    """What a browser with JavaScript sends."""
    data = {
        "name": "Kim Viewer",
        "email": "viewer@example.org",
        "website": "",
        "body": "This film made me cry twice.",
        "form_token": form_token(film),
        "homepage": "",
        "proof_of_work": solve(new_challenge()),
        "year": "",
        "parent": "",
    }
    data.update(fields)
    return data
