"""What a report's email says, as plain data: the :class:`Letter`.

A letter holds what :func:`~lkt_excel.mail.draft.compose` needs besides the
files to attach: the report's quarter, year, agency and region, its To and Cc,
how many indicators fall in each kategori, how many warnings it has, and the
signer. It is made where the report is built (:func:`letter_of`: in a folder
worker, or by ``build``), crosses back to the parent process (it pickles), and
is stored in the folder's manifest (:meth:`Letter.to_json`), so that a report
left unchanged by a later run can still be drafted or sent without rebuilding it.

A letter read back from the manifest is checked again (:meth:`Letter.from_json`):
the manifest is a file a person may have edited.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path
from typing import TYPE_CHECKING

from lkt_excel.mail.addresses import comparable, is_address

if TYPE_CHECKING:
    from lkt_excel.core.capaian import CapaianResult
    from lkt_excel.core.model import Settings


@dataclass(frozen=True)
class Letter:
    triwulan: int
    tahun: int
    instansi: str
    wilayah: str
    to: tuple[str, ...] = ()
    cc: tuple[str, ...] = ()
    kategori: tuple[tuple[str, int], ...] = ()  # (kategori name, indicators), in band order
    uncategorized: int = 0  # indicators whose capaian could not be reckoned
    warnings: int = 0  # as the report's sheet Catatan lists them
    jabatan: str = ""
    nama: str = ""

    @property
    def recipients(self) -> tuple[str, ...]:
        """To, then the Cc not already in To: everyone the report goes to, each once."""
        seen: set[str] = set()
        found = []
        for address in (*self.to, *self.cc):
            if comparable(address) not in seen:
                seen.add(comparable(address))
                found.append(address)
        return tuple(found)

    def compose(
        self,
        workbook: Path,
        pdf: Path | None = None,
        *,
        only: Sequence[str] | None = None,
    ) -> EmailMessage:
        """The message with ``workbook`` (and ``pdf``) attached.

        ``only``: send to just these of the letter's recipients (those that have
        not yet received this report), each keeping its place in To or Cc.
        """
        from lkt_excel.mail.draft import compose

        to, cc = self.to, self.cc
        if only is not None:
            keep = {comparable(a) for a in only}
            to = tuple(a for a in to if comparable(a) in keep)
            cc = tuple(a for a in cc if comparable(a) in keep)
        return compose(
            triwulan=self.triwulan,
            tahun=self.tahun,
            instansi=self.instansi,
            wilayah=self.wilayah,
            to=to,
            cc=cc,
            kategori=dict(self.kategori),
            uncategorized=self.uncategorized,
            warnings=self.warnings,
            jabatan=self.jabatan,
            nama=self.nama,
            workbook=workbook,
            pdf=pdf,
        )

    def to_json(self) -> dict[str, object]:
        return {
            "triwulan": self.triwulan,
            "tahun": self.tahun,
            "instansi": self.instansi,
            "wilayah": self.wilayah,
            "to": list(self.to),
            "cc": list(self.cc),
            "kategori": [[name, count] for name, count in self.kategori],
            "uncategorized": self.uncategorized,
            "warnings": self.warnings,
            "jabatan": self.jabatan,
            "nama": self.nama,
        }

    @classmethod
    def from_json(cls, data: object) -> Letter | None:
        """A letter as :meth:`to_json` wrote it; None when anything in it is not as written
        (the caller then rebuilds the report to know)."""
        if not isinstance(data, Mapping):
            return None
        try:
            to = _addresses(data["to"])
            cc = _addresses(data["cc"])
            kategori = tuple((str(name), _whole(n)) for name, n in data["kategori"])
            letter = cls(
                triwulan=_whole(data["triwulan"]),
                tahun=_whole(data["tahun"]),
                instansi=_string(data["instansi"]),
                wilayah=_string(data["wilayah"]),
                to=to,
                cc=cc,
                kategori=kategori,
                uncategorized=_whole(data["uncategorized"]),
                warnings=_whole(data["warnings"]),
                jabatan=_string(data["jabatan"]),
                nama=_string(data["nama"]),
            )
        except (KeyError, TypeError, ValueError):
            return None
        return letter if 1 <= letter.triwulan <= 4 else None


def _addresses(value: object) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(a, str) and is_address(a) for a in value):
        raise ValueError("not a list of addresses")
    return tuple(value)


def _whole(value: object) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ValueError("not a count")
    return value


def _string(value: object) -> str:
    if not isinstance(value, str):
        raise ValueError("not text")
    return value


def letter_of(settings: Settings, capaian: CapaianResult, warnings: int) -> Letter:
    """The letter of a report built from ``settings``, with its capaian and warning count."""
    from lkt_excel.mail.draft import kategori_counts

    counts, uncategorized = kategori_counts(capaian, settings.bands)
    return Letter(
        triwulan=settings.triwulan,
        tahun=settings.tahun,
        instansi=settings.instansi,
        wilayah=settings.wilayah,
        to=tuple(settings.surel_tujuan),
        cc=tuple(settings.surel_tembusan),
        kategori=tuple(counts.items()),
        uncategorized=uncategorized,
        warnings=warnings,
        jabatan=settings.signature.jabatan,
        nama=settings.signature.nama,
    )
