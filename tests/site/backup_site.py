"""A small site with a row of everything worth backing up, and a full description of it, for
the backup tests: run in a child process against a data directory of its own
(`python -m tests.site.backup_site build|describe`)."""

import hashlib
import io
import json
import os
import sys
from pathlib import Path


def build() -> None:
    from django.contrib.auth.models import User
    from django.core.files.base import ContentFile
    from PIL import Image

    from community.models import BlockedWord
    from shield.models import FirewallSwitch, ListEntry
    from tests.factories import (
        CommentFactory,
        OfferFactory,
        PersonFactory,
        VideoSourceFactory,
        miracle_in_cell_no_7,
    )
    from tests.watch.notices import notice_hiding
    from watch.models import BlockedClaimant, TrustedClaimant

    film = miracle_in_cell_no_7()
    buffer = io.BytesIO()
    Image.new("RGB", (300, 450), (180, 40, 30)).save(buffer, "JPEG")
    film.poster.save("miracle.jpg", ContentFile(buffer.getvalue()))
    person = PersonFactory(name="Bae Doona", name_ko="배두나")
    buffer = io.BytesIO()
    Image.new("RGB", (200, 200), (20, 40, 130)).save(buffer, "PNG")
    person.photo.save("bae-doona.png", ContentFile(buffer.getvalue()))
    source = VideoSourceFactory(film=film)
    hidden = VideoSourceFactory(film=film, video_id="takendown01")
    OfferFactory(film=film)
    comment = CommentFactory(film=film, body="아빠 최고! The best father.")
    CommentFactory(film=film, parent=comment, body="A reply, in the thread.")
    notice_hiding(hidden)
    assert source.pk != hidden.pk
    FirewallSwitch.objects.update_or_create(pk=1, defaults={"changed_by": "backup test"})
    ListEntry.objects.create(action="block", value="203.0.113.9", reason="backup test")
    BlockedWord.objects.create(word="casino")
    TrustedClaimant.objects.create(
        organisation="Example Pictures", email_domain="example.org", token_hash="ab" * 32
    )
    BlockedClaimant.objects.create(address="spam.example", reason="griefing")
    User.objects.create_user("editor", "editor@example.org", "a long password", is_staff=True)


def describe() -> dict:
    """Every row of every model (dumpdata) and every media file's checksum."""
    from django.conf import settings
    from django.core.management import call_command

    out = io.StringIO()
    call_command("dumpdata", "--all", stdout=out)
    media_root = Path(settings.MEDIA_ROOT)
    media = {
        str(path.relative_to(media_root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(media_root.rglob("*"))
        if path.is_file()
    }
    return {"rows": json.loads(out.getvalue()), "media": media}


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kcinema.settings")
    import django

    django.setup()
    if sys.argv[1] == "build":
        build()
    else:
        json.dump(describe(), sys.stdout)
