"""The addresses typed into the ``Laporan`` keys ``Surel Tujuan`` and ``Surel Tembusan``.

A value holds one or more bare addresses separated by ``;`` or ``,``
(``kepala@malangkab.go.id; sekretariat@malangkab.go.id``). Each address is
parsed by :class:`email.headerregistry.Address`, the standard library's RFC 5322
parser, and then held to the plainer rules a government address follows:

- a bare address only: no display name (``Nama <a@b.id>``), quotes or comments,
  so what the cell shows is exactly where the report goes;
- no spaces, line breaks or invisible characters inside it;
- ASCII only (every mail server takes it, no SMTPUTF8 needed);
- a domain of at least two labels of letters, digits and hyphens
  (``malangkab.go.id``; ``gmail`` alone is a typo, ``[10.0.0.1]`` is not for
  a clerk).

:func:`parse_addresses` never raises for bad input: it returns the good
addresses and, for each bad one, an unlocated :class:`~lkt_excel.core.problems.Problem`
naming it and the fix. The caller places it at the key's cell with
``dataclasses.replace(problem, sheet=..., row=..., column=..., header=...)``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from email import errors as email_errors
from email.headerregistry import Address
from email.utils import parseaddr

from lkt_excel.core import catalogue as codes
from lkt_excel.core.problems import Problem, error
from lkt_excel.mail.text import describe_char, is_invisible, one_line

CODE = codes.SUREL_TIDAK_SAH
EXAMPLE = "nama@malangkab.go.id"
SEPARATORS = re.compile(r"[;,]")

_MAX_LOCAL, _MAX_ADDRESS = 64, 254  # RFC 5321 4.5.3.1
_LABEL = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$")
_TOP_LABEL = re.compile(r"^(?:[A-Za-z]{2,63}|xn--[A-Za-z0-9-]{1,59})$")
_DISPLAY_MARKS = frozenset('<>"()[]\\')


@dataclass(frozen=True)
class Addresses:
    """The addresses of one cell, in the order typed and without repeats, and its problems."""

    addresses: tuple[str, ...]
    problems: tuple[Problem, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


def parse_addresses(text: object, *, key: str = "Surel Tujuan") -> Addresses:
    """Every address of a cell's value; ``key`` names the cell in the messages.

    Empty parts (``a@b.id;`` or an empty cell) are ignored; an address typed
    twice (in any case) is kept once.
    """
    if text is None:
        return Addresses((), ())
    found: list[str] = []
    seen: set[str] = set()
    problems: list[Problem] = []
    for part in SEPARATORS.split(str(text)):
        if not _strip(part):
            continue
        address, problem = parse_address(part, key=key)
        if problem is not None:
            problems.append(problem)
        elif address is not None and comparable(address) not in seen:
            seen.add(comparable(address))
            found.append(address)
    return Addresses(tuple(found), tuple(problems))


def parse_address(text: str, *, key: str = "Surel Tujuan") -> tuple[str | None, Problem | None]:
    """One address: ``(address, None)`` when it is good, else ``(None, problem)``."""
    part = _strip(text)
    if part.lower().startswith("mailto:"):  # a hyperlink's target pasted as text
        part = _strip(part[len("mailto:") :])
    reason, fix = _why_not(part)
    if reason is None:
        return part, None
    shown = one_line(part) or "(kosong)"
    message = f"{key}: '{shown}' bukan alamat surel yang dapat dipakai: {reason}."
    return None, error(CODE, message, fix)


def comparable(address: str) -> str:
    """The form two addresses are compared in (mail servers ignore case in practice)."""
    return address.casefold()


def is_address(text: str) -> bool:
    """Whether ``text`` is one good bare address, as :func:`parse_address` judges it."""
    return parse_address(text)[1] is None


def _strip(text: str) -> str:
    """``text`` without the spaces around it (non-breaking ones too, as Excel pastes them)."""
    return text.strip().strip("\u00a0\ufeff\u200b").strip()


def _why_not(part: str) -> tuple[str | None, str]:
    """Why ``part`` is not a good address, and the fix; ``(None, "")`` when it is one."""
    generic_fix = f"Tulis alamat lengkap tanpa spasi, mis. {EXAMPLE}."
    hidden = [ch for ch in part if is_invisible(ch)]
    if hidden:
        kind = describe_char(hidden[0])
        if kind == "baris baru":
            return f"ada {kind} di dalamnya", "Tulis semua alamat pada satu baris, dipisah ;."
        return (
            f"ada karakter tak terlihat ({kind}) di dalamnya",
            "Hapus lalu ketik ulang alamat itu; karakter seperti ini biasanya terbawa saat "
            "menyalin dari web atau dokumen.",
        )
    if any(ch in _DISPLAY_MARKS for ch in part):
        inner = parseaddr(part)[1]
        if inner and inner != part and _why_not(inner)[0] is None:
            return "ada nama atau tanda kurung di sekitarnya", f"Tulis alamatnya saja: {inner}"
        return "ada tanda kurung atau tanda kutip di dalamnya", generic_fix
    if any(ch.isspace() for ch in part):
        if part.count("@") > 1:
            return (
                "tampaknya beberapa alamat tanpa pemisah",
                "Pisahkan setiap alamat dengan ; atau , (mis. a@malangkab.go.id; "
                "b@malangkab.go.id).",
            )
        joined = "".join(part.split())
        suggestion = f": {joined}" if _why_not(joined)[0] is None else f", mis. {EXAMPLE}"
        return "ada spasi di dalamnya", f"Hapus spasinya{suggestion}."
    if not part.isascii():
        odd = next(ch for ch in part if not ch.isascii())
        return (
            f"huruf '{odd}' tidak dapat dipakai dalam alamat surel",
            "Pakai huruf a-z tanpa tanda aksen, angka, titik, tanda hubung atau garis bawah.",
        )
    if part.count("@") != 1:
        reason = "tidak ada tanda @" if "@" not in part else "ada lebih dari satu tanda @"
        return reason, generic_fix
    local, domain = part.split("@")
    if not local:
        return "tidak ada nama sebelum tanda @", generic_fix
    if not domain:
        return "tidak ada domain sesudah tanda @", f"Lengkapi domainnya, mis. {EXAMPLE}."
    try:
        parsed = Address(addr_spec=part)
    except (ValueError, IndexError, email_errors.MessageError):
        parsed = None
    if parsed is None or parsed.addr_spec != part:
        return (
            "penulisannya tidak sah",
            "Periksa titik dan tanda bacanya (tidak boleh dua titik berurutan, atau titik di "
            f"awal atau akhir nama), mis. {EXAMPLE}.",
        )
    labels = domain.split(".")
    if len(labels) < 2 or not all(labels):
        return f"domain '{domain}' tidak lengkap", f"Lengkapi domainnya, mis. {EXAMPLE}."
    if not all(_LABEL.match(label) for label in labels) or not _TOP_LABEL.match(labels[-1]):
        return (
            f"domain '{domain}' tidak sah",
            f"Domain hanya boleh berisi huruf, angka, titik dan tanda hubung, mis. {EXAMPLE}.",
        )
    if len(local) > _MAX_LOCAL or len(part) > _MAX_ADDRESS:
        return "alamatnya terlalu panjang", "Periksa alamat itu; mungkin dua alamat tergabung."
    return None, ""
