"""A self-signed certificate so phones and other PCs on the gate's network may use the camera.

Browsers give the camera only to secure origins (https, or localhost). `station serve --https`
makes a certificate for this machine's names and addresses once, keeps it in the data folder,
and serves its public part at /tls/station.crt so a phone can install and trust it.
"""

from __future__ import annotations

import ipaddress
import socket
from datetime import UTC, datetime, timedelta
from pathlib import Path

from station.keyfile import write_private

CERT_NAME, KEY_NAME = "station.crt", "station.key"


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


def ensure_certificate(folder: Path, *, names: list[str] | None = None,
                       addresses: list[str] | None = None) -> tuple[Path, Path]:
    """(certificate, key) in folder, made on first use; valid two years."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    folder.mkdir(parents=True, exist_ok=True)
    cert_path, key_path = folder / CERT_NAME, folder / KEY_NAME
    if cert_path.exists() and key_path.exists():
        return cert_path, key_path
    names = names or ["localhost", socket.gethostname()]
    addresses = addresses or local_addresses()
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Receiving station"),
                         x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Receiving station (self-signed)")])
    now = datetime.now(UTC)
    alt = [x509.DNSName(n) for n in dict.fromkeys(names)] + [
        x509.IPAddress(ipaddress.ip_address(a)) for a in dict.fromkeys(addresses)]
    certificate = (
        x509.CertificateBuilder().subject_name(subject).issuer_name(subject)
        .public_key(key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5)).not_valid_after(now + timedelta(days=730))
        .add_extension(x509.SubjectAlternativeName(alt), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .sign(key, hashes.SHA256())
    )
    write_private(key_path, key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                              serialization.NoEncryption()))
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    return cert_path, key_path
