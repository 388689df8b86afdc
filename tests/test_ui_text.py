"""Data text rendered as Markdown shows as written: escaped, one paragraph."""

from caucasus_atlas.ui import md_escape


def test_md_escape_folds_breaks_and_escapes_markdown_and_maths():
    assert md_escape("costs \\$2 *billion*\n\nnext page") == "costs \\\\\\$2 \\*billion\\* next page"
    assert md_escape("  # not a heading ") == "\\# not a heading"
