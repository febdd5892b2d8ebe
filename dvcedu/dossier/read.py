"""Reading a PDF the learner gave: one place where pyHanko's parse errors become dvcedu's."""

from __future__ import annotations

import io

from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader

from dvcedu.errors import DataFileError, library_detail


def reader(pdf: bytes) -> PdfFileReader:
    """A pyHanko reader over ``pdf``, or :class:`DataFileError` ("not a PDF") when the bytes do
    not parse — a renamed picture, a truncated download, a file cut by a tampering test."""
    if not pdf.startswith(b"%PDF-"):
        raise DataFileError("dossier.not_pdf", detail=repr(pdf[:8]))
    try:
        found = PdfFileReader(io.BytesIO(pdf), strict=False)
        found.embedded_signatures  # noqa: B018 - parses the form fields, where damage shows
    except (PdfError, ValueError, KeyError, IndexError, TypeError) as error:
        raise DataFileError("dossier.not_pdf", detail=library_detail(error)) from None
    return found
