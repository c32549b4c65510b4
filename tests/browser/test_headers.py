"""The browser reads every header the site sends without complaint."""

from tests.factories import VideoSourceFactory


def test_chromium_knows_every_feature_the_permissions_policy_names(open_page, live_server):
    source = VideoSourceFactory()
    page = open_page(1280, 800)
    warnings = []
    page.on("console", lambda message: warnings.append(message.text))
    for path in ("/", source.film.get_absolute_url()):
        page.goto(live_server.url + path)
        page.wait_for_load_state("load")
    assert [text for text in warnings if "Permissions-Policy" in text] == []
