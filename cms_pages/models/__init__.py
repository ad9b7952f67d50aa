"""The content model, one module per concern; imported here so Django finds every model."""

from .contact import AppointmentRequest, ContactFormField, ContactPage
from .faqs import FAQ, FAQCategory, FAQPage
from .home import HomeFeaturedService, HomePage
from .practice import Badge, OpeningHours, PracticeSettings, SocialLink
from .responses import Response
from .services import (
    ServiceCondition,
    ServiceFAQ,
    ServiceIndexPage,
    ServicePage,
    ServiceRelatedPage,
    SessionOption,
)
from .standard import StandardPage

__all__ = [
    "FAQ",
    "AppointmentRequest",
    "Badge",
    "ContactFormField",
    "ContactPage",
    "FAQCategory",
    "FAQPage",
    "HomeFeaturedService",
    "HomePage",
    "OpeningHours",
    "PracticeSettings",
    "Response",
    "ServiceCondition",
    "ServiceFAQ",
    "ServiceIndexPage",
    "ServicePage",
    "ServiceRelatedPage",
    "SessionOption",
    "SocialLink",
    "StandardPage",
]
