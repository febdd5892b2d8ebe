"""A small dossier to sign: a one-page request in Vietnamese, as a PDF.

Drawn with matplotlib's PDF backend, which embeds its default sans font (DejaVu Sans, every
Vietnamese letter) as TrueType, so the page reads the same in any PDF viewer. Made without a
creation date: the same details give the same bytes, so a signature over them — and every byte
offset the notebook shows — is the same run to run.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date

from cryptography import x509
from cryptography.x509.oid import NameOID

from dvcedu import i18n
from dvcedu.pki.identity import Holder, classify, common_name, identifiers


@dataclass(frozen=True)
class Dossier:
    """What the learner fills in. ``number`` is the identifier on the certificate
    (``UID=MST:…`` or ``CCCD:…``) and ``holder`` whose it is (a ``Holder`` value): the form
    says "Mã số thuế" for an enterprise and "Số CCCD" for a citizen."""

    organisation: str
    number: str
    request: str
    place: str
    day: date
    holder: str = Holder.ENTERPRISE

    @classmethod
    def for_certificate(
        cls, cert: x509.Certificate, *, day: date, request: str | None = None
    ) -> Dossier:
        """The request of the enterprise (or person) ``cert`` names, as the portal fills it
        from the certificate: the organisation (else the common name) and the identifier."""
        subject = cert.subject
        organisation = subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)
        found = classify(identifiers(subject))
        return cls(
            organisation=str(organisation[0].value)
            if organisation
            else common_name(subject) or "?",
            number=found.identifier.partition(":")[2] or "?",
            request=request or i18n.t("dossier.default_request", "vi"),
            place=i18n.t("dossier.default_place", "vi"),
            day=day,
            holder=found.kind,
        )


_NUMBER_LABEL = {Holder.CITIZEN: "dossier.field_cccd"}
"""Whose number it is decides its label; every other holder has a tax code (MST)."""


def new_dossier(dossier: Dossier) -> bytes:
    """The filled-in request as the bytes of a one-page A4 PDF."""
    try:
        from matplotlib import rc_context
        from matplotlib.backends.backend_pdf import FigureCanvasPdf
        from matplotlib.figure import Figure
    except ImportError:  # pragma: no cover - matplotlib comes with dvcedu[notebook]
        from dvcedu.errors import ConfigError

        raise ConfigError("dossier.needs_matplotlib") from None

    figure = Figure(figsize=(8.27, 11.69))  # A4, in inches
    FigureCanvasPdf(figure)
    text = _Writer(figure)
    text.line(i18n.t("dossier.form_nation", "vi"), size=12, weight="bold", centre=True)
    text.line(i18n.t("dossier.form_motto", "vi"), size=11, centre=True, gap=0.05)
    text.line(i18n.t("dossier.form_title", "vi"), size=15, weight="bold", centre=True)
    text.line(i18n.t("dossier.form_subtitle", "vi"), size=10, centre=True, gap=0.05)
    for label, value in (
        (i18n.t("dossier.field_organisation", "vi"), dossier.organisation),
        (i18n.t(_NUMBER_LABEL.get(dossier.holder, "dossier.field_mst"), "vi"), dossier.number),
        (i18n.t("dossier.field_request", "vi"), dossier.request),
    ):
        text.line(f"{label}: {value}", size=11)
    when = i18n.t("dossier.form_date", "vi", place=dossier.place, day=dossier.day)
    text.line(when, size=11, gap=0.05, right=True)
    text.line(i18n.t("dossier.form_signer", "vi"), size=11, weight="bold", right=True)
    text.line(i18n.t("dossier.form_signer_note", "vi"), size=9, right=True)
    figure.text(
        0.5, 0.04, i18n.t("dossier.form_footer", "vi"), ha="center", size=8, color="#777777"
    )
    out = io.BytesIO()
    with rc_context({"pdf.fonttype": 42}):  # TrueType, whatever the learner's rcParams
        figure.savefig(
            out,
            format="pdf",
            metadata={"CreationDate": None, "Creator": "dvcedu", "Producer": "dvcedu (matplotlib)"},
        )
    return out.getvalue()


class _Writer:
    """Lines down the page, top to bottom."""

    def __init__(self, figure: object) -> None:
        self.figure = figure
        self.y = 0.92

    def line(
        self,
        words: str,
        *,
        size: int,
        weight: str = "normal",
        centre: bool = False,
        right: bool = False,
        gap: float = 0.035,
    ) -> None:
        x, align = (0.5, "center") if centre else (0.9, "right") if right else (0.1, "left")
        self.figure.text(x, self.y, words, ha=align, va="top", size=size, weight=weight, wrap=True)
        self.y -= gap
