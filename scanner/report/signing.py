"""Ed25519 keys for the evidence bundle's signature: reading them, and a key's fingerprint.

`amlscan export --sign KEY` signs manifest.json with a private key; `amlscan verify --key PUB`
checks it with the public key (or the private key, which names it). Keys are PEM files, never
encrypted (the scanner holds no passphrase), and must be Ed25519: its signatures are
deterministic, so the same manifest and key give the same bytes.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING

from scanner.errors import UsageError

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey


def _key_bytes(path: str | Path, what: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise UsageError(f"{path}: cannot read {what}: {exc.strerror or exc}") from None


def load_private_key(path: str | Path) -> Ed25519PrivateKey:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    raw = _key_bytes(path, "signing key")
    try:
        key = serialization.load_pem_private_key(raw, password=None)
    except (ValueError, TypeError) as exc:
        raise UsageError(f"{path}: not an unencrypted PEM private key ({exc}); create one with: openssl genpkey -algorithm ed25519 -out signing.pem") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise UsageError(f"{path}: the signing key must be Ed25519, found {type(key).__name__}")
    return key


def load_public_key(path: str | Path) -> Ed25519PublicKey:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

    raw = _key_bytes(path, "public key")
    try:
        key: object = serialization.load_pem_public_key(raw)
    except ValueError:
        try:  # a private key also names its public key: accept it for convenience
            private = serialization.load_pem_private_key(raw, password=None)
        except (ValueError, TypeError):
            raise UsageError(f"{path}: not a PEM public key; export one with: openssl pkey -in signing.pem -pubout -out signing.pub") from None
        key = private.public_key() if isinstance(private, Ed25519PrivateKey) else private
    if not isinstance(key, Ed25519PublicKey):
        raise UsageError(f"{path}: the public key must be Ed25519, found {type(key).__name__}")
    return key


def public_key_fingerprint(public_key: Ed25519PublicKey) -> str:
    """sha256 of the raw 32-byte public key, as manifest.json.sig records it."""
    from cryptography.hazmat.primitives import serialization

    return hashlib.sha256(public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)).hexdigest()
