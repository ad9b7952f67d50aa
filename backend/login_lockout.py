"""The admin's sign-in page once django-axes has locked a username out from one address.

Instead of axes' bare line of text, the person signing in gets Wagtail's own sign-in page
saying what happened and how long to wait, answered with 429 and Retry-After. The lockout
is for that username from that address only (settings: AXES_LOCKOUT_PARAMETERS).
"""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import render
from wagtail.admin.views.account import get_user_login_form, password_reset_enabled

LOCKED_OUT = (
    "Too many failed sign-in attempts for this username from your address. "
    "Please wait {minutes} minutes, then try again."
)


def locked_out(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: the sign-in form again, with the lockout message."""
    seconds = int(settings.AXES_COOLOFF_TIME.total_seconds())
    messages.error(request, LOCKED_OUT.format(minutes=max(1, seconds // 60)))
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    form = get_user_login_form()(request, initial={"username": username})
    context = {"form": form, "show_password_reset": password_reset_enabled()}
    response = render(request, "wagtailadmin/login.html", context, status=429)
    response["Retry-After"] = str(seconds)
    return response
