"""Caucasus Atlas: the entry point. Run with `make run` (or `streamlit run dashboard.py`)."""

import streamlit as st

st.set_page_config(page_title="Caucasus Atlas", page_icon="static/favicon.png", layout="wide")

pages = [
    st.Page("pages/incidents_map.py", title="Incidents map", icon=":material/map:", default=True),
    st.Page("pages/about.py", title="About the data", icon=":material/description:"),
]
st.navigation(pages).run()
