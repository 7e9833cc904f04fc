"""A WebSocket client on a bare TCP socket, whose reading side the caller controls: frames are written, and
nothing is read until :func:`closing` is asked (a client that does not read, with a small receive buffer so
that the server's writes stop)."""

from __future__ import annotations

import base64
import os
import socket
import struct
import time

CLOSE = 0x8


def connect(port: int, path: str, receive_buffer: int = 4096) -> socket.socket:
    """A TCP connection to the loopback server upgraded to a WebSocket, with a receive buffer of about
    ``receive_buffer`` bytes (set before connecting, so that the window the server sees stays small)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, receive_buffer)
    sock.settimeout(30)
    sock.connect(("127.0.0.1", port))
    key = base64.b64encode(os.urandom(16)).decode()
    sock.sendall(
        f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n".encode()
    )
    head = b""
    while b"\r\n\r\n" not in head:
        chunk = sock.recv(1)  # one byte at a time: nothing after the handshake is read
        if not chunk:
            raise ConnectionError("the server closed the connection during the handshake")
        head += chunk
    status = head.split(b"\r\n", 1)[0]
    if b" 101 " not in status + b" ":
        raise ConnectionError(f"the handshake was refused: {status.decode(errors='replace')}")
    return sock


def frame(text: str) -> bytes:
    """A masked text frame, as a client sends it."""
    payload = text.encode()
    size = len(payload)
    if size < 126:
        header = struct.pack("!BB", 0x81, 0x80 | size)
    elif size < 65536:
        header = struct.pack("!BBH", 0x81, 0x80 | 126, size)
    else:
        header = struct.pack("!BBQ", 0x81, 0x80 | 127, size)
    mask = os.urandom(4)
    return header + mask + bytes(byte ^ mask[i % 4] for i, byte in enumerate(payload))


def _exactly(sock: socket.socket, size: int, deadline: float) -> bytes:
    data = b""
    while len(data) < size:
        sock.settimeout(max(deadline - time.monotonic(), 0.01))
        chunk = sock.recv(min(size - len(data), 1 << 16))
        if not chunk:
            raise EOFError
        data += chunk
    return data


def closing(sock: socket.socket, within: float) -> str:
    """Read everything the server sent until it closed: the close frame's code and reason (``"1008 Too many
    frames waiting..."``), ``"reset"`` (the connection was aborted), ``"eof"`` (closed with no close frame) or
    ``"open"`` (still open after ``within`` seconds)."""
    deadline = time.monotonic() + within
    try:
        while True:
            first, second = _exactly(sock, 2, deadline)
            size = second & 0x7F
            if size == 126:
                size = struct.unpack("!H", _exactly(sock, 2, deadline))[0]
            elif size == 127:
                size = struct.unpack("!Q", _exactly(sock, 8, deadline))[0]
            payload = _exactly(sock, size, deadline)
            if first & 0x0F == CLOSE:
                if len(payload) < 2:
                    return "no code"
                return f"{struct.unpack('!H', payload[:2])[0]} {payload[2:].decode(errors='replace')}".strip()
    except (ConnectionResetError, BrokenPipeError):
        return "reset"
    except EOFError:
        return "eof"
    except TimeoutError:
        return "open"
