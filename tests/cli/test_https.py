import shutil
import ssl
import subprocess
import sys
import time
import urllib.request
from datetime import UTC, datetime, timedelta

import pytest
from cryptography import x509
from cryptography.x509.oid import ExtendedKeyUsageOID

from station.tls import CA_CERT, ensure_certificates
from tests.browser.conftest import free_port


def load(path):
    return x509.load_pem_x509_certificate(path.read_bytes())


def test_the_leaf_is_a_server_certificate_issued_by_a_constrained_local_ca(tmp_path):
    issued = ensure_certificates(tmp_path, names=["localhost", "gatepc"], addresses=["127.0.0.1", "192.168.1.20"])
    ca, leaf = load(issued.ca), load(issued.certificate)
    assert ca.extensions.get_extension_for_class(x509.BasicConstraints).value.ca is True
    assert ca.extensions.get_extension_for_class(x509.KeyUsage).value.key_cert_sign
    constraints = ca.extensions.get_extension_for_class(x509.NameConstraints)
    assert constraints.critical and x509.DNSName("gatepc") in constraints.value.permitted_subtrees
    basic = leaf.extensions.get_extension_for_class(x509.BasicConstraints)
    assert basic.critical and basic.value.ca is False
    usage = leaf.extensions.get_extension_for_class(x509.KeyUsage).value
    assert usage.digital_signature and not usage.key_cert_sign
    assert list(leaf.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value) == [ExtendedKeyUsageOID.SERVER_AUTH]
    assert leaf.not_valid_after_utc - leaf.not_valid_before_utc <= timedelta(days=825)
    assert leaf.issuer == ca.subject
    alt = leaf.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert set(alt.get_values_for_type(x509.DNSName)) == {"localhost", "gatepc"}
    assert {str(a) for a in alt.get_values_for_type(x509.IPAddress)} == {"127.0.0.1", "192.168.1.20"}
    for key in (tmp_path / "ca.key", issued.key):
        assert oct(key.stat().st_mode)[-3:] == "600"


@pytest.mark.skipif(shutil.which("openssl") is None, reason="openssl is not installed")
def test_openssl_verifies_the_leaf_against_the_ca(tmp_path):
    issued = ensure_certificates(tmp_path, names=["localhost"], addresses=["127.0.0.1", "10.1.2.3"])
    done = subprocess.run(["openssl", "verify", "-purpose", "sslserver", "-CAfile", str(issued.ca),
                           str(issued.certificate)], capture_output=True, text=True)
    assert done.returncode == 0 and done.stdout.strip().endswith(": OK"), done.stdout + done.stderr


def test_a_new_address_reissues_the_leaf_from_the_same_ca(tmp_path):
    first = ensure_certificates(tmp_path, names=["localhost"], addresses=["127.0.0.1", "192.168.1.20"])
    ca_bytes, leaf_bytes = first.ca.read_bytes(), first.certificate.read_bytes()
    same = ensure_certificates(tmp_path, names=["localhost"], addresses=["127.0.0.1", "192.168.1.20"])
    assert not same.reissued and first.certificate.read_bytes() == leaf_bytes
    moved = ensure_certificates(tmp_path, names=["localhost"], addresses=["127.0.0.1", "192.168.7.9"])
    assert moved.reissued and moved.ca.read_bytes() == ca_bytes
    alt = load(moved.certificate).extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert {str(a) for a in alt.get_values_for_type(x509.IPAddress)} == {"127.0.0.1", "192.168.7.9"}
    later = ensure_certificates(tmp_path, names=["localhost"], addresses=["127.0.0.1", "192.168.7.9"],
                                now=datetime.now(UTC) + timedelta(days=790))
    assert later.reissued and later.ca.read_bytes() == ca_bytes  # renewed before it expires


def test_a_public_address_is_left_out_since_the_ca_may_not_sign_for_it(tmp_path):
    issued = ensure_certificates(tmp_path, names=["localhost"], addresses=["127.0.0.1", "203.0.113.5"])
    assert issued.addresses == ("127.0.0.1",) and issued.skipped == ("203.0.113.5",)


def test_serve_https_answers_over_tls_and_offers_its_ca_with_install_steps(tmp_path, sqlite_db):
    port = free_port()
    tls = tmp_path / "tls"
    server = subprocess.Popen([sys.executable, "-m", "station.cli", "serve", "--db", sqlite_db.url,
                               "--port", str(port), "--https", "--tls-dir", str(tls), "--log-level", "warning"],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        context = ssl.create_default_context()
        deadline = time.monotonic() + 20
        while True:
            try:
                if (tls / CA_CERT).exists():
                    context.load_verify_locations(tls / CA_CERT)
                    body = urllib.request.urlopen(f"https://localhost:{port}/healthz", context=context, timeout=2).read()
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise
            time.sleep(0.2)
        assert body == b'{"status":"ok"}'
        offered = urllib.request.urlopen(f"https://localhost:{port}/tls/ca.crt", context=context).read()
        assert x509.load_der_x509_certificate(offered) == load(tls / CA_CERT)
        page = urllib.request.Request(f"https://localhost:{port}/tls?lang=en")
        steps = urllib.request.urlopen(page, context=context).read().decode()
        assert "Certificate Trust Settings" in steps and "Install a certificate" in steps
    finally:
        server.terminate()
        output = server.communicate(timeout=10)[0]
    assert "install the certificate" in output


def test_without_https_there_is_no_certificate_to_install(client):
    assert client.get("/tls/ca.crt").status_code == 404


def test_the_private_keys_are_never_readable_by_others_not_even_while_written(tmp_path, monkeypatch):
    import os

    from station import keyfile

    modes = []
    opened = os.open

    def watch(path, flags, mode=0o777, *args, **kwargs):
        if str(path).endswith(".key"):
            modes.append(mode)
        return opened(path, flags, mode, *args, **kwargs)

    monkeypatch.setattr(keyfile.os, "open", watch)
    ensure_certificates(tmp_path, names=["localhost"], addresses=["127.0.0.1"])
    assert modes == [0o600, 0o600]
