"""HTTPS for phones and other PCs on the gate's network, the way local development CAs do it.

Browsers give the camera only to secure origins (https, or localhost). `station serve --https`
makes a local CA once (ca.pem: the one thing a phone installs, at /tls) and, signed by it, a
server certificate for this machine's names and addresses (leaf.pem). When the addresses change
the leaf is issued again from the same CA, so phones need not install anything again.

The CA may sign for this machine's names and for private and loopback addresses only (name
constraints, which Android, iOS, macOS and current browsers enforce), so a phone that trusts it
trusts nothing on the internet. The leaf is what iOS and macOS require of a server certificate:
CA:FALSE, digitalSignature, serverAuth, at most 825 days.
"""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from station.keyfile import write_private

CA_CERT, CA_KEY, LEAF_CERT, LEAF_KEY = "ca.pem", "ca.key", "leaf.pem", "leaf.key"
CA_DAYS = 10 * 365
LEAF_DAYS = 800  # Apple's limit for a TLS server certificate is 825
RENEW_BEFORE = timedelta(days=30)
PERMITTED_NETWORKS = tuple(ipaddress.ip_network(n) for n in (
    "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "127.0.0.0/8", "100.64.0.0/10", "169.254.0.0/16",
    "fc00::/7", "fe80::/10", "::1/128"))


def local_addresses() -> list[str]:
    """This machine's IPv4 addresses that other devices may use to reach it."""
    found = {"127.0.0.1"}
    try:
        for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET):
            found.add(info[4][0])
    except OSError:
        pass
    try:  # the address of the interface that would carry outgoing traffic; nothing is sent
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("192.0.2.1", 9))
            found.add(probe.getsockname()[0])
    except OSError:
        pass
    return sorted(found)


def local_names() -> list[str]:
    host = socket.gethostname().split(".")[0].lower()
    return list(dict.fromkeys(["localhost", host, f"{host}.local"]))


@dataclass(frozen=True)
class Issued:
    ca: Path
    certificate: Path
    key: Path
    names: tuple[str, ...]
    addresses: tuple[str, ...]
    skipped: tuple[str, ...] = ()  # addresses the CA may not sign for (public ones)
    reissued: bool = False


def _pem_key(key: ec.EllipticCurvePrivateKey) -> bytes:
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption())


def _ca(folder: Path, names: list[str], now: datetime) -> tuple[x509.Certificate, ec.EllipticCurvePrivateKey]:
    cert_path, key_path = folder / CA_CERT, folder / CA_KEY
    if cert_path.exists() and key_path.exists():
        key = serialization.load_pem_private_key(key_path.read_bytes(), password=None)
        return x509.load_pem_x509_certificate(cert_path.read_bytes()), key  # type: ignore[return-value]
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([
        x509.NameAttribute(NameOID.COMMON_NAME, f"Receiving station local CA ({names[1] if len(names) > 1 else names[0]})"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Receiving station")])
    constraints = x509.NameConstraints(
        permitted_subtrees=[x509.DNSName(n) for n in names] + [x509.IPAddress(n) for n in PERMITTED_NETWORKS],
        excluded_subtrees=None)
    certificate = (
        x509.CertificateBuilder().subject_name(subject).issuer_name(subject)
        .public_key(key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5)).not_valid_after(now + timedelta(days=CA_DAYS))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(x509.KeyUsage(digital_signature=False, content_commitment=False, key_encipherment=False,
                                     data_encipherment=False, key_agreement=False, key_cert_sign=True,
                                     crl_sign=True, encipher_only=False, decipher_only=False), critical=True)
        .add_extension(constraints, critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    write_private(key_path, _pem_key(key))
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    return certificate, key


def permitted(ca: x509.Certificate, names: list[str], addresses: list[str]) -> tuple[list[str], list[str], list[str]]:
    """(names, addresses) the CA may sign for, and the addresses it may not."""
    constraints = ca.extensions.get_extension_for_class(x509.NameConstraints).value
    subtrees = constraints.permitted_subtrees or []
    dns = [t.value for t in subtrees if isinstance(t, x509.DNSName)]
    networks = [t.value for t in subtrees if isinstance(t, x509.IPAddress)]
    ok_names = [n for n in names if any(n == d or n.endswith("." + d) for d in dns)]
    ok, skipped = [], []
    for address in addresses:
        (ok if any(ipaddress.ip_address(address) in net for net in networks) else skipped).append(address)
    return ok_names, ok, skipped


def _current(path: Path, names: list[str], addresses: list[str], now: datetime) -> bool:
    if not path.exists():
        return False
    certificate = x509.load_pem_x509_certificate(path.read_bytes())
    alt = certificate.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    return (set(alt.get_values_for_type(x509.DNSName)) == set(names)
            and {str(a) for a in alt.get_values_for_type(x509.IPAddress)} == set(addresses)
            and certificate.not_valid_after_utc - RENEW_BEFORE > now)


def ensure_certificates(folder: Path, *, names: list[str] | None = None, addresses: list[str] | None = None,
                        now: datetime | None = None) -> Issued:
    """The local CA (made once) and a leaf for `names` and `addresses`, issued again when they change."""
    now = now or datetime.now(UTC)
    folder.mkdir(parents=True, exist_ok=True)
    names = list(dict.fromkeys(names or local_names()))
    ca, ca_key = _ca(folder, names, now)
    names, ok, skipped = permitted(ca, names, list(dict.fromkeys(addresses or local_addresses())))
    cert_path, key_path = folder / LEAF_CERT, folder / LEAF_KEY
    if _current(cert_path, names, ok, now) and key_path.exists():
        return Issued(folder / CA_CERT, cert_path, key_path, tuple(names), tuple(ok), tuple(skipped))
    key = ec.generate_private_key(ec.SECP256R1())
    alt = [x509.DNSName(n) for n in names] + [x509.IPAddress(ipaddress.ip_address(a)) for a in ok]
    certificate = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, names[0] if names else ok[0])]))
        .issuer_name(ca.subject).public_key(key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5)).not_valid_after(now + timedelta(days=LEAF_DAYS))
        .add_extension(x509.SubjectAlternativeName(alt), critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=False, key_encipherment=False,
                                     data_encipherment=False, key_agreement=False, key_cert_sign=False,
                                     crl_sign=False, encipher_only=False, decipher_only=False), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    write_private(key_path, _pem_key(key))
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    return Issued(folder / CA_CERT, cert_path, key_path, tuple(names), tuple(ok), tuple(skipped), reissued=True)


def ca_der(folder: Path) -> bytes | None:
    """The CA certificate in DER, the form both iOS and Android install from a download."""
    path = folder / CA_CERT
    if not path.exists():
        return None
    return x509.load_pem_x509_certificate(path.read_bytes()).public_bytes(serialization.Encoding.DER)
