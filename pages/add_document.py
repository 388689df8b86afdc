"""Add a document: paste or upload a statement, see one proposed record per sentence beside a map of its
places, accept or edit each, and save the text and the records into the data folder (checked first; on
only where uploads are: the same curator gate as the Data page's importer)."""

import streamlit as st

from caucasus_atlas import settings, ui
from caucasus_atlas.ui import adddoc, imported
from caucasus_atlas.ui import state as keys

data = ui.frames()
ui.page_header(
    "Add a document",
    data,
    caption="A new statement in minutes: every proposal comes from the document's own words and says why; you "
    "decide, and nothing is saved that does not pass the validator.",
)
adddoc.saved_note()
if imported.writer() is None:
    st.stop()
root = settings.data_root()
atlas, _ = adddoc.atlas_for(root)
adddoc.document_form(atlas)
made = st.session_state.get(keys.DRAFT)
if made:
    table, map_side = st.columns([3, 2])
    with table:
        made = adddoc.proposals_table(made, atlas)
        adddoc.repeats_warning(root, made)
        adddoc.gazetteer_search(atlas, made)
        adddoc.stated_values(atlas, made)
    with map_side:
        adddoc.preview_map(root, made, data)
        adddoc.map_pick(atlas, made)
    made = adddoc.source_title(made)
    adddoc.save_and_download(root, made)
