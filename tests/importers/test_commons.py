"""importers.sources.commons: Commons files' names and addresses, and which licences let
kcinema copy an image (tests/importers/fixtures/wikidata/commons_imageinfo.json)."""

import json
from pathlib import Path

import httpx
import pytest

from importers.http import SourceClient
from importers.sources import commons

ANSWER = json.loads(
    (Path(__file__).parent / "fixtures" / "wikidata" / "commons_imageinfo.json").read_text()
)


@pytest.mark.parametrize(
    "value",
    [
        "Sir Tim Berners-Lee (cropped).jpg",
        "Sir_Tim_Berners-Lee_(cropped).jpg",
        "http://commons.wikimedia.org/wiki/Special:FilePath/Sir%20Tim%20Berners-Lee%20%28cropped%29.jpg",
        "https://commons.wikimedia.org/wiki/Special:FilePath/Sir_Tim_Berners-Lee_%28cropped%29.jpg?width=960",
    ],
)
def test_a_file_is_named_alike_whichever_way_it_comes(value):
    assert commons.file_name(value) == "Sir Tim Berners-Lee (cropped).jpg"


@pytest.mark.parametrize("value", ["", "   ", "a/b.jpg", "a|b.jpg", "[[File:x.jpg]]"])
def test_what_cannot_be_a_file_name_is_none(value):
    assert commons.file_name(value) == ""


def test_a_file_is_downloaded_960_pixels_wide_and_credited_on_its_page():
    url = commons.file_url("Parasite poster (2019).png")
    assert url == (
        "https://commons.wikimedia.org/wiki/Special:FilePath/"
        "Parasite_poster_%282019%29.png?width=960"
    )
    assert commons.file_page(url) == (
        "https://commons.wikimedia.org/wiki/File:Parasite_poster_%282019%29.png"
    )


@pytest.mark.parametrize(
    ("short_name", "licence_id", "may_copy"),
    [
        ("Public domain", "pd", True),
        ("CC0", "cc0", True),
        ("CC BY 4.0", "cc-by-4.0", True),
        ("CC BY-SA 2.0", "cc-by-sa-2.0", True),
        ("CC BY-SA 3.0 igo", "cc-by-sa-3.0-igo", True),
        ("CC BY-NC 4.0", "cc-by-nc-4.0", False),
        ("CC BY-ND 4.0", "cc-by-nd-4.0", False),
        ("Fair use", "", False),
        ("GFDL", "gfdl", False),  # free, but not one kcinema knows how to credit
        ("", "", False),
    ],
)
def test_only_licences_known_free_may_be_copied(short_name, licence_id, may_copy):
    metadata = {
        "LicenseShortName": {"value": short_name, "source": "commons-desc-page"},
        "License": {"value": licence_id, "source": "commons-templates"},
    }
    assert commons.image_record("X.jpg", metadata).may_copy is may_copy


def test_a_file_commons_calls_non_free_is_never_copied():
    metadata = {"LicenseShortName": {"value": "Public domain"}, "NonFree": {"value": "true"}}
    assert not commons.image_record("X.jpg", metadata).may_copy


def test_the_answer_gives_each_file_asked_for_by_the_name_it_was_asked_by():
    found = commons.read_imageinfo(ANSWER)
    assert set(found) == {
        "The Imaginary Miracle (2013) poster.jpg",
        "the Imaginary Miracle set photograph.jpg",  # normalized: asked with a small t
    }  # the missing file is left out
    poster = found["The Imaginary Miracle (2013) poster.jpg"]
    assert (poster.licence, poster.credit, poster.may_copy) == (
        "CC BY-SA 4.0",
        "Kim Min-ji & Lee Ha-na",
        True,
    )


def test_licences_are_asked_fifty_files_a_call():
    asked: list[list[str]] = []

    def commons_api(request: httpx.Request) -> httpx.Response:
        asked.append(request.url.params["titles"].split("|"))
        return httpx.Response(200, json={"query": {"pages": []}})

    client = SourceClient("wikidata", transport=httpx.MockTransport(commons_api))
    commons.licensed(client, [f"File {n:03}.jpg" for n in range(120)])
    assert [len(titles) for titles in asked] == [50, 50, 20]
    assert asked[0][0] == "File:File 000.jpg"
