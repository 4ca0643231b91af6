"""A mail server whose certificate comes from an internal CA (as in many authorities), on 127.0.0.1 (aiosmtpd with
STARTTLS and with implicit TLS): refused as unverified until the CA is trusted, by $SSL_CERT_FILE or by inquiry.yaml's
`mail: ca_file:`. The CA and the server's certificate are made here by `openssl`, the program (no Python package
for it: Debian's openssl is on every machine that runs the tests, and .ci/run installs it where it is not)."""

from __future__ import annotations

import ssl
import subprocess
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from conftest import program_path
from test_mail import FILES, Server, free_port, on, sent_log  # noqa: F401 - on: the fixture

INQUIRY = """\
designation: Fi 2007:06
title: Utveckling av lokal service i samverkan
language: en
staff:
  - {{id: hogdahl, name: Lars Högdahl, role: särskild utredare}}
  - {{id: noreland, name: Lena Noreland, email: lena.noreland@finance.ministry.se}}
mail:
  sender: noreland
  smtp: 127.0.0.1:{port}
  security: {security}
{more}"""


def openssl(*args: str, cwd: Path) -> None:
    done = subprocess.run([program_path("openssl") or "openssl", *args], cwd=cwd, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr


@pytest.fixture(scope="module")
def authority(tmp_path_factory):
    """A private CA (ca.pem) and a certificate for 127.0.0.1 signed by it (server.pem, server.key)."""
    where = tmp_path_factory.mktemp("ca")
    openssl(
        "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=Kommittéernas interna CA", cwd=where
    )
    openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=127.0.0.1", cwd=where)
    (where / "san.cnf").write_text("subjectAltName = IP:127.0.0.1, DNS:localhost\n")
    openssl(
        "x509",
        "-req",
        "-in",
        "server.csr",
        "-CA",
        "ca.pem",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-out",
        "server.pem",
        "-days",
        "2",
        "-extfile",
        "san.cnf",
        cwd=where,
    )
    return where


def serving(authority: Path, security: str):
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(authority / "server.pem", authority / "server.key")
    handler = Server()
    options = {"tls_context": context, "require_starttls": True} if security == "starttls" else {"ssl_context": context}
    controller = Controller(handler, hostname="127.0.0.1", port=free_port(), **options)
    controller.start()
    return controller, handler


@pytest.mark.program("openssl")
@pytest.mark.parametrize("security", ["starttls", "ssl"])
def test_an_internal_ca_is_trusted_by_ca_file_or_ssl_cert_file(on, folder, authority, security, monkeypatch):
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    controller, handler = serving(authority, security)
    try:
        port = controller.port
        untrusted = folder(FILES, inquiry=INQUIRY.format(port=port, security=security, more=""), name="untrusted")
        refused = on("2009-05-15", "-d", untrusted, "mail", "enkat", "--send", "--yes", "--only", "dorotea")
        assert refused.exit_code != 0 and "Traceback" not in refused.stderr
        assert "certificate could not be verified" in refused.stderr and "mail: ca_file: ca.pem" in refused.stderr, refused.stderr
        assert handler.messages == [] and sent_log(untrusted) == []

        monkeypatch.setenv("SSL_CERT_FILE", str(authority / "ca.pem"))  # OpenSSL's own variable: trust this file
        by_environment = on("2009-05-15", "-d", untrusted, "mail", "enkat", "--send", "--yes", "--only", "dorotea")
        assert by_environment.exit_code == 0, by_environment.stderr
        assert len(handler.messages) == 1
        monkeypatch.delenv("SSL_CERT_FILE")

        trusted = folder(FILES, inquiry=INQUIRY.format(port=port, security=security, more="  ca_file: certifikat/ca.pem\n"), name="trusted")
        (trusted / "certifikat").mkdir()
        (trusted / "certifikat" / "ca.pem").write_bytes((authority / "ca.pem").read_bytes())  # relative to the data folder
        by_setting = on("2009-05-15", "-d", trusted, "mail", "enkat", "--send", "--yes", "--only", "dorotea")
        assert by_setting.exit_code == 0, by_setting.stderr
        assert len(handler.messages) == 2 and [r["organisation"] for r in sent_log(trusted)] == ["dorotea"]
    finally:
        controller.stop()


@pytest.mark.program("openssl")
def test_a_ca_file_that_cannot_be_used_is_said_before_anything_is_sent(on, folder, authority):
    controller, handler = serving(authority, "starttls")
    try:
        missing = folder(FILES, inquiry=INQUIRY.format(port=controller.port, security="starttls", more="  ca_file: saknas.pem\n"), name="missing")
        result = on("2009-05-15", "-d", missing, "mail", "enkat", "--send", "--yes")
        assert result.exit_code == 1 and "Traceback" not in result.stderr
        assert f"mail.ca_file: {missing}/saknas.pem: it does not exist" in result.stderr
        garbled = folder(FILES, inquiry=INQUIRY.format(port=controller.port, security="starttls", more="  ca_file: ca.pem\n"), name="garbled")
        (garbled / "ca.pem").write_text("not a certificate\n")
        result = on("2009-05-15", "-d", garbled, "mail", "enkat", "--send", "--yes")
        assert result.exit_code == 1 and "cannot be used: it holds no certificate in PEM form" in result.stderr
        assert handler.messages == [] and sent_log(missing) == [] and sent_log(garbled) == []
    finally:
        controller.stop()
