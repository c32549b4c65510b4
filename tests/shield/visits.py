"""Requests from a given address, and what the block page carries, for the firewall's tests."""

import html
import re

CHALLENGE = re.compile(r'data-challenge="([^"]*)"')


def visit(client, path, address="203.0.113.7", **extra):
    return client.get(path, REMOTE_ADDR=address, **extra)


def challenge_on(page) -> dict | None:
    import json

    found = CHALLENGE.search(page.content.decode())
    return json.loads(html.unescape(found.group(1))) if found else None
