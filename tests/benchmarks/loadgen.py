"""A small, bounded HTTP/1.1 load generator (asyncio, keep-alive), run as its own process.

    python -m tests.benchmarks.loadgen --base http://127.0.0.1:8123 --path / --requests 3000

Targets only loopback addresses. Prints one JSON object: requests, errors, seconds, rps, p50/p95/p99
in milliseconds. Stops after ``--requests`` measured requests or ``--max-seconds``, whichever first.
"""

import argparse
import asyncio
import ipaddress
import json
import sys
import time
from urllib.parse import urlsplit


async def _one_request(reader, writer, request_bytes):
    writer.write(request_bytes)
    await writer.drain()
    status_line = await reader.readline()
    status = int(status_line.split()[1])
    length = 0
    chunked = False
    keep_alive = True
    while True:
        line = await reader.readline()
        if line in (b"\r\n", b"\n", b""):
            break
        name, _, value = line.decode("latin-1").partition(":")
        name = name.strip().lower()
        if name == "content-length":
            length = int(value.strip())
        elif name == "transfer-encoding" and "chunked" in value.lower():
            chunked = True
        elif name == "connection" and "close" in value.lower():
            keep_alive = False
    if chunked:
        while True:
            size = int((await reader.readline()).strip(), 16)
            await reader.readexactly(size + 2)
            if size == 0:
                break
    elif length:
        await reader.readexactly(length)
    return status, keep_alive


async def _client(host, port, request_bytes, budget, deadline, latencies, errors, measure):
    reader = writer = None
    try:
        while budget() and time.monotonic() < deadline:
            # Timed from before connecting: gunicorn's sync workers close after each response
            # (as they do behind a proxy), so each request pays for its connection, as it would.
            started = time.perf_counter()
            try:
                if writer is None:
                    reader, writer = await asyncio.open_connection(host, port)
                status, keep_alive = await _one_request(reader, writer, request_bytes)
            except (OSError, asyncio.IncompleteReadError, ValueError, IndexError):
                errors.append("connection")
                keep_alive = False
                status = None
            elapsed = time.perf_counter() - started
            if status is not None and status != 200:
                errors.append(status)
            elif status == 200 and measure:
                latencies.append(elapsed)
            if not keep_alive and writer is not None:
                writer.close()
                reader = writer = None
    finally:
        if writer is not None:
            writer.close()


async def run(base, path, total, concurrency, max_seconds, warmup):
    parts = urlsplit(base)
    host, port = parts.hostname, parts.port or 80
    if not ipaddress.ip_address(host).is_loopback:
        raise SystemExit("loadgen only targets loopback addresses")
    request_bytes = (
        f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nUser-Agent: hub-loadgen\r\n"
        "Accept: text/html\r\nConnection: keep-alive\r\n\r\n"
    ).encode()

    async def phase(count, measure):
        latencies, errors = [], []
        remaining = [count]

        def budget():
            if remaining[0] <= 0:
                return False
            remaining[0] -= 1
            return True

        deadline = time.monotonic() + max_seconds
        started = time.perf_counter()
        await asyncio.gather(
            *[
                _client(host, port, request_bytes, budget, deadline, latencies, errors, measure)
                for _ in range(concurrency)
            ]
        )
        return latencies, errors, time.perf_counter() - started

    await phase(warmup, measure=False)
    latencies, errors, seconds = await phase(total, measure=True)
    latencies.sort()

    def pct(p):
        if not latencies:
            return None
        return round(latencies[min(len(latencies) - 1, int(len(latencies) * p))] * 1000, 2)

    return {
        "path": path,
        "requests": len(latencies),
        "errors": len(errors),
        "seconds": round(seconds, 3),
        "rps": round(len(latencies) / seconds, 1) if seconds else 0.0,
        "p50_ms": pct(0.50),
        "p95_ms": pct(0.95),
        "p99_ms": pct(0.99),
        "concurrency": concurrency,
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--base", required=True)
    parser.add_argument("--path", default="/")
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--max-seconds", type=float, default=60.0)
    parser.add_argument("--warmup", type=int, default=300)
    args = parser.parse_args(argv)
    result = asyncio.run(
        run(args.base, args.path, args.requests, args.concurrency, args.max_seconds, args.warmup)
    )
    json.dump(result, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
