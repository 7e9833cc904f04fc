"""A socket guard for the test run: any connection or lookup beyond loopback is refused and recorded."""

from __future__ import annotations

import ipaddress
import os
import socket
from collections.abc import Callable
from typing import Any

_LOCAL_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"}


class NetworkGuard:
    """Patches ``socket`` so that only loopback addresses (and Unix sockets) can be reached."""

    def __init__(self, log: str | None = None) -> None:
        self.log = log
        self.attempts: list[str] = []
        self._saved: dict[str, Callable[..., Any]] = {}

    @staticmethod
    def is_local(host: Any) -> bool:
        """Loopback addresses and names."""
        if host is None:
            return True
        text = host.decode() if isinstance(host, bytes) else str(host)
        if text.lower() in _LOCAL_NAMES:
            return True
        try:
            return ipaddress.ip_address(text.split("%")[0]).is_loopback
        except ValueError:
            return False

    def _check(self, what: str, host: Any) -> None:
        if not self.is_local(host):
            self.attempts.append(f"{what} {host}")
            if self.log:
                with open(self.log, "a", encoding="utf-8") as handle:
                    handle.write(f"{what} {host}\n")
            raise ConnectionRefusedError(f"network access beyond loopback refused in tests: {what} {host}")

    def install(self) -> None:
        """Start refusing."""
        guard = self
        original_connect = socket.socket.connect
        original_connect_ex = socket.socket.connect_ex
        original_getaddrinfo = socket.getaddrinfo

        def connect(sock: socket.socket, address: Any) -> Any:
            if sock.family in (socket.AF_INET, socket.AF_INET6):
                guard._check("connect", address[0])
            return original_connect(sock, address)

        def connect_ex(sock: socket.socket, address: Any) -> Any:
            if sock.family in (socket.AF_INET, socket.AF_INET6):
                guard._check("connect", address[0])
            return original_connect_ex(sock, address)

        def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
            guard._check("resolve", host)
            return original_getaddrinfo(host, *args, **kwargs)

        self._saved = {
            "connect": original_connect,
            "connect_ex": original_connect_ex,
            "getaddrinfo": original_getaddrinfo,
        }
        socket.socket.connect = connect  # type: ignore[method-assign]
        socket.socket.connect_ex = connect_ex  # type: ignore[method-assign]
        socket.getaddrinfo = getaddrinfo

    def uninstall(self) -> None:
        """Stop refusing."""
        if self._saved:
            socket.socket.connect = self._saved["connect"]  # type: ignore[method-assign]
            socket.socket.connect_ex = self._saved["connect_ex"]  # type: ignore[method-assign]
            socket.getaddrinfo = self._saved["getaddrinfo"]


def guarded_environment(log_path: str) -> dict[str, str]:
    """Environment for a child Python process that runs under the guard."""
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    site = os.path.join(root, "tests", "netguard_site")
    path = os.pathsep.join(p for p in (site, root, os.environ.get("PYTHONPATH", "")) if p)
    return {**os.environ, "PYTHONPATH": path, "COMPTOIR_NETGUARD_LOG": log_path}
