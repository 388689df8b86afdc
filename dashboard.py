"""Caucasus Atlas: the entry point. Run with `make run` (or `streamlit run dashboard.py`)."""

import streamlit as st

from caucasus_atlas import ui
from caucasus_atlas.fairness import GATE
from caucasus_atlas.ui.turns import session_id

# Page files are named apart from their url paths: with a plain `streamlit run`, the very first request
# after the server starts is resolved against the pages/ folder (MPA v1) before st.navigation runs
# (`python -m caucasus_atlas serve`, which `make run` uses, avoids that).
home = st.Page("pages/home.py", title="Overview", icon=":material/dashboard:", url_path="index", default=True)


def _overview_address() -> None:
    """`/overview` opened directly: Streamlit serves the default page only at `/`, so send it there, keeping
    the address's filters."""
    st.switch_page(home, query_params={key: st.query_params.get_all(key) for key in st.query_params})


pages = [
    home,
    st.Page("pages/incidents_map.py", title="Incidents map", icon=":material/map:", url_path="map"),
    st.Page(
        "pages/border_demarcation.py", title="Border & demarcation", icon=":material/border_style:", url_path="border"
    ),
    st.Page(
        "pages/reconstruction_sites.py",
        title="Reconstruction",
        icon=":material/construction:",
        url_path="reconstruction",
    ),
    st.Page("pages/chronology.py", title="Timeline", icon=":material/timeline:", url_path="timeline"),
    st.Page("pages/source_reader.py", title="Source reader", icon=":material/article:", url_path="source"),
    st.Page("pages/data_export.py", title="Data", icon=":material/table:", url_path="data"),
    st.Page("pages/add_document.py", title="Add a document", icon=":material/note_add:", url_path="add"),
    st.Page("pages/about_atlas.py", title="About", icon=":material/info:", url_path="about"),
    st.Page(_overview_address, title="Overview", url_path="overview", visibility="hidden"),
]
# Every run waits for its turn: sessions that used the server least lately go first, so a visitor asking
# for reruns fast cannot stall the others (caucasus_atlas/fairness.py). Nothing is drawn before the turn,
# so a newer request from the same session stops a waiting run at its first element (coalesced).
with GATE.turn(session_id()):
    st.set_page_config(page_title="Caucasus Atlas", page_icon="static/favicon.png", layout="wide")
    page = st.navigation(pages)
    ui.page_style()
    ui.entry_sidebar()
    page.run()
