"""A real IMAP server for the tests: Debian's dovecot, started without root on 127.0.0.1 (as `nobody` when the tests run
as root: started as root, imap-login refuses to run), with a passwd-file login and an oauth2 passdb whose
introspection endpoint is a small HTTP server here (XOAUTH2). Everything in a temporary folder; stopped after."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from urllib.parse import parse_qs

from programs import program_path

NOBODY = 65534

CONFIG = """\
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
info_log_path = {root}/dovecot.log
ssl = {ssl}
disable_plaintext_auth = no
auth_mechanisms = plain login xoauth2 oauthbearer
protocols = imap
listen = 127.0.0.1
default_internal_user = {user}
default_login_user = {user}
default_internal_group = {group}
mail_location = maildir:~/Maildir
passdb {{
  driver = oauth2
  mechanisms = xoauth2 oauthbearer
  args = {root}/oauth2.conf
}}
passdb {{
  driver = passwd-file
  mechanisms = plain login
  args = scheme=PLAIN username_format=%u {root}/passwd
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={root}/home/%u
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {tls_port}
  }}
}}
service anvil {{
  chroot =
}}
{tls}
service stats {{
  unix_listener stats-reader {{
    mode = 0666
  }}
  unix_listener stats-writer {{
    mode = 0666
  }}
}}
"""

OAUTH2 = """\
introspection_mode = post
introspection_url = http://127.0.0.1:{port}/introspect
force_introspection = yes
username_attribute = username
active_attribute = active
active_value = true
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class _Introspection(BaseHTTPRequestHandler):
    """RFC 7662 token introspection: a token the test handed out is active, for its user; any other is not."""

    tokens: dict[str, str] = {}
    asked: list[str] = []

    def do_POST(self) -> None:  # noqa: N802 - http.server's name
        length = int(self.headers.get("Content-Length") or 0)
        body = parse_qs(self.rfile.read(length).decode())
        token = (body.get("token") or [""])[0] or self.headers.get("Authorization", "").removeprefix("Bearer ")
        self.asked.append(token)
        user = self.tokens.get(token)
        answer = {"active": "true", "username": user} if user else {"active": "false"}
        data = json.dumps(answer).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        pass


TLS = """\
ssl_cert = <{root}/server.pem
ssl_key = <{root}/server.key
ssl_dh = </usr/share/dovecot/dh.pem
"""


def certificates(root: Path) -> None:
    """A certificate authority of the test's own (ca.pem) and a server certificate it signed for 127.0.0.1."""

    def openssl(*args: str) -> None:
        subprocess.run(["openssl", *args], cwd=root, check=True, capture_output=True)

    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=lokalservice test CA")
    openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=127.0.0.1")
    (root / "san.ext").write_text("subjectAltName=IP:127.0.0.1\n")
    openssl(
        "x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-out", "server.pem", "-days", "2", "-extfile", "san.ext"
    )


class Dovecot:
    def __init__(self, root: Path, port: int, users: dict[str, str], tokens: dict[str, str], asked: list[str], tls_port: int = 0) -> None:
        self.root, self.port, self.users, self.tokens, self.asked, self.tls_port = root, port, users, tokens, asked, tls_port

    @property
    def ca(self) -> Path:
        return self.root / "ca.pem"

    def maildir(self, user: str) -> Path:
        return self.root / "home" / user / "Maildir"


@contextmanager
def dovecot(users: dict[str, str], tokens: dict[str, str] | None = None, tls: bool = False) -> Iterator[Dovecot]:
    """A dovecot serving IMAP on 127.0.0.1 for `users` (name: password), and XOAUTH2 for `tokens` (token: name); with
    `tls`, also IMAPS and STARTTLS with a certificate signed by the test's own authority (`.ca`)."""
    binary = program_path("dovecot")
    assert binary, "dovecot is not installed (apt-get install dovecot-imapd)"
    as_root = os.geteuid() == 0
    root = Path(tempfile.mkdtemp(prefix="lokalservice-dovecot-"))  # not under pytest's tmp_path: nobody must reach it
    os.chmod(root, 0o755)
    handler = type("Handler", (_Introspection,), {"tokens": dict(tokens or {}), "asked": []})
    http = HTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=http.serve_forever, daemon=True).start()
    port = free_port()
    uid, gid = (NOBODY, NOBODY) if as_root else (os.getuid(), os.getgid())
    import grp
    import pwd

    user, group = pwd.getpwuid(uid).pw_name, grp.getgrgid(gid).gr_name
    for sub in ("run", "state", "home"):
        (root / sub).mkdir()
    for name in users:
        (root / "home" / name / "Maildir").mkdir(parents=True)
    tls_port = free_port() if tls else 0
    if tls:
        certificates(root)
    settings = {"ssl": "yes" if tls else "no", "tls": TLS.format(root=root) if tls else "", "tls_port": tls_port}
    (root / "dovecot.conf").write_text(CONFIG.format(root=root, port=port, uid=uid, gid=gid, user=user, group=group, **settings))
    (root / "oauth2.conf").write_text(OAUTH2.format(port=http.server_address[1]))
    (root / "passwd").write_text("".join(f"{name}:{{PLAIN}}{password}::::::\n" for name, password in users.items()))
    if as_root:
        for path in [root, *root.rglob("*")]:
            os.chown(path, uid, gid)
    command = [binary, "-F", "-c", str(root / "dovecot.conf")]
    if as_root:
        command = ["setpriv", f"--reuid={uid}", f"--regid={gid}", "--clear-groups", *command]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1) as probe:
                    if probe.recv(100).startswith(b"* OK"):
                        break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                log = (root / "dovecot.log").read_text() if (root / "dovecot.log").exists() else ""
                raise RuntimeError(f"dovecot did not start: {process.stdout.read().decode() if process.stdout else ''}{log}")
            time.sleep(0.1)
        yield Dovecot(root, port, users, handler.tokens, handler.asked, tls_port)
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        http.shutdown()
        http.server_close()
        shutil.rmtree(root, ignore_errors=True)
