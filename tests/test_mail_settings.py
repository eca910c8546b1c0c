"""SMTP settings: the environment over lkt-smtp.ini, a plain message for what is missing."""

from __future__ import annotations

import copy
import pickle
from pathlib import Path

import pytest
from mail_support import bounded  # noqa: F401

from lkt_excel.mail.settings import (
    EXAMPLE_FILE,
    Secret,
    SettingsError,
    Tls,
    load_settings,
    settings_path,
)

pytestmark = pytest.mark.usefixtures("bounded")

PASSWORD = "p%ss;w0rd#rahasia"  # % ; and # are taken literally
FULL = {
    "LKT_SMTP_HOST": "mail.malangkab.go.id",
    "LKT_SMTP_PORT": "2525",
    "LKT_SMTP_TLS": "ssl",
    "LKT_SMTP_USER": "dinkop",
    "LKT_SMTP_PASSWORD": PASSWORD,
    "LKT_SMTP_FROM": "dinkop@malangkab.go.id",
}


def ini(path: Path, text: str, *, bom: bool = False) -> Path:
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    return path


def test_from_the_environment(tmp_path):
    s = load_settings(FULL, tmp_path / "none.ini")
    assert (s.host, s.port, s.tls, s.user) == ("mail.malangkab.go.id", 2525, Tls.SSL, "dinkop")
    assert s.password is not None and s.password.reveal() == PASSWORD
    assert s.sender.addr_spec == "dinkop@malangkab.go.id"
    assert s.origin == "lingkungan"


def test_from_the_file_written_by_notepad(tmp_path):
    path = ini(
        tmp_path / "lkt-smtp.ini",
        f"[smtp]\nhost = mail.x.go.id\nuser = dinkop\npassword = {PASSWORD}\n"
        "from = Dinas Koperasi <dinkop@x.go.id>\n",
        bom=True,
    )
    s = load_settings({}, path)
    assert (s.host, s.port, s.tls) == ("mail.x.go.id", 587, Tls.STARTTLS)  # the defaults
    assert s.password is not None and s.password.reveal() == PASSWORD
    assert (s.sender.display_name, s.sender.addr_spec) == ("Dinas Koperasi", "dinkop@x.go.id")
    assert s.origin == str(path)


def test_the_environment_wins_setting_by_setting(tmp_path):
    path = ini(tmp_path / "s.ini", "[smtp]\nhost = dari-berkas.go.id\nfrom = a@x.id\nport = 25\n")
    s = load_settings({"LKT_SMTP_HOST": "dari-lingkungan.go.id", "LKT_SMTP_PORT": ""}, path)
    assert s.host == "dari-lingkungan.go.id"  # the environment
    assert s.sender.addr_spec == "a@x.id" and s.port == 25  # the file (an empty variable is unset)


@pytest.mark.parametrize(("tls", "port"), [("starttls", 587), ("SSL", 465), ("none", 25)])
def test_default_port_follows_tls(tmp_path, tls, port):
    env = {"LKT_SMTP_HOST": "h.id", "LKT_SMTP_FROM": "a@x.id", "LKT_SMTP_TLS": tls}
    assert load_settings(env, tmp_path / "none.ini").port == port


def test_nothing_set_names_every_setting_to_fill(tmp_path):
    path = tmp_path / "lkt-smtp.ini"
    with pytest.raises(SettingsError) as caught:
        load_settings({}, path)
    text = str(caught.value)
    assert "Setelan server surel belum lengkap" in text
    assert "LKT_SMTP_HOST dan LKT_SMTP_FROM" in text
    assert f"host dan from di berkas '{path}'" in text
    assert caught.value.fix == (
        "Contoh isi berkas itu:\n[smtp]\nhost = mail.malangkab.go.id\nfrom = dinkop@malangkab.go.id"
    )


def test_a_user_without_a_password(tmp_path):
    env = {"LKT_SMTP_HOST": "h.id", "LKT_SMTP_FROM": "a@x.id", "LKT_SMTP_USER": "dinkop"}
    with pytest.raises(SettingsError, match="isi LKT_SMTP_PASSWORD"):
        load_settings(env, tmp_path / "none.ini")


def test_a_server_without_login(tmp_path):
    s = load_settings({"LKT_SMTP_HOST": "h.id", "LKT_SMTP_FROM": "a@x.id"}, tmp_path / "x.ini")
    assert not s.login and s.password is None


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"LKT_SMTP_TLS": "tls"}, "LKT_SMTP_TLS (tls) berisi 'tls'. Isi starttls"),
        ({"LKT_SMTP_PORT": "lima"}, "LKT_SMTP_PORT (port) berisi 'lima', bukan nomor port"),
        ({"LKT_SMTP_PORT": "70000"}, "bukan nomor port"),
        ({"LKT_SMTP_HOST": "https://mail.x.id"}, "tanpa http://"),
        ({"LKT_SMTP_HOST": "mail.x.id:587"}, "tanpa nomor port"),
        ({"LKT_SMTP_FROM": "dinkop"}, "LKT_SMTP_FROM (from) berisi 'dinkop', bukan alamat"),
    ],
)
def test_a_wrong_value_is_named(tmp_path, change, words):
    with pytest.raises(SettingsError) as caught:
        load_settings({**FULL, **change}, tmp_path / "none.ini")
    assert words in str(caught.value)
    assert PASSWORD not in str(caught.value)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("host = h.id\n", "Baris pertama harus [smtp]"),
        ("[surel]\nhost = h.id\n", "tidak memuat bagian [smtp]"),
        ("[smtp]\nhots = h.id\n", "tidak dikenal: hots"),
    ],
)
def test_a_broken_file_is_named(tmp_path, text, words):
    path = ini(tmp_path / "lkt-smtp.ini", text)
    with pytest.raises(SettingsError) as caught:
        load_settings({}, path)
    assert str(path) in str(caught.value) and words in str(caught.value)


def test_the_documented_example_file_reads(tmp_path):
    path = ini(tmp_path / "lkt-smtp.ini", EXAMPLE_FILE.replace("password =", "password = x1234"))
    s = load_settings({}, path)
    assert (s.host, s.port, s.tls, s.user) == (
        "mail.malangkab.go.id",
        587,
        Tls.STARTTLS,
        "dinkop@malangkab.go.id",
    )


def test_the_password_never_shows(tmp_path):
    s = load_settings(FULL, tmp_path / "none.ini")
    for shown in (repr(s), str(s), repr(s.password), str(s.password), f"{s.password}"):
        assert PASSWORD not in shown
    assert copy.deepcopy(s) == s
    with pytest.raises(TypeError):
        pickle.dumps(s)  # never handed to a worker process or written to a file
    assert Secret("a") == Secret("a") != Secret("b")


def test_where_the_file_lives():
    home = Path("/home/pegawai")
    assert (
        settings_path({"APPDATA": r"C:\Users\pegawai\AppData\Roaming"}, windows=True)
        == Path(r"C:\Users\pegawai\AppData\Roaming") / "lkt-excel" / "lkt-smtp.ini"
    )
    assert settings_path({}, windows=True, home=home) == (
        home / "AppData" / "Roaming" / "lkt-excel" / "lkt-smtp.ini"
    )
    assert settings_path({}, windows=False, home=home) == (
        home / ".config" / "lkt-excel" / "lkt-smtp.ini"
    )
    assert settings_path({"XDG_CONFIG_HOME": "/etc/xdg"}, windows=False, home=home) == Path(
        "/etc/xdg/lkt-excel/lkt-smtp.ini"
    )


def test_the_default_file_is_read(tmp_path):
    folder = tmp_path / "lkt-excel"
    folder.mkdir()
    ini(folder / "lkt-smtp.ini", "[smtp]\nhost = h.id\nfrom = a@x.id\n")
    env = {"XDG_CONFIG_HOME": str(tmp_path), "APPDATA": str(tmp_path)}
    assert load_settings(env).host == "h.id"
