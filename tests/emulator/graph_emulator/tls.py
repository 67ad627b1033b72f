"""Throwaway PKI for the emulator: a CA, the loopback server certificate and the app's client certificate."""
import datetime
import hashlib
import ipaddress
import os

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID


def _new_key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _name(common_name):
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def _validity(builder):
    now = datetime.datetime.now(datetime.timezone.utc)
    return builder.not_valid_before(now - datetime.timedelta(minutes=5)).not_valid_after(now + datetime.timedelta(days=2))


def _key_pem(key, password=None):
    encryption = (serialization.BestAvailableEncryption(password.encode()) if password
                  else serialization.NoEncryption())
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, encryption)


def _cert_pem(cert):
    return cert.public_bytes(serialization.Encoding.PEM)


def _write(path, data):
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, 'wb') as handle:
        handle.write(data)


def generate_server_pki(state_dir):
    """Write ca.pem, server-cert.pem and server-key.pem; return their paths as a dict."""
    ca_key = _new_key()
    ca_builder = x509.CertificateBuilder().subject_name(_name('graph-emulator test CA')).issuer_name(
        _name('graph-emulator test CA')).public_key(ca_key.public_key()).serial_number(x509.random_serial_number())
    ca_cert = _validity(ca_builder).add_extension(
        x509.BasicConstraints(ca=True, path_length=0), critical=True).add_extension(
        x509.KeyUsage(digital_signature=True, key_cert_sign=True, crl_sign=True, content_commitment=False,
                      key_encipherment=False, data_encipherment=False, key_agreement=False,
                      encipher_only=False, decipher_only=False), critical=True).add_extension(
        x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False).sign(ca_key, hashes.SHA256())

    server_key = _new_key()
    server_builder = x509.CertificateBuilder().subject_name(_name('127.0.0.1')).issuer_name(
        ca_cert.subject).public_key(server_key.public_key()).serial_number(x509.random_serial_number())
    server_cert = _validity(server_builder).add_extension(
        x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address('127.0.0.1')), x509.DNSName('localhost')]),
        critical=False).add_extension(
        x509.BasicConstraints(ca=False, path_length=None), critical=True).add_extension(
        x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False).add_extension(
        x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False).sign(
        ca_key, hashes.SHA256())

    paths = {
        'ca': os.path.join(state_dir, 'ca.pem'),
        'cert': os.path.join(state_dir, 'server-cert.pem'),
        'key': os.path.join(state_dir, 'server-key.pem'),
    }
    _write(paths['ca'], _cert_pem(ca_cert))
    _write(paths['cert'], _cert_pem(server_cert))
    _write(paths['key'], _key_pem(server_key))
    return paths


def generate_client_certificate(state_dir, common_name, password):
    """Write client-cert.pem (key + cert) and client-cert-encrypted.pem (encrypted key + cert).

    Returns (paths dict, certificate object) so the emulator can register the certificate on the app.
    """
    key = _new_key()
    builder = x509.CertificateBuilder().subject_name(_name(common_name)).issuer_name(_name(common_name)).public_key(
        key.public_key()).serial_number(x509.random_serial_number())
    cert = _validity(builder).sign(key, hashes.SHA256())
    paths = {
        'plain': os.path.join(state_dir, 'client-cert.pem'),
        'encrypted': os.path.join(state_dir, 'client-cert-encrypted.pem'),
    }
    _write(paths['plain'], _key_pem(key) + _cert_pem(cert))
    _write(paths['encrypted'], _key_pem(key, password) + _cert_pem(cert))
    return paths, cert


def thumbprints(cert):
    """SHA-1 and SHA-256 thumbprints of a certificate as raw bytes (JWT x5t / x5t#S256 carry them base64url)."""
    der = cert.public_bytes(serialization.Encoding.DER)
    return hashlib.sha1(der).digest(), hashlib.sha256(der).digest()  # nosec - x5t is defined as SHA-1
