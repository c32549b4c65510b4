from urllib.parse import parse_qs, urlsplit

import pytest
from django.utils import translation

from community.sharing import share_links
from tests.factories import miracle_in_cell_no_7

URL = "https://films.example.org/ko/films/miracle-in-cell-no-7-2013/"


def test_every_network_gets_the_address_and_title_encoded():
    links = {link.network: link.href for link in share_links(URL, "7번방의 선물 (2013)")}
    assert set(links) == {"line", "x", "facebook", "reddit", "whatsapp", "telegram", "email"}
    assert parse_qs(urlsplit(links["x"]).query) == {"url": [URL], "text": ["7번방의 선물 (2013)"]}
    assert parse_qs(urlsplit(links["facebook"]).query) == {"u": [URL]}
    assert parse_qs(urlsplit(links["whatsapp"]).query) == {"text": [f"7번방의 선물 (2013) {URL}"]}
    assert links["email"].startswith("mailto:?subject=7%EB%B2%88")
    assert all(" " not in href for href in links.values())


def test_share_title_cannot_break_out_of_the_link():
    links = share_links(URL, '"><script>alert(1)</script>&x=')
    assert all("<" not in link.href and '"' not in link.href for link in links)


@pytest.mark.django_db
def test_film_page_has_a_share_row_without_third_party_scripts(client):
    film = miracle_in_cell_no_7()
    with translation.override("ko"):
        url = film.get_absolute_url()
    html = client.get(url).text
    share = html.split('class="share"', 1)[1].split("</section>", 1)[0]
    assert (
        'href="https://social-plugins.line.me/lineit/share?url=http%3A%2F%2Ftestserver%2Fko%2Ffilms%2F'
        in share
    )
    assert 'rel="noopener noreferrer nofollow"' in share
    assert 'value="http://testserver/ko/films/miracle-in-cell-no-7-2013/"' in share
    assert "KakaoTalk" in share and "링크 복사" in share
    scripts = [line for line in html.splitlines() if "<script" in line]
    assert all('src="/static/' in line or "application/ld+json" in line for line in scripts)
