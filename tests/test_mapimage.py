"""The words of the map's saved image: what the reader filtered, a legend and the source, plain text."""

from __future__ import annotations

import datetime as dt

from caucasus_atlas import settings
from caucasus_atlas.map.caption import IMAGE_CREDIT, caption
from caucasus_atlas.models import Source

BULLETIN = Source(
    id="bulletin", title="Bulletin May-2021", publisher="AIR Center, Baku", date="2021-05", language="en",
    path="events/sources/bulletin.txt", sha256="0" * 64,
)  # fmt: skip
MAY = {"start": dt.date(2021, 5, 1), "end": dt.date(2021, 5, 31), "today": dt.date(2026, 11, 28)}


def test_the_image_says_what_is_shown_when_and_from_which_source():
    words = caption(
        title="Incidents map", wider=False, topics=list(settings.TOPICS), topic_counts={"border": 32, "regional": 27},
        sources=[BULLETIN], **MAY,
    )  # fmt: skip
    assert words["title"] == "Caucasus Atlas · Incidents map"
    assert words["lines"] == ["59 events dated within 1–31 May 2021"]
    assert words["source"].startswith("Source: Bulletin May-2021, AIR Center, Baku, 2021-05.")
    assert words["credit"] == f"{IMAGE_CREDIT} Drawn with Caucasus Atlas on 2026-11-28."
    assert words["file"] == "caucasus-atlas_incidents-map_2021-05-01_2021-05-31.png"
    counts = [(i["topic"], i["n"]) for i in words["legend"]]
    assert counts[:3] == [("border", 32), ("regional", 27), ("reconstruction", 0)]
    assert len(words["legend"]) == len(settings.TOPICS)


def test_the_image_names_every_narrowing_of_the_filter():
    words = caption(
        title="Border & demarcation", wider=True, topics=["border"], topic_counts={"border": 1},
        narrowed_by=["search “Sev Lich”"], datasets=["acled-2021"], sources=[BULLETIN], **MAY,
    )  # fmt: skip
    assert words["lines"][0] == "1 event dated within, or only to a wider period overlapping (faded), 1–31 May 2021"
    assert words["lines"][1] == "Filter: topics: I. Border demarcation and incidents · search “Sev Lich”"
    assert words["lines"][2] == "Also drawn, as small dots: imported events from acled-2021"
    assert [i["topic"] for i in words["legend"]] == ["border"]  # the legend lists the topics in view
    assert words["file"] == "caucasus-atlas_border-demarcation_2021-05-01_2021-05-31.png"


def test_no_topic_chosen_is_said_and_no_source_is_said():
    words = caption(title="Overview", wider=False, topics=[], topic_counts={}, **MAY)
    assert words["lines"] == ["0 events dated within 1–31 May 2021", "Filter: topics: none"]
    assert words["source"] == "Source: none loaded."
