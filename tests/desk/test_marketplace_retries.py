"""with_retries and a send whose answer was lost: after a timeout, and only then, the
landed() check decides whether the call is repeated; a check that fails counts as not
landed (a reply twice beats a reply lost). replied_since_buyer reads chat order."""

from __future__ import annotations

import asyncio

import pytest

from bot.channels.marketplace_calls import (
    RATE_LIMITED,
    TIMED_OUT,
    MarketplaceError,
    replied_since_buyer,
    with_retries,
)


def retried(errors, landed_answers):
    """Runs with_retries over a call failing with `errors` (kinds) then answering "ok"; each
    landed() check answers the next of `landed_answers` (an exception is raised)."""
    calls, checks = [], []

    async def call():
        calls.append(len(calls))
        if len(calls) <= len(errors):
            raise MarketplaceError(errors[len(calls) - 1], "send: timed out")
        return "ok"

    async def landed():
        answer = landed_answers[len(checks)]
        checks.append(answer)
        if isinstance(answer, Exception):
            raise answer
        return answer

    async def no_wait(_seconds):
        return None

    value = asyncio.run(with_retries(call, None, 5, 0.0, no_wait, landed))
    return value, len(calls), len(checks)


def test_a_timed_out_call_found_landed_is_not_repeated():
    assert retried([TIMED_OUT], [True]) == ((None, 1), 1, 1)


def test_a_timed_out_call_not_found_is_repeated():
    assert retried([TIMED_OUT], [False]) == (("ok", 2), 2, 1)


def test_a_check_that_fails_counts_as_not_landed():
    failing = MarketplaceError(RATE_LIMITED, "history: HTTP 429")
    assert retried([TIMED_OUT, TIMED_OUT], [failing, False]) == (("ok", 3), 3, 2)


def test_a_rate_limit_is_no_reason_to_check():
    assert retried([RATE_LIMITED], []) == (("ok", 2), 2, 0)


SELLER, BUYER = "seller", "buyer"


def chat(*messages):
    return [{"at": at, "who": who, "text": text} for at, who, text in messages]


def sent(messages, text):
    return replied_since_buyer(
        messages,
        text,
        lambda m: m["at"],
        lambda m: m["text"] if m["who"] == SELLER else None,
        lambda m: m["who"] == BUYER,
    )


@pytest.mark.parametrize(
    "messages, expected",
    [
        (chat((1, BUYER, "hi"), (2, SELLER, "Hello!")), True),
        (chat((2, SELLER, "Hello!"), (1, BUYER, "hi")), True),  # any order the list comes in
        (chat((1, SELLER, "Hello!"), (2, BUYER, "hi again")), False),  # an earlier turn's reply
        (chat((1, BUYER, "hi")), False),
        (chat((1, BUYER, "hi"), (1, SELLER, "Hello!")), True),  # the same second: the reply is later
        ([None, "x", *chat((1, BUYER, "hi"), (2, SELLER, "Hello!"))], True),
    ],
)
def test_a_reply_counts_only_after_the_buyers_latest_message(messages, expected):
    assert sent(messages, "Hello!") is expected
