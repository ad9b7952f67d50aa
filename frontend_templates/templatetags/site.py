"""Template filters and tags for rendering the API's data: images, prices, JSON-LD, blocks,
periods."""

import json
from datetime import datetime
from decimal import Decimal, InvalidOperation

from django import template
from django.template.defaultfilters import pluralize
from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.safestring import mark_safe

register = template.Library()

BLOCK_TEMPLATES = {
    name: f"blocks/{name}.html"
    for name in ("heading", "paragraph", "bullet_list", "image", "callout", "call_to_action")
}
JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}
CURRENCY_SYMBOLS = {"USD": "$"}


@register.filter
def srcset(image: dict) -> str:
    """'url 400w, url 800w, …' from the API's renditions of an image."""
    return ", ".join(f"{r['url']} {r['width']}w" for r in image.get("renditions", []))


@register.filter
def price(option: dict) -> str:
    """'$95' or '$97.50' (other currencies: '95 EUR') from a session option."""
    try:
        amount = Decimal(option["price"])
    except (InvalidOperation, KeyError, TypeError):
        return ""
    number = f"{amount:,.0f}" if amount == amount.to_integral_value() else f"{amount:,.2f}"
    currency = option.get("currency", "USD")
    symbol = CURRENCY_SYMBOLS.get(currency)
    return f"{symbol}{number}" if symbol else f"{number} {currency}"


@register.filter
def ld_json(data) -> str:
    """A schema.org object as a JSON-LD script element (data, never executed)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return mark_safe(  # noqa: S308 - JSON escaped so that it cannot close the element
        f'<script type="application/ld+json">{text.translate(JSON_SCRIPT_ESCAPES)}</script>'
    )


@register.simple_tag(takes_context=True)
def body_block(context, block: dict) -> str:
    """One StreamField block with its template; unknown (newer) block types are skipped."""
    name = BLOCK_TEMPLATES.get(block.get("type"))
    if name is None:
        return ""
    return render_to_string(name, {"value": block.get("value")}, request=context.get("request"))


@register.filter
def phone_href(phone: str) -> str:
    """'tel:+18165550142' from '(816) 555-0142' (US numbers get +1)."""
    digits = "".join(ch for ch in phone if ch.isdigit() or ch == "+")
    if not digits.startswith("+"):
        digits = "+1" + digits if len(digits) == 10 else digits
    return escape(f"tel:{digits}")


@register.filter
def clock(hhmm: str) -> str:
    """'6 pm' or '9:30 am' from the API's 24-hour 'HH:MM'."""
    try:
        hours, minutes = (int(part) for part in hhmm.split(":"))
    except (ValueError, AttributeError):
        return hhmm
    suffix = "am" if hours < 12 else "pm"
    hours = hours % 12 or 12
    return f"{hours} {suffix}" if minutes == 0 else f"{hours}:{minutes:02d} {suffix}"


@register.filter
def days(count: int) -> str:
    """'180 days' or '1 day', from a retention period of the API's `personal_data`."""
    return f"{count} day{pluralize(count)}"


@register.filter
def iso_date(value: str) -> str:
    """'November 26, 2026' from an ISO-8601 timestamp."""
    try:
        moment = datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return ""
    return f"{moment:%B} {moment.day}, {moment.year}"


@register.filter
def html_datetime(value: str) -> str:
    """An ISO-8601 timestamp in whole seconds: HTML's `datetime` allows at most milliseconds."""
    try:
        return datetime.fromisoformat(value).isoformat(timespec="seconds")
    except (TypeError, ValueError):
        return ""


@register.filter
def web_url(value: str) -> str:
    """The address if it is an http(s) link, else '' (visitors' websites are untrusted)."""
    return value if isinstance(value, str) and value.startswith(("https://", "http://")) else ""
