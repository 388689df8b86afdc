"""What the tests of drafting and of the Add a document page share."""

from __future__ import annotations

import datetime as dt

from caucasus_atlas import settings

#: The Add a document page.
PAGE = str(settings.PROJECT_ROOT / "pages" / "add_document.py")
#: The publication day of the drafting tests' statements (a Friday: weekdays resolve against it).
FRIDAY = dt.date(2021, 7, 16)
