"""The office's SMTP server, configured once per machine.

Two sources, the environment winning over the file, setting by setting:

==================  ==========  ==================================================
Environment         File key    Meaning
==================  ==========  ==================================================
LKT_SMTP_HOST       host        the server's name, e.g. ``mail.malangkab.go.id``
LKT_SMTP_PORT       port        default 587 for starttls, 465 for ssl, 25 for none
LKT_SMTP_TLS        tls         ``starttls`` (default), ``ssl`` or ``none``
LKT_SMTP_USER       user        the login; empty for a server without one
LKT_SMTP_PASSWORD   password    the login's password
LKT_SMTP_FROM       from        the sender, ``dinkop@malangkab.go.id`` or
                                ``Dinas Koperasi <dinkop@malangkab.go.id>``
==================  ==========  ==================================================

The file is ``lkt-smtp.ini`` (section ``[smtp]``, see :data:`EXAMPLE_FILE`) in
the user's configuration folder: ``%APPDATA%\\lkt-excel\\`` on Windows,
``$XDG_CONFIG_HOME/lkt-excel/`` (else ``~/.config/lkt-excel/``) elsewhere. An
INI file because Notepad edits it and :mod:`configparser` reads it on every
Python the tool supports; a BOM from Notepad is accepted, and ``%`` in a
password is taken literally.

The password is held in a :class:`Secret`, whose ``repr`` and ``str`` are
``***``: it never reaches a message, a log, a traceback's locals or a repr.
:func:`load_settings` raises :class:`SettingsError` with an Indonesian message
naming the settings to fill; it never prints.
"""

from __future__ import annotations

import configparser
import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from email.headerregistry import Address
from email.utils import parseaddr
from enum import Enum
from pathlib import Path

from lkt_excel.core.problems import listed
from lkt_excel.mail.addresses import parse_address
from lkt_excel.mail.text import one_line

FILE_NAME = "lkt-smtp.ini"
SECTION = "smtp"
APP_FOLDER = "lkt-excel"


class Tls(str, Enum):
    STARTTLS = "starttls"  # plain connection, upgraded by STARTTLS (port 587)
    SSL = "ssl"  # TLS from the first byte (port 465)
    NONE = "none"  # no encryption: only for a relay inside the office network


DEFAULT_PORTS = {Tls.STARTTLS: 587, Tls.SSL: 465, Tls.NONE: 25}

# Setting -> (environment variable, file key).
NAMES = {
    "host": ("LKT_SMTP_HOST", "host"),
    "port": ("LKT_SMTP_PORT", "port"),
    "tls": ("LKT_SMTP_TLS", "tls"),
    "user": ("LKT_SMTP_USER", "user"),
    "password": ("LKT_SMTP_PASSWORD", "password"),
    "from": ("LKT_SMTP_FROM", "from"),
}
_EXAMPLES = {
    "host": "mail.malangkab.go.id",
    "user": "dinkop@malangkab.go.id",
    "password": "KATA-SANDI-AKUN-ITU",
    "from": "dinkop@malangkab.go.id",
}

EXAMPLE_FILE = """\
; Setelan server surel untuk lkt-excel (perintah dengan --kirim).
; Simpan sebagai lkt-smtp.ini di folder %APPDATA%\\lkt-excel\\
; Baris yang diawali ; adalah keterangan dan tidak dibaca.
[smtp]
; Nama server surel kantor (tanyakan kepada pengelola TI).
host = mail.malangkab.go.id
; starttls (port 587), ssl (port 465) atau none (port 25, hanya di jaringan kantor).
tls = starttls
port = 587
; Akun pengirim. Kosongkan user dan password bila server tidak meminta login.
user = dinkop@malangkab.go.id
password =
; Alamat pengirim; boleh dengan nama: Dinas Koperasi <dinkop@malangkab.go.id>
from = dinkop@malangkab.go.id
"""


class SettingsError(ValueError):
    """The SMTP settings are missing or wrong: ``str()`` says which (Indonesian), ``fix`` how."""

    def __init__(self, message: str, fix: str = ""):
        super().__init__(message)
        self.fix = fix


class Secret:
    """A password: ``repr``/``str`` show ``***``; :meth:`reveal` gives it to the SMTP login."""

    __slots__ = ("_value",)

    def __init__(self, value: str):
        self._value = value

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "Secret('***')"

    def __str__(self) -> str:
        return "***"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self._value)

    def __copy__(self) -> Secret:
        return self

    def __deepcopy__(self, memo: dict[int, object]) -> Secret:
        return self

    def __reduce__(self) -> tuple[object, ...]:  # never pickled to a worker or a file
        raise TypeError("a Secret is not pickled")


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    sender: Address  # the From of every message sent
    port: int = 587
    tls: Tls = Tls.STARTTLS
    user: str = ""
    password: Secret | None = field(default=None, repr=False)
    origin: str = ""  # where the settings came from, for messages: a file, the environment

    @property
    def login(self) -> bool:
        return bool(self.user)


def settings_path(
    environ: Mapping[str, str] | None = None,
    *,
    windows: bool | None = None,
    home: Path | None = None,
) -> Path:
    """Where the settings file lives on this machine (it may not exist)."""
    env = os.environ if environ is None else environ
    windows = sys.platform == "win32" if windows is None else windows
    home = Path.home() if home is None else home
    if windows:
        base = Path(env["APPDATA"]) if env.get("APPDATA") else home / "AppData" / "Roaming"
    else:
        base = Path(env["XDG_CONFIG_HOME"]) if env.get("XDG_CONFIG_HOME") else home / ".config"
    return base / APP_FOLDER / FILE_NAME


def load_settings(
    environ: Mapping[str, str] | None = None, path: Path | None = None
) -> SmtpSettings:
    """The SMTP settings from ``environ`` (default ``os.environ``) over the file at ``path``.

    ``path`` defaults to :func:`settings_path`; a missing file is no error, the
    environment may hold everything. An empty variable counts as unset.
    """
    env = os.environ if environ is None else environ
    path = settings_path(env) if path is None else Path(path)
    from_file = read_file(path)
    values: dict[str, str] = {}
    origins: set[str] = set()
    for name, (variable, key) in NAMES.items():
        if env.get(variable, "").strip():
            values[name] = env[variable].strip()
            origins.add("lingkungan")
        elif from_file.get(key, "").strip():
            values[name] = from_file[key].strip()
            origins.add(str(path))
    return _validated(values, path, origin=" dan ".join(sorted(origins)))


def read_file(path: Path) -> dict[str, str]:
    """The ``[smtp]`` keys of the settings file; ``{}`` when there is no file."""
    parser = configparser.ConfigParser(interpolation=None)
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError) as exc:
        raise SettingsError(
            f"Berkas setelan surel '{path}' tidak dapat dibaca ({exc.__class__.__name__}). "
            "Simpan ulang sebagai teks UTF-8, mis. dengan Notepad."
        ) from None
    try:
        parser.read_string(text, source=str(path))
    except configparser.Error as exc:
        line = getattr(exc, "lineno", None)
        where = f" baris {line}" if line else ""
        raise SettingsError(
            f"Berkas setelan surel '{path}'{where} tidak dapat dibaca. Baris pertama harus "
            f"[{SECTION}], lalu satu setelan per baris, mis. host = mail.malangkab.go.id."
        ) from None
    if not parser.has_section(SECTION):
        raise SettingsError(
            f"Berkas setelan surel '{path}' tidak memuat bagian [{SECTION}]. Tulis [{SECTION}] "
            "pada baris pertama, lalu setelannya di bawahnya."
        )
    keys = dict(parser.items(SECTION))
    known = {key for _, key in NAMES.values()}
    unknown = sorted(set(keys) - known)
    if unknown:
        raise SettingsError(
            f"Berkas setelan surel '{path}' memuat setelan yang tidak dikenal: "
            f"{listed(unknown)}. Setelan yang dikenal: {listed(sorted(known))}."
        )
    return keys


def _validated(values: dict[str, str], path: Path, *, origin: str) -> SmtpSettings:
    missing = [name for name in ("host", "from") if not values.get(name)]
    if values.get("user") and not values.get("password"):
        missing.append("password")
    if values.get("password") and not values.get("user"):
        missing.append("user")
    if missing:
        raise SettingsError(
            "Setelan server surel belum lengkap: isi "
            f"{listed([NAMES[n][0] for n in missing])} (variabel lingkungan), atau "
            f"{listed([NAMES[n][1] for n in missing])} di berkas '{path}'.",
            "Contoh isi berkas itu:\n"
            + "\n".join([f"[{SECTION}]", *(f"{NAMES[n][1]} = {_EXAMPLES[n]}" for n in missing)]),
        )
    tls_text = values.get("tls", Tls.STARTTLS.value).lower()
    try:
        tls = Tls(tls_text)
    except ValueError:
        raise SettingsError(
            f"Setelan {_both('tls')} berisi '{one_line(tls_text)}'. Isi starttls (port 587), "
            "ssl (port 465) atau none (tanpa enkripsi, port 25)."
        ) from None
    port = DEFAULT_PORTS[tls]
    if values.get("port"):
        try:
            port = int(values["port"])
        except ValueError:
            port = 0
        if not 0 < port < 65536:
            raise SettingsError(
                f"Setelan {_both('port')} berisi '{one_line(values['port'])}', bukan nomor port. "
                f"Isi nomor seperti 587 (starttls), 465 (ssl) atau 25, atau kosongkan."
            )
    password = values.get("password")
    return SmtpSettings(
        host=_host(values["host"]),
        sender=_sender(values["from"]),
        port=port,
        tls=tls,
        user=values.get("user", ""),
        password=Secret(password) if password else None,
        origin=origin,
    )


def _both(name: str) -> str:
    variable, key = NAMES[name]
    return f"{variable} ({key})"


def _host(text: str) -> str:
    host = text.strip()
    if not host or any(ch.isspace() for ch in host) or "/" in host or ":" in host:
        raise SettingsError(
            f"Setelan {_both('host')} berisi '{one_line(host)}'. Isi nama server saja, "
            "mis. mail.malangkab.go.id, tanpa http:// dan tanpa nomor port "
            f"(nomor port diisi di {_both('port')})."
        )
    return host


def _sender(text: str) -> Address:
    """The From: a bare address, or ``Name <address>``."""
    name, bare = ("", text.strip())
    if "<" in text:
        name, bare = parseaddr(text)
        name = one_line(name)
    address, problem = parse_address(bare, key=NAMES["from"][0])
    if problem is not None or address is None:
        fix = problem.fix if problem is not None else ""
        raise SettingsError(
            f"Setelan {_both('from')} berisi '{one_line(text)}', bukan alamat surel yang "
            f"dapat dipakai. {fix}".strip()
        )
    return Address(display_name=name, addr_spec=address)
