import ssl
import subprocess
import sys
import time
import urllib.request

from cryptography import x509

from station.tls import ensure_certificate
from tests.browser.conftest import free_port


def test_the_certificate_names_this_machine_and_is_kept(tmp_path):
    cert, key = ensure_certificate(tmp_path, names=["localhost"], addresses=["127.0.0.1", "192.168.1.20"])
    loaded = x509.load_pem_x509_certificate(cert.read_bytes())
    alt = loaded.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert "localhost" in alt.get_values_for_type(x509.DNSName)
    assert {str(a) for a in alt.get_values_for_type(x509.IPAddress)} == {"127.0.0.1", "192.168.1.20"}
    assert oct(key.stat().st_mode)[-3:] == "600"
    assert ensure_certificate(tmp_path) == (cert, key)
    assert cert.read_bytes() == ensure_certificate(tmp_path)[0].read_bytes()


def test_serve_https_answers_over_tls_and_offers_its_certificate(tmp_path, sqlite_db):
    port = free_port()
    tls = tmp_path / "tls"
    server = subprocess.Popen([sys.executable, "-m", "station.cli", "serve", "--db", sqlite_db.url,
                               "--port", str(port), "--https", "--tls-dir", str(tls)],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        context = ssl.create_default_context()
        deadline = time.monotonic() + 20
        while True:
            try:
                if (tls / "station.crt").exists():
                    context.load_verify_locations(tls / "station.crt")
                    body = urllib.request.urlopen(f"https://localhost:{port}/healthz", context=context, timeout=2).read()
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise
            time.sleep(0.2)
        assert body == b'{"status":"ok"}'
        offered = urllib.request.urlopen(f"https://localhost:{port}/tls/station.crt", context=context).read()
        assert offered == (tls / "station.crt").read_bytes()
    finally:
        server.terminate()
        output = server.communicate(timeout=10)[0]
    assert "install the certificate" in output


def test_the_private_key_is_never_readable_by_others_not_even_while_written(tmp_path, monkeypatch):
    import os

    from station import keyfile

    modes = []
    opened = os.open

    def watch(path, flags, mode=0o777, *args, **kwargs):
        if str(path).endswith(".key"):
            modes.append(mode)
        return opened(path, flags, mode, *args, **kwargs)

    monkeypatch.setattr(keyfile.os, "open", watch)
    _, key = ensure_certificate(tmp_path, names=["localhost"], addresses=["127.0.0.1"])
    assert modes == [0o600] and oct(key.stat().st_mode)[-3:] == "600"
