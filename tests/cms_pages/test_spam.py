"""The spam checks' clocks: the form token (too quick before FORM_MIN_SECONDS, expired after
FORM_TOKEN_MAX_AGE) and the forms' rate limit, a sliding window (no fresh budget when a fixed
window turns).

The clock is moved with time-machine, never waited for (09:00 UTC is where a 600-second
window starts).
"""

import datetime

import pytest
import time_machine

from cms_pages import spam

QUICK = "That was very quick! Please take a moment and send the form again."
EXPIRED = "This form has expired; please reload the page and send it again."
LIMIT, WINDOW = 5, 600


@pytest.fixture
def clock():
    with time_machine.travel(
        datetime.datetime(2025, 5, 1, 9, tzinfo=datetime.UTC), tick=False
    ) as traveller:
        yield traveller


def refusal(token: str) -> str:
    with pytest.raises(spam.SubmissionRefused) as refused:
        spam.check_form_token(token)
    return refused.value.message


def test_a_form_is_too_quick_until_form_min_seconds_have_passed(clock, settings):
    settings.FORM_MIN_SECONDS = 3
    token = spam.issue_form_token()

    clock.shift(2.9)
    assert refusal(token) == QUICK
    clock.shift(0.1)
    spam.check_form_token(token)


def test_a_form_left_open_longer_than_form_token_max_age_has_expired(clock, settings):
    settings.FORM_MIN_SECONDS = 3
    settings.FORM_TOKEN_MAX_AGE = 2 * 60 * 60
    token = spam.issue_form_token()

    clock.shift(2 * 60 * 60)
    spam.check_form_token(token)
    clock.shift(1)
    assert refusal(token) == EXPIRED


@pytest.fixture
def limited(clock, settings):
    """The clock, with the forms limited to LIMIT per WINDOW seconds."""
    settings.FORM_RATE_LIMIT = (LIMIT, WINDOW)
    return clock


def attempt(address: str) -> int | None:
    """None when the submission may go on, else the Retry-After it was refused with."""
    try:
        spam.check_rate_limit("response", address)
    except spam.SubmissionRefused as refused:
        assert refused.status == 429
        return refused.retry_after
    return None


def test_a_whole_budget_just_before_a_window_turns_leaves_no_room_just_after(limited):
    limited.shift(WINDOW - 10)
    assert [attempt("192.0.2.1") for _ in range(LIMIT)] == [None] * LIMIT

    limited.shift(20)  # 10 seconds into the next fixed window
    assert attempt("192.0.2.1") is not None
    assert attempt("192.0.2.2") is None  # someone else still may


def test_a_refused_flooder_stays_refused_across_the_turn(limited):
    limited.shift(WINDOW - 5)
    statuses = [attempt("192.0.2.1") for _ in range(LIMIT + 1)]
    assert statuses[:LIMIT] == [None] * LIMIT and statuses[LIMIT] is not None

    limited.shift(10)
    assert attempt("192.0.2.1") is not None


@pytest.mark.parametrize("flood", [LIMIT + 1, 3 * LIMIT])
@pytest.mark.parametrize("start", [0, WINDOW // 2, WINDOW - 1])
def test_retry_after_is_when_the_next_attempt_fits(limited, flood, start):
    """Two addresses flood alike; one comes back a second early and is refused, the other
    comes back after Retry-After and is let through."""
    limited.shift(start)
    waits = {}
    for address in ("192.0.2.1", "192.0.2.2"):
        waits[address] = [attempt(address) for _ in range(flood)][-1]
    wait = waits["192.0.2.1"]
    assert wait == waits["192.0.2.2"] and wait > 0

    limited.shift(wait - 1)
    assert attempt("192.0.2.1") is not None
    limited.shift(1)
    assert attempt("192.0.2.2") is None
