"""About the data: whose document this is, how it was coded, where every coordinate comes from."""

import streamlit as st

from caucasus_atlas import ui

data = ui.frames()
st.title("About the data")
ui.banner(data)
ui.problems(data)
ui.about(data)
