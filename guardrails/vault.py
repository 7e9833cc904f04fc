"""The PII vault's lock: original values sealed with a key from the settings (no key, no vault)."""

from __future__ import annotations

from cryptography.fernet import Fernet, InvalidToken


class VaultError(Exception):
    """The vault cannot do what was asked: no key, a wrong key, or nothing sealed."""


class Sealer:
    """Authenticated encryption (Fernet: AES-128-CBC with HMAC-SHA256) of single values."""

    def __init__(self, key: str | bytes):
        try:
            self._fernet = Fernet(key)
        except (ValueError, TypeError) as exc:
            raise VaultError("the vault key must be a Fernet key: 32 bytes, URL-safe base64") from exc

    @staticmethod
    def new_key() -> str:
        """A fresh key for the settings."""
        return Fernet.generate_key().decode()

    def seal(self, value: str) -> bytes:
        """The value, encrypted and authenticated."""
        return self._fernet.encrypt(value.encode())

    def open(self, sealed: bytes) -> str:
        """The value back; a value sealed with another key, or altered, is refused."""
        try:
            return self._fernet.decrypt(sealed).decode()
        except InvalidToken as exc:
            raise VaultError("this value was sealed with another key, or altered") from exc
