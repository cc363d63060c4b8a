"""A seeded generator of hostile requests, and a bounded runner that counts 5xx answers.

Each request starts from a valid body of its route and mutates it: a field of the
wrong type, a number of thousands of digits, a lone surrogate, deep nesting,
megabytes of metadata, a cut or bit-flipped body, another encoding, odd headers
and query strings. The same seed gives the same requests, so a failure replays.
"""

from __future__ import annotations

import json
import random
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Callable, Dict, List, Tuple
from urllib.parse import quote

import requests


@dataclass
class Probe:
    method: str
    path: str
    body: bytes | None = None
    headers: Dict[str, str] = field(default_factory=dict)

    def describe(self) -> str:
        shown = (self.body or b"")[:200]
        return f"{self.method} {self.path[:200]} headers={self.headers} body={shown!r}"


def _deep(depth: int) -> str:
    return "[" * depth + "]" * depth


ODD_STRINGS = [
    "",
    " ",
    "\ud800 hi",
    "\udfff",
    "\x00\x01\x1b[31m",
    "\u202eevil",
    "x" * 6000,
    "８１２３４５６７",
    "/restart",
    '/greet{"order_id": "\ud800"}',
    '/inform{"order_id": ' + "9" * 40 + "}",
    "１/５",
    "%s%n{0}{{x}}",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "../../etc/passwd",
    "ไทย 中文 русский",
]


# Numbers as a form or a spreadsheet might send them: float() reads most of these.
NUMBERS_AS_TEXT = ["5", "nan", "inf", "-inf", "1e999", "0x10", "1_000", " 7 ", "٣", "1e-400"]


class Mutator:
    """Turns a valid JSON body into one of many invalid (or oddly valid) ones."""

    def __init__(self, seed: int):
        self.rng = random.Random(seed)

    def odd_value(self, depth: int = 0):
        rng = self.rng
        kinds = [
            lambda: rng.choice(ODD_STRINGS),
            lambda: rng.randint(-(2**70), 2**70),
            lambda: rng.choice([0, -1, 2**63, 1e308, -0.0, 3.14]),
            lambda: rng.choice([True, False, None]),
            lambda: [self.odd_value(depth + 1) for _ in range(rng.randint(0, 3))] if depth < 3 else [],
            lambda: {rng.choice(ODD_STRINGS)[:20]: self.odd_value(depth + 1)} if depth < 3 else {},
            lambda: "".join(chr(rng.randint(1, 0x2FFFF)) for _ in range(rng.randint(1, 40))),
        ]
        return rng.choice(kinds)()

    def encode(self, payload) -> bytes:
        """JSON text, with surrogates kept as escapes (json.dumps writes them so)."""
        return json.dumps(payload).encode("utf-8")

    def raw_oddity(self) -> bytes:
        rng = self.rng
        return rng.choice(
            [
                b"",
                b"null",
                b"[]",
                b"{",
                b'{"a": 1' + b"0" * 5000 + b"}",
                b'{"a": -' + b"9" * 4300 + b"}",
                b'{"a": 1e99999}',
                b'{"a": NaN}',
                b'{"a": Infinity}',
                _deep(rng.choice([50, 1000, 100000])).encode(),
                ('{"a":' * 3000 + "1" + "}" * 3000).encode(),
                b'{"text": "\\ud800 hi", "buyer_id": "\\udc00"}',
                b"\xff\xfe\x00\x00",
                '{"text": "é"}'.encode("latin-1"),
                json.dumps({"text": "hi"}).encode("utf-16"),
                bytes(rng.randrange(256) for _ in range(rng.randint(1, 300))),
            ]
        )

    def body(self, valid: Dict) -> bytes:
        rng = self.rng
        roll = rng.random()
        payload = json.loads(json.dumps(valid))
        if roll < 0.15:
            return self.raw_oddity()
        if roll < 0.55:
            for _ in range(rng.randint(1, 3)):
                key = rng.choice(list(payload) + ["metadata", "extra", "opened_from", "vip"])
                payload[key] = self.odd_value()
        elif roll < 0.65:
            payload.pop(rng.choice(list(payload)), None)
        elif roll < 0.72:
            key = rng.choice(list(payload) + ["metadata"])
            payload[key] = {"blob": "x" * rng.choice([30_000, 300_000, 2_000_000])}
        elif roll < 0.8:
            encoded = bytearray(self.encode(payload))
            for _ in range(rng.randint(1, 4)):
                encoded[rng.randrange(len(encoded))] = rng.randrange(256)
            return bytes(encoded)
        elif roll < 0.85:
            encoded = self.encode(payload)
            return encoded[: rng.randrange(len(encoded))]
        return self.encode(payload)

    def inside(self, valid: Dict) -> bytes:
        """The valid body with one field of a nested object (a setting, a campaign's part) made
        odd, or a number written as text ("nan", "1e999"), and maybe a sibling left out: the
        checks of what lies inside an object, which mutating the top level never reaches."""
        rng = self.rng
        payload = json.loads(json.dumps(valid))
        nested = [key for key, value in payload.items() if isinstance(value, dict) and value]
        if not nested:
            return self.body(valid)
        inner = payload[rng.choice(nested)]
        odd = rng.choice([self.odd_value(), rng.choice(NUMBERS_AS_TEXT), rng.choice([1e300, -1e300, 10**18])])
        inner[rng.choice(list(inner))] = odd
        if rng.random() < 0.5 and len(payload) > 1:
            payload.pop(rng.choice([key for key in payload if key not in nested] or list(payload)), None)
        return self.encode(payload)

    def headers(self) -> Dict[str, str]:
        rng = self.rng
        headers: Dict[str, str] = {}
        if rng.random() < 0.6:
            headers["Content-Type"] = rng.choice(
                ["application/json", "text/plain", "application/json; charset=latin-1", "multipart/form-data"]
            )
        if rng.random() < 0.1:
            headers["Content-Encoding"] = rng.choice(["gzip", "deflate", "br", "x-nothing"])
        if rng.random() < 0.1:
            name = rng.choice(["Origin", "Cookie", "Authorization", "X-Forwarded-For", "Accept"])
            headers[name] = rng.choice(
                ["null", "Bearer \u00e9", "kefu_session=" + "a" * 500, "1.2.3.4, 5.6.7.8", "*/*", "a=b; c"]
            )
        return headers

    def query_value(self) -> str:
        rng = self.rng
        return rng.choice(
            [
                "0",
                "-1",
                "9223372036854775808",
                "9" * 400,
                "%C2%B2",
                "%EF%BC%91",
                "1.5",
                "%00",
                "%ff%fe",
                "%ED%A0%80",
                "",
                "1e3",
                quote(rng.choice(ODD_STRINGS)[:50], safe="", errors="surrogatepass"),
            ]
        )


Answer = Tuple[Probe, int | str]


def run_probes(base_url: str, probes: List[Probe], budget_seconds: float, workers: int = 8) -> List[Answer]:
    """Send the probes (several at a time) until done or out of time: (probe, status or error)."""
    deadline = time.monotonic() + budget_seconds
    session_per_thread: Dict[int, requests.Session] = {}

    def send(probe: Probe) -> Answer:
        if time.monotonic() > deadline:
            return probe, "skipped"
        import threading

        session = session_per_thread.setdefault(threading.get_ident(), requests.Session())
        try:
            answer = session.request(
                probe.method, base_url + probe.path, data=probe.body, headers=probe.headers, timeout=30
            )
            return probe, answer.status_code
        except requests.RequestException as exc:
            return probe, f"{exc.__class__.__name__}: {exc}"

    with ThreadPoolExecutor(workers) as pool:
        answers = [a for a in pool.map(send, probes) if a[1] != "skipped"]
    for session in session_per_thread.values():
        session.close()
    return answers


def failures(answers: List[Answer]) -> List[str]:
    """Every 5xx or broken connection, described so it can be replayed."""
    return [
        f"{status}: {probe.describe()}"
        for probe, status in answers
        if not isinstance(status, int) or status >= 500
    ]


def generate(count: int, seed: int, make: Callable[[Mutator], Probe]) -> List[Probe]:
    mutator = Mutator(seed)
    return [make(mutator) for _ in range(count)]
