"""The form token's clock: too quick before FORM_MIN_SECONDS, expired after FORM_TOKEN_MAX_AGE.

The clock is moved with time-machine, never waited for.
"""

import datetime

import pytest
import time_machine

from cms_pages import spam

QUICK = "That was very quick! Please take a moment and send the form again."
EXPIRED = "This form has expired; please reload the page and send it again."


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
