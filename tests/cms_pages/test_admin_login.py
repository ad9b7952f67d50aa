"""Signing in to the admin: wrong passwords lock a username out from one address, for a while.

The lockout is for that username from that address only, so that someone guessing from
elsewhere cannot lock the owner out; behind a proxy, the address is the one the proxy saw.
"""

import datetime

import pytest
import time_machine
from axes.models import AccessAttempt
from django.test import override_settings
from django.utils import timezone

from tests.client_address_cases import PROXY

pytestmark = pytest.mark.django_db

PASSWORD = "right-Passw0rd!"
ATTACKER, OWNER = "203.0.113.66", "198.51.100.7"
LOCKED_OUT = "Too many failed sign-in attempts for this username from your address."


@pytest.fixture
def owner(django_user_model):
    return django_user_model.objects.create_superuser("admin", "owner@example.com", PASSWORD)


def sign_in(client, password: str, **request):
    """A POST of the admin's sign-in form as 'admin'; `request` sets REMOTE_ADDR and headers."""
    form = {"username": "admin", "password": password, "next": "/admin/"}
    return client.post("/admin/login/", form, **request)


def signed_in(response) -> bool:
    return response.status_code == 302 and response["Location"] == "/admin/"


def guess(client, times: int, **request) -> list:
    return [sign_in(client, f"guess-{n}", **request) for n in range(times)]


def test_five_wrong_passwords_lock_the_username_out_from_that_address(client, owner):
    answers = guess(client, 5, REMOTE_ADDR=ATTACKER)

    assert [a.status_code for a in answers] == [200, 200, 200, 200, 429]
    assert LOCKED_OUT not in answers[3].content.decode()
    attempt = AccessAttempt.objects.get()
    assert (attempt.username, attempt.ip_address, attempt.failures_since_start) == (
        "admin",
        ATTACKER,
        5,
    )
    assert "guess-" not in attempt.post_data  # the guesses themselves are never kept
    locked = sign_in(client, PASSWORD, REMOTE_ADDR=ATTACKER)  # even the right one now
    page = locked.content.decode()
    assert locked.status_code == 429
    assert LOCKED_OUT in page
    assert "Please wait 15 minutes, then try again." in page
    assert 'name="password"' in page  # still the sign-in page
    assert locked["Retry-After"] == "900"
    assert "_auth_user_id" not in client.session


def test_the_owner_still_signs_in_from_another_address(client, owner):
    guess(client, 6, REMOTE_ADDR=ATTACKER)

    answer = sign_in(client, PASSWORD, REMOTE_ADDR=OWNER)

    assert signed_in(answer)
    assert client.session["_auth_user_id"] == str(owner.pk)


def test_the_lockout_expires(client, owner):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        guess(client, 5, REMOTE_ADDR=ATTACKER)
        clock.shift(datetime.timedelta(minutes=14))
        assert sign_in(client, PASSWORD, REMOTE_ADDR=ATTACKER).status_code == 429

        clock.shift(datetime.timedelta(minutes=16))
        assert signed_in(sign_in(client, PASSWORD, REMOTE_ADDR=ATTACKER))


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_behind_a_proxy_the_lockout_is_for_the_address_the_proxy_saw(client, owner):
    """Every sign-in comes from the proxy's address: the lockout must not fall on all."""
    for n in range(6):
        sign_in(client, "guess", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"10.9.9.{n}, {ATTACKER}")

    assert (
        sign_in(client, PASSWORD, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=ATTACKER).status_code
        == 429
    )
    assert signed_in(sign_in(client, PASSWORD, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=OWNER))
