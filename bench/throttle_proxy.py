"""A TCP proxy on 127.0.0.1 that makes a loopback link behave like a bad one, on purpose.

The kernel here has no netem, so slow and lossy links are made in user space:

* a 2G profile: bandwidth shared by all connections (``rate_bps``), a round-trip delay (``rtt_s``) and
  connections dropped now and then (``drop_mean_s``, exponentially distributed);
* exact, one-shot faults for tests: refuse a request before it reaches the server, let the server commit
  and then drop its answer, cut a request in the middle of its body, or cut everything once a number of
  bytes has gone up;
* counters of the bytes forwarded each way (what "bytes on the wire" means in the benchmarks).

Use it from Python (``ThrottleProxy``) or as a program::

    python bench/throttle_proxy.py --target 127.0.0.1:8000 --port 9000 \
        --rate-kbit 50 --rtt-ms 600 --drop-mean-s 60
"""

from __future__ import annotations

import argparse
import contextlib
import queue
import random
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

__all__ = ["Fault", "FaultAction", "LinkProfile", "ThrottleProxy"]

_READ = 4096


@dataclass(frozen=True)
class LinkProfile:
    """How bad the link is. The default is a perfect link (a plain counting proxy)."""

    #: Bits per second in each direction, shared by every connection (None: unlimited).
    rate_bps: float | None = None
    #: Round-trip time added to the loopback's own.
    rtt_s: float = 0.0
    #: Mean seconds a busy connection lives before it is dropped (None: never).
    drop_mean_s: float | None = None
    seed: int | None = None


TWO_G = LinkProfile(rate_bps=50_000, rtt_s=0.6, drop_mean_s=45.0)


class FaultAction(StrEnum):
    #: Close the connection without forwarding the matching request: the server never sees it.
    refuse = "refuse"
    #: Forward the request; when the server starts answering, drop the answer and the connection.
    drop_response = "drop_response"
    #: Forward ``after_bytes`` bytes of the request from the match on, then cut the connection.
    cut_request = "cut_request"
    #: Answer ``503`` with ``Retry-After: after_bytes`` (seconds) like an overloaded reverse proxy.
    busy = "busy"


@dataclass
class Fault:
    """A one-shot fault for the next request containing ``match`` (e.g. ``b"POST /api/v1/sync/push"``)."""

    match: bytes
    action: FaultAction
    after_bytes: int = 0
    fired: threading.Event = field(default_factory=threading.Event)


class _Link:
    """One direction of the shared link: transmissions are serialised at ``rate`` bytes per second."""

    def __init__(self, rate_bps: float | None) -> None:
        self.rate = rate_bps / 8 if rate_bps else None
        self._next_free = 0.0
        self._lock = threading.Lock()

    def transmit_until(self, nbytes: int) -> float:
        """Reserve the link for ``nbytes``; return the monotonic time their transmission ends."""
        if self.rate is None:
            return 0.0
        with self._lock:
            start = max(time.monotonic(), self._next_free)
            self._next_free = start + nbytes / self.rate
            return self._next_free


class _DelayLine:
    """One direction of one connection on a slow link: bytes leave ``rtt / 2`` after they arrived, at the
    shared link's rate, while the reader keeps reading (so latency does not throttle throughput)."""

    def __init__(
        self, conn: _Connection, sock: socket.socket, link: _Link, count: Callable[[int], None]
    ) -> None:
        self.conn = conn
        self.sock = sock
        self.link = link
        self.count = count
        self.queue: queue.Queue[tuple[float, bytes] | None] = queue.Queue(maxsize=64)
        threading.Thread(target=self._run, daemon=True).start()

    def put(self, read_at: float, data: bytes) -> None:
        self.queue.put((read_at, data))  # blocks when full: TCP back-pressure on the sender

    def stop(self) -> None:
        """Close the connection once the bytes already queued have gone out."""
        with contextlib.suppress(queue.Full):
            self.queue.put_nowait(None)

    def _run(self) -> None:
        one_way = self.conn.proxy.profile.rtt_s / 2
        while (item := self.queue.get()) is not None:
            read_at, data = item
            ready = max(read_at + one_way, self.link.transmit_until(len(data)))
            delay = ready - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            try:
                self.sock.sendall(data)
            except OSError:
                break
            self.count(len(data))
        self.conn.close()


class _Connection:
    def __init__(self, proxy: ThrottleProxy, client: socket.socket) -> None:
        self.proxy = proxy
        self.client = client
        self.server: socket.socket | None = None
        self.closed = threading.Event()
        # Armed by a drop_response fault: the next bytes from the server end the connection.
        self.drop_next_response = False
        self.cut_after: int | None = None
        profile = proxy.profile
        self.deadline = (
            time.monotonic() + proxy.rng.expovariate(1 / profile.drop_mean_s) if profile.drop_mean_s else None
        )
        self._tail = b""
        self._lines: dict[str, _DelayLine] = {}

    def close(self) -> None:
        if self.closed.is_set():
            return
        self.closed.set()
        for line in list(self._lines.values()):
            line.stop()
        for sock in (self.client, self.server):
            if sock is None:
                continue
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            with contextlib.suppress(OSError):
                sock.close()

    def run(self) -> None:
        try:
            self.server = socket.create_connection(self.proxy.target, timeout=10)
            self.server.settimeout(None)
        except OSError:
            self.close()
            return
        threading.Thread(target=self._pump_down, daemon=True).start()
        self._pump_up()

    def _expired(self) -> bool:
        if self.deadline is not None and time.monotonic() > self.deadline:
            self.proxy.drops += 1
            return True
        return False

    def _end(self, direction: str) -> None:
        """The sender closed its side: deliver what is still on the wire, then close."""
        line = self._lines.get(direction)
        if line is None:
            self.close()
        else:
            line.stop()

    def _forward(self, direction: str, data: bytes, read_at: float) -> None:
        proxy = self.proxy
        up = direction == "up"
        if proxy.profile.rtt_s == 0 and proxy.profile.rate_bps is None:
            # A perfect link forwards at once, so fault tests count and cut bytes exactly.
            (self.server if up else self.client).sendall(data)  # type: ignore[union-attr]
            (proxy.count_up if up else proxy.count_down)(len(data))
            return
        line = self._lines.get(direction)
        if line is None:
            sock = self.server if up else self.client
            assert sock is not None
            line = self._lines[direction] = _DelayLine(
                self, sock, proxy.up if up else proxy.down, proxy.count_up if up else proxy.count_down
            )
        line.put(read_at, data)

    def _pump_up(self) -> None:
        assert self.server is not None
        proxy = self.proxy
        try:
            while not self.closed.is_set():
                data = self.client.recv(_READ)
                read_at = time.monotonic()
                if not data:
                    return self._end("up")
                if self._expired():
                    break
                passed = self._apply_faults(data)
                if passed is None:
                    break
                data = passed
                if self.cut_after is not None:
                    data = data[: self.cut_after]
                    self.cut_after -= len(data)
                allowed, cut_all = proxy.take_up_budget(len(data))
                data = data[:allowed]
                if data:
                    self._forward("up", data, read_at)
                if cut_all:
                    proxy.cut_all()
                if cut_all or self.cut_after == 0:
                    break
        except OSError:
            pass
        self.close()

    def _apply_faults(self, data: bytes) -> bytes | None:
        window = self._tail + data
        tail_len = len(self._tail)
        self._tail = data[-64:]
        fault = self.proxy.match_fault(window)
        if fault is None:
            return data
        if fault.action is FaultAction.refuse:
            return None
        if fault.action is FaultAction.busy:
            body = b'{"code":"busy","message":"The server is busy."}'
            with contextlib.suppress(OSError):
                self.client.sendall(
                    b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\n"
                    + f"Retry-After: {fault.after_bytes}\r\nContent-Length: {len(body)}\r\n".encode()
                    + b"Connection: close\r\n\r\n"
                    + body
                )
            return None
        if fault.action is FaultAction.drop_response:
            self.drop_next_response = True
            return data
        self.cut_after = max(0, window.find(fault.match) - tail_len) + fault.after_bytes
        return data

    def _pump_down(self) -> None:
        assert self.server is not None
        proxy = self.proxy
        try:
            while not self.closed.is_set():
                data = self.server.recv(_READ)
                read_at = time.monotonic()
                if not data:
                    return self._end("down")
                if self._expired() or self.drop_next_response:
                    break
                allowed, cut_all = proxy.take_down_budget(len(data))
                data = data[:allowed]
                if data:
                    self._forward("down", data, read_at)
                if cut_all:
                    proxy.cut_all()
                    break
        except OSError:
            pass
        self.close()


class ThrottleProxy:
    """Listens on 127.0.0.1 and forwards to ``target`` through a :class:`LinkProfile` and injected faults."""

    def __init__(self, target: tuple[str, int], profile: LinkProfile | None = None, port: int = 0) -> None:
        if target[0] not in ("127.0.0.1", "localhost"):
            raise ValueError("the proxy only forwards to loopback")
        self.target = target
        self.profile = profile or LinkProfile()
        self.rng = random.Random(self.profile.seed)
        self.up = _Link(self.profile.rate_bps)
        self.down = _Link(self.profile.rate_bps)
        self.bytes_up = 0
        self.bytes_down = 0
        self.connections = 0
        self.drops = 0
        self._faults: list[Fault] = []
        self._up_limit: int | None = None
        self._down_limit: int | None = None
        self._lock = threading.Lock()
        self._live: set[_Connection] = set()
        self._listener = socket.create_server(("127.0.0.1", port))
        self.port = self._listener.getsockname()[1]
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)

    @property
    def url(self) -> str:
        """Base URL to give the client instead of the server's."""
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> ThrottleProxy:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stopped.set()
        with contextlib.suppress(OSError):
            self._listener.close()
        self.cut_all()

    # ------------------------------------------------------------ faults

    def add_fault(self, match: bytes, action: FaultAction | str, after_bytes: int = 0) -> Fault:
        """Arm a one-shot fault; ``fault.fired`` is set when it has been applied."""
        fault = Fault(match, FaultAction(action), after_bytes)
        with self._lock:
            self._faults.append(fault)
        return fault

    def match_fault(self, window: bytes) -> Fault | None:
        with self._lock:
            for fault in self._faults:
                if fault.match in window:
                    self._faults.remove(fault)
                    fault.fired.set()
                    return fault
        return None

    def cut_up_after(self, nbytes: int) -> None:
        """Once ``nbytes`` more bytes have gone up, cut every connection (one shot)."""
        with self._lock:
            self._up_limit = self.bytes_up + nbytes

    def cut_down_after(self, nbytes: int) -> None:
        """Once ``nbytes`` more bytes have come down, cut every connection (one shot)."""
        with self._lock:
            self._down_limit = self.bytes_down + nbytes

    def take_down_budget(self, want: int) -> tuple[int, bool]:
        """How many of ``want`` bytes may come down, and whether the armed cut fires now."""
        with self._lock:
            if self._down_limit is None:
                return want, False
            left = self._down_limit - self.bytes_down
            if left > want:
                return want, False
            self._down_limit = None
            return max(0, left), True

    def take_up_budget(self, want: int) -> tuple[int, bool]:
        """How many of ``want`` bytes may go up, and whether the armed cut fires now."""
        with self._lock:
            if self._up_limit is None:
                return want, False
            left = self._up_limit - self.bytes_up
            if left > want:
                return want, False
            self._up_limit = None
            return max(0, left), True

    def cut_all(self) -> None:
        """Drop every open connection now (a dongle losing signal)."""
        with self._lock:
            live = list(self._live)
        for conn in live:
            conn.close()

    # ------------------------------------------------------------ counters

    def count_up(self, n: int) -> None:
        with self._lock:
            self.bytes_up += n

    def count_down(self, n: int) -> None:
        with self._lock:
            self.bytes_down += n

    def reset_counters(self) -> None:
        with self._lock:
            self.bytes_up = self.bytes_down = self.connections = self.drops = 0

    # ------------------------------------------------------------ serving

    def _accept(self) -> None:
        while not self._stopped.is_set():
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            conn = _Connection(self, client)
            with self._lock:
                self.connections += 1
                self._live.add(conn)

            def serve(conn: _Connection = conn) -> None:
                try:
                    conn.run()
                finally:
                    with self._lock:
                        self._live.discard(conn)

            threading.Thread(target=serve, daemon=True).start()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--target", required=True, help="HOST:PORT of the server (loopback only)")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--rate-kbit", type=float, default=None)
    parser.add_argument("--rtt-ms", type=float, default=0.0)
    parser.add_argument("--drop-mean-s", type=float, default=None)
    args = parser.parse_args()
    host, port = args.target.rsplit(":", 1)
    profile = LinkProfile(
        rate_bps=args.rate_kbit * 1000 if args.rate_kbit else None,
        rtt_s=args.rtt_ms / 1000,
        drop_mean_s=args.drop_mean_s,
    )
    with ThrottleProxy((host, int(port)), profile, args.port) as proxy:
        print(f"proxy on {proxy.url} -> {args.target}", flush=True)
        try:
            while True:
                time.sleep(10)
                print(f"up {proxy.bytes_up} B, down {proxy.bytes_down} B, drops {proxy.drops}", flush=True)
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()
