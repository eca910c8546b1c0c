"""The email that carries a report: composed from plain data, written as an ``.eml`` draft.

:func:`compose` builds an RFC 5322 message (UTF-8, ``multipart/mixed``): the
Subject names the report, the Indonesian body says what is attached, how many
indicators fall in each kategori and how many warnings the report has, and is
signed with the signature keys' Jabatan and Nama. ``X-Unsent: 1`` makes
Outlook open the file as a draft to review and send; Thunderbird and other
clients open ``.eml`` files too. :func:`write_draft` writes it beside the report.

Every piece of spreadsheet text passes :func:`~lkt_excel.mail.text.one_line`
before it reaches a header or the body, so a line break in Instansi can never
add a header. The message is 7-bit clean (the body quoted-printable, the
attachments base64, non-ASCII header text as encoded words), so any relay
takes it unchanged.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import EmailPolicy
from email.utils import format_datetime, localtime
from pathlib import Path
from typing import TYPE_CHECKING

from lkt_excel.core.model import ROMAN
from lkt_excel.core.numbers import format_id
from lkt_excel.core.problems import listed
from lkt_excel.files import write_atomically
from lkt_excel.mail.addresses import comparable, is_address
from lkt_excel.mail.text import one_line

if TYPE_CHECKING:
    from lkt_excel.core.capaian import CapaianResult
    from lkt_excel.core.model import Band

UNSENT_HEADER = "X-Unsent"
DRAFT_SUFFIX = ".eml"
CATATAN_SHEET = "Catatan"  # the report's sheet of warnings, named in the body

# By suffix, never from the mimetypes module: on Windows it reads the registry,
# where an installed program may have mapped .xlsx to something else.
MIME_TYPES = {
    ".xlsx": ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ".pdf": ("application", "pdf"),
}
_FORMAT_NAMES = {".xlsx": "Excel", ".pdf": "PDF"}
_PARAMETER_HEADERS = frozenset({"content-type", "content-disposition"})
_LONGEST_LINE = 998  # RFC 5322 2.1.1: the limit; 78 is only a "should"


class _OneLineParameters(EmailPolicy):
    """The standard policy, except that an attachment's headers stay on one line.

    A report's name is long ("LKT Dinas Koperasi ... 2021 TW IV.xlsx"): folded
    at 78 columns, :mod:`email` splits the file name into RFC 2231 pieces
    (``filename*0*=...; filename*1*=...``), which some Outlook versions show as
    ``ATT00001``. On one line it stays ``filename="LKT ... TW IV.xlsx"``. Every
    other header (the Subject's encoded words) folds as usual.
    """

    def _fold(self, name: str, value: object, refold_binary: bool = False) -> str:
        policy = (
            self.clone(max_line_length=_LONGEST_LINE)
            if name.lower() in _PARAMETER_HEADERS
            else self
        )
        return EmailPolicy._fold(policy, name, value, refold_binary)  # type: ignore[attr-defined]


POLICY = _OneLineParameters()  # what email.policy.default is, plus the one change


def subject(*, triwulan: int, tahun: int, instansi: str, wilayah: str) -> str:
    """``Laporan Kinerja Triwulan IV Tahun 2021 — Dinas Koperasi ... Kabupaten Malang``."""
    if triwulan not in ROMAN:
        raise ValueError(f"triwulan must be 1-4, got {triwulan!r}")
    title = f"Laporan Kinerja Triwulan {ROMAN[triwulan]} Tahun {int(tahun)}"
    who = one_line(f"{one_line(instansi)} {one_line(wilayah)}")
    return f"{title} — {who}" if who else title


def compose(
    *,
    triwulan: int,
    tahun: int,
    instansi: str,
    wilayah: str,
    to: Sequence[str] = (),
    cc: Sequence[str] = (),
    kategori: Mapping[str, int],
    warnings: int,
    jabatan: str = "",
    nama: str = "",
    workbook: Path,
    pdf: Path | None = None,
    uncategorized: int = 0,
    sender: str | None = None,
    date: datetime | None = None,
) -> EmailMessage:
    """The report's email, ready to write as a draft or to send.

    ``to``/``cc``: addresses as :func:`~lkt_excel.mail.addresses.parse_addresses`
    returns them (a bad one here is a programming error: ValueError); no ``to``
    gives a draft without To, for the clerk to fill in. An address in both keeps
    only its To. ``kategori``: indicators per kategori name in band order (zero
    counts are left out of the sentence); ``uncategorized``: indicators whose
    capaian could not be reckoned. ``sender``: a From for the draft (sending
    sets its own). ``date``: the Date header, now by default.
    """
    for address in (*to, *cc):
        if not is_address(address):
            raise ValueError(f"not a bare address: {address!r}; parse it with parse_addresses")
    in_to = {comparable(a) for a in to}
    cc = [a for a in cc if comparable(a) not in in_to]

    message = EmailMessage(policy=POLICY)
    message["Subject"] = subject(triwulan=triwulan, tahun=tahun, instansi=instansi, wilayah=wilayah)
    if sender:
        message["From"] = sender
    if to:
        message["To"] = [Address(addr_spec=a) for a in to]
    if cc:
        message["Cc"] = [Address(addr_spec=a) for a in cc]
    message["Date"] = format_datetime(date or localtime())
    message[UNSENT_HEADER] = "1"

    attachments = [Path(workbook), *([Path(pdf)] if pdf is not None else [])]
    text = body(
        triwulan=triwulan,
        tahun=tahun,
        instansi=instansi,
        wilayah=wilayah,
        kategori=kategori,
        uncategorized=uncategorized,
        warnings=warnings,
        jabatan=jabatan,
        nama=nama,
        attachments=[p.name for p in attachments],
    )
    message.set_content(text, charset="utf-8", cte="quoted-printable")
    for path in attachments:
        maintype, subtype = MIME_TYPES.get(path.suffix.lower(), ("application", "octet-stream"))
        message.add_attachment(
            path.read_bytes(), maintype=maintype, subtype=subtype, filename=one_line(path.name)
        )
    return message


def body(
    *,
    triwulan: int,
    tahun: int,
    instansi: str,
    wilayah: str,
    kategori: Mapping[str, int],
    warnings: int,
    jabatan: str,
    nama: str,
    attachments: Sequence[str],
    uncategorized: int = 0,
) -> str:
    """The Indonesian text of the message (lines end in ``\\n``)."""
    who = one_line(f"{one_line(instansi)} {one_line(wilayah)}")
    report = f"Laporan Kinerja Triwulan {ROMAN[triwulan]} Tahun {int(tahun)}"
    report = f"{report} {who}" if who else report
    paragraphs = [
        "Yth. Bapak/Ibu,",
        f"Dengan hormat, bersama surel ini kami sampaikan {report}. {_attached(attachments)}",
        f"{_indicators(kategori, uncategorized)} {_warnings(warnings)}",
        "Atas perhatian Bapak/Ibu, kami ucapkan terima kasih.",
    ]
    signature = [line for line in (one_line(jabatan), one_line(nama)) if line]
    closing = "\n".join(["Hormat kami,", *(signature or ([who] if who else []))])
    return "\n\n".join([*paragraphs, closing]) + "\n"


def _attached(names: Sequence[str]) -> str:
    """``Terlampir laporan dalam format Excel (a.xlsx) dan PDF (a.pdf).``"""
    parts = [
        f"{_FORMAT_NAMES.get(Path(name).suffix.lower(), 'berkas')} ({one_line(name)})"
        for name in names
    ]
    return f"Terlampir laporan dalam format {listed(parts)}."


def _indicators(kategori: Mapping[str, int], uncategorized: int) -> str:
    """``Laporan memuat 12 indikator kinerja: 5 berkategori Sangat Tinggi, 4 Tinggi ...``."""
    counted = [(one_line(name), int(n)) for name, n in kategori.items() if int(n) > 0]
    total = sum(n for _, n in counted) + int(uncategorized)
    if not total:
        return "Laporan ini belum memuat indikator kinerja."
    items = [
        f"{format_id(n)} {'berkategori ' if i == 0 else ''}{name}"
        for i, (name, n) in enumerate(counted)
    ]
    if uncategorized:
        items.append(
            f"{format_id(int(uncategorized))} belum berkategori karena capaiannya tidak dapat "
            "dihitung"
        )
    return f"Laporan memuat {format_id(total)} indikator kinerja: {listed(items)}."


def _warnings(count: int) -> str:
    if not count:
        return "Tidak ada catatan peringatan."
    return (
        f"Terdapat {format_id(int(count))} catatan peringatan; rinciannya ada di lembar "
        f"{CATATAN_SHEET}."
    )


def kategori_counts(capaian: CapaianResult, bands: Sequence[Band]) -> tuple[dict[str, int], int]:
    """Indicators per kategori name in band order (zeros included), and those without one.

    An indicator's kategori is that of its last row in sheet ``Capaian``: the
    TOTAL when the report has one, else the last quarter reported.
    """
    counts = {band.name: 0 for band in bands}
    uncategorized = 0
    for item in capaian.indicators:
        band = item.rows[-1].band if item.rows else None
        if band is None:
            uncategorized += 1
        else:
            counts[band.name] = counts.get(band.name, 0) + 1
    return counts, uncategorized


def draft_path(report: Path) -> Path:
    """``<report name>.eml`` beside the report."""
    return Path(report).with_suffix(DRAFT_SUFFIX)


def as_bytes(message: EmailMessage) -> bytes:
    """The message as a file holds it: CRLF line ends, as RFC 5322 writes them."""
    return message.as_bytes(policy=message.policy.clone(linesep="\r\n"))


def write_draft(message: EmailMessage, path: Path) -> Path:
    """Write ``message`` to ``path`` atomically; returns ``path``.

    An OSError propagates: the caller words it with :func:`lkt_excel.files.cannot_write`.
    """
    data = as_bytes(message)
    with write_atomically(Path(path)) as staging:
        Path(staging).write_bytes(data)
    return Path(path)
