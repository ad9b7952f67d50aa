"""schema.org JSON-LD for the practice, its services and its FAQs, built in one place.

The frontend embeds exactly what the API returns, so search engines and partner sites see
the same description of the business.
"""

from api.representations import Picture, page_path, plain_text, public_page_url
from cms_pages import selectors
from cms_pages.models import FAQPage, PracticeSettings, ServicePage

SCHEMA = "https://schema.org"
PRACTICE_TYPE = "HealthAndBeautyBusiness"


def practice_jsonld(practice: PracticeSettings) -> dict:
    """The practice as a local health-and-beauty business with address and opening hours."""
    data = {
        "@context": SCHEMA,
        "@type": PRACTICE_TYPE,
        "name": practice.practice_name,
        "description": practice.tagline,
        "telephone": practice.phone,
        "email": practice.email,
        "address": {
            "@type": "PostalAddress",
            "streetAddress": practice.street_address,
            "addressLocality": practice.locality,
            "addressRegion": practice.region,
            "postalCode": practice.postal_code,
            "addressCountry": practice.country,
        },
        "openingHoursSpecification": [
            {
                "@type": "OpeningHoursSpecification",
                "dayOfWeek": f"{SCHEMA}/{hours.day}",
                "opens": hours.opens.strftime("%H:%M"),
                "closes": hours.closes.strftime("%H:%M"),
            }
            for hours in practice.opening_hours.all()
        ],
    }
    if practice.therapist_name:
        data["employee"] = {
            "@type": "Person",
            "name": practice.therapist_name,
            "hasCredential": practice.therapist_credential,
        }
    if practice.social_links.exists():
        data["sameAs"] = [link.url for link in practice.social_links.all()]
    return {key: value for key, value in data.items() if value not in ("", None, [])}


def provider(practice: PracticeSettings) -> dict:
    """The practice as the provider a service names."""
    return {"@type": PRACTICE_TYPE, "name": practice.practice_name}


def service_jsonld(page: ServicePage, practice: PracticeSettings, request) -> dict:
    """A service with an offer per session option, provided by the practice."""
    data = {
        "@context": SCHEMA,
        "@type": "Service",
        "name": page.title,
        "description": page.summary,
        "url": public_page_url(page_path(page, request)),
        "serviceType": "Massage therapy",
        "provider": provider(practice),
        "offers": [
            {
                "@type": "Offer",
                "name": option.label or f"{option.duration_minutes}-minute session",
                "price": str(option.price),
                "priceCurrency": "USD",
                "eligibleDuration": {
                    "@type": "QuantitativeValue",
                    "value": option.duration_minutes,
                    "unitCode": "MIN",
                },
            }
            for option in page.session_options.all()
        ],
    }
    if page.image:
        data["image"] = Picture(page.image, page.image_alt).src
    return data


def faqs_jsonld(faqs) -> dict:
    """A list of questions and answers as an FAQPage."""
    return {
        "@context": SCHEMA,
        "@type": "FAQPage",
        "mainEntity": [
            {
                "@type": "Question",
                "name": faq.question,
                "acceptedAnswer": {"@type": "Answer", "text": plain_text(faq.answer)},
            }
            for faq in faqs
        ],
    }


def for_page(page, request, *, public_faqs: list | None = None) -> list[dict]:
    """The JSON-LD blocks a page should carry (none for pages without structured data).

    An FAQ page describes every public FAQ: `public_faqs`, when given, are those, read once
    for many pages; otherwise they are read here."""
    practice = PracticeSettings.for_request(request)
    if isinstance(page, ServicePage):
        blocks = [service_jsonld(page, practice, request)]
        faqs = selectors.service_faqs(page)
        if faqs:
            blocks.append(faqs_jsonld(faqs))
        return blocks
    if isinstance(page, FAQPage):
        return [faqs_jsonld(selectors.public_faqs() if public_faqs is None else public_faqs)]
    if page.depth == 2:
        return [practice_jsonld(practice)]
    return []


def with_practice(blocks: list[dict], practice: PracticeSettings) -> list[dict]:
    """Blocks built earlier (a stored page answer, `api.stored_answers`) with the practice's
    details as they are now: the practice's own block made again, each service's provider
    renamed. The owner's Practice details change without any page changing."""
    return [
        practice_jsonld(practice)
        if block.get("@type") == PRACTICE_TYPE
        else {**block, "provider": provider(practice)}
        if "provider" in block
        else block
        for block in blocks
    ]
