"""What the scale step's catalogue pages say (bench.catalogue_rows writes them).

Made-up services, guides and FAQs in the demo's shape: one service in 16 is a CranioSacral
one and every page mentions massage, so that a search finds a few pages or thousands. The
services have the parts every service has (conditions, session options, FAQs, a typed body)
so that their API answers cost what a real one does. Imported by bench.catalogue's process
only, once Django is set up.
"""

from django.utils.text import slugify
from wagtail.rich_text import RichText

from cms_pages.models import (
    FAQ,
    FAQCategory,
    ServiceCondition,
    ServiceFAQ,
    ServicePage,
    SessionOption,
    StandardPage,
)

FAQS_PER_SERVICE = 2
TEXT = "(Catalogue text.)"
STYLES = (
    "Swedish", "Deep Tissue", "Hot Stone", "Sports", "Prenatal", "Lymphatic Drainage",
    "Reflexology", "Shiatsu", "Trigger Point", "Myofascial Release", "Aromatherapy", "Thai",
    "Chair", "Lomi Lomi", "Bamboo", "CranioSacral",
)  # fmt: skip
AREAS = ("Neck", "Shoulders", "Lower Back", "Upper Back", "Hips", "Legs", "Feet", "Hands")


def paragraphs(*texts: str) -> str:
    return "".join(f"<p>{text}</p>" for text in texts)


def in_order(children: list) -> list:
    for number, child in enumerate(children):
        child.sort_order = number
    return children


def service(number: int, faqs: list[FAQ]) -> ServicePage:
    style, area = STYLES[number % len(STYLES)], AREAS[number // len(STYLES) % len(AREAS)]
    title = f"{style} Massage for the {area} ({number + 1})"
    minutes = (30, 45, 60, 75, 90)[number % 5]
    page = ServicePage(
        title=title,
        slug=slugify(title),
        heading=f"What is {style} Massage for the {area}?",
        summary=f"{style} massage for the {area.lower()}, {minutes} minutes at a time. {TEXT}",
        introduction=paragraphs(
            f"{style} massage works on the {area.lower()} with slow, attentive pressure.",
            f"Each session is agreed with you first. {TEXT}",
        ),
        conditions_lead_in="This treatment may help with:",
        treatment_plan=paragraphs(f"Three sessions a week apart, then monthly. {TEXT}"),
        suitable_for=paragraphs(f"Anyone with a tired {area.lower()}. {TEXT}"),
        body=[
            ("heading", {"text": "What to expect", "level": "h2"}),
            ("paragraph", RichText(paragraphs(f"A quiet room and {style} massage. {TEXT}"))),
            ("bullet_list", {"lead_in": "You may feel:", "items": ["Warmth", "Ease", "Calm"]}),
        ],
        new_client_note=paragraphs(f"New to massage? Tell me before we start. {TEXT}"),
        search_description=f"{style} massage for the {area.lower()}.",
    )
    page.conditions = in_order(
        [ServiceCondition(name=f"{area} tension"), ServiceCondition(name="Stress")]
    )
    page.session_options = in_order(
        [SessionOption(duration_minutes=minutes, price=60 + minutes, label="")]
        + [SessionOption(duration_minutes=minutes + 30, price=90 + minutes, label="Longer")]
    )
    page.service_faqs = in_order(
        [ServiceFAQ(faq=faqs[(number * 7 + k) % len(faqs)]) for k in range(FAQS_PER_SERVICE)]
    )
    return page


def standard(title: str, number: int) -> StandardPage:
    style, area = STYLES[number % len(STYLES)], AREAS[number % len(AREAS)]
    return StandardPage(
        title=title,
        slug=slugify(title),
        introduction=paragraphs(f"Notes on {style} massage and your {area.lower()}. {TEXT}"),
        body=[
            ("heading", {"text": f"Your {area.lower()}", "level": "h2"}),
            ("paragraph", RichText(paragraphs(f"How massage helps the {area.lower()}. {TEXT}"))),
        ],
    )


def faq(number: int, categories: list[FAQCategory]) -> FAQ:
    return FAQ(
        question=f"How often should I book {STYLES[number % len(STYLES)]} massage? ({number + 1})",
        answer=paragraphs(f"Every two to four weeks suits most people. {TEXT}"),
        category=categories[number % len(categories)],
        sort_order=100 + number,
    )
