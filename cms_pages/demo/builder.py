"""Builds the demo site in code, idempotently: what exists already is left untouched."""

from collections.abc import Callable
from datetime import time
from decimal import Decimal

from django.db import transaction
from wagtail.models import Page, Site
from wagtail.rich_text import RichText

from cms_pages.demo import content
from cms_pages.demo.pictures import draw_ally_flag, draw_soft_scene, ensure_image
from cms_pages.models import (
    FAQ,
    Badge,
    ContactFormField,
    ContactPage,
    FAQCategory,
    FAQPage,
    HomeFeaturedService,
    HomePage,
    OpeningHours,
    PracticeSettings,
    Response,
    ServiceCondition,
    ServiceFAQ,
    ServiceIndexPage,
    ServicePage,
    ServiceRelatedPage,
    SessionOption,
    SocialLink,
    StandardPage,
)


def paragraphs(*texts: str) -> str:
    """Rich text HTML for plain paragraphs."""
    return "".join(f"<p>{text}</p>" for text in texts)


def in_order(children: list) -> list:
    """Inline children numbered in the order given, as the admin's form numbers them: without
    a sort_order they all tie, and a database may return them in any order."""
    for number, child in enumerate(children):
        child.sort_order = number
    return children


def session_options(options) -> list[SessionOption]:
    return [
        SessionOption(duration_minutes=minutes, price=Decimal(price), label=label)
        for minutes, price, label in options
    ]


class DemoBuilder:
    """Creates each part of the demo site unless it is already there, reporting as it goes."""

    def __init__(self, log: Callable[[str], None]):
        self.log = log
        self.changed = 0

    def report(self, created: bool, what: str) -> None:
        self.changed += created
        self.log(f"{'created' if created else 'already present'}: {what}")

    def publish(self, parent: Page, page: Page) -> Page:
        parent.add_child(instance=page)
        page.save_revision().publish()
        return page

    def child(self, parent: Page, slug: str):
        found = parent.get_children().filter(slug=slug).first()
        return found.specific if found else None

    @transaction.atomic
    def build(self) -> int:
        """Build everything; return how many parts were created (0 on a second run)."""
        home = self.build_home()
        site = Site.objects.get(is_default_site=True)
        self.build_practice_settings(site)
        faqs = self.build_faqs()
        index = self.build_services_index(home)
        services = self.build_other_services(index)
        faq_page = self.build_faq_page(home)
        cranio = self.build_craniosacral(index, faqs, [*services, faq_page])
        self.build_response(cranio)
        self.build_standard_page(home, content.ABOUT)
        self.build_standard_page(home, content.CANCELLATION)
        contact = self.build_contact_page(home, [cranio, *services])
        self.finish_home(home, [cranio, *services], contact)
        self.build_privacy_page(home, site)
        return self.changed

    def build_home(self) -> HomePage:
        site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
        if site and isinstance(site.root_page.specific, HomePage):
            self.report(False, "home page")
            return site.root_page.specific
        root = Page.get_first_root_node()
        for placeholder in root.get_children().filter(slug="home"):
            if type(placeholder.specific) is Page:  # Wagtail's "Welcome" page from migrations
                placeholder.delete()
        picture, _ = ensure_image(
            "Calm massage room", draw_soft_scene(1600, 900, (224, 236, 230), (120, 160, 150))
        )
        fields = {k: v for k, v in content.HOME.items() if k != "hero_text"}
        home = HomePage(
            slug="home",
            hero_text=paragraphs(content.HOME["hero_text"]),
            hero_image=picture,
            **fields,
        )
        self.publish(root, home)
        if site:
            site.root_page = home
            site.site_name = content.PRACTICE["practice_name"]
            site.save()
        else:
            Site.objects.create(
                hostname="localhost",
                root_page=home,
                is_default_site=True,
                site_name=content.PRACTICE["practice_name"],
            )
        self.report(True, "home page")
        return home

    def build_practice_settings(self, site: Site) -> None:
        settings = PracticeSettings.for_site(site)
        if settings.practice_name:
            self.report(False, "practice settings")
            return
        for field, value in content.PRACTICE.items():
            setattr(settings, field, value)
        settings.opening_hours = in_order(
            [
                OpeningHours(
                    day=day, opens=time.fromisoformat(opens), closes=time.fromisoformat(closes)
                )
                for day, opens, closes in content.OPENING_HOURS
            ]
        )
        flag, _ = ensure_image("Transgender Ally Flag", draw_ally_flag())
        settings.badges = in_order([Badge(image=flag, is_active=True, **content.ALLY_BADGE)])
        settings.social_links = in_order(
            [SocialLink(label=label, url=url) for label, url in content.SOCIAL_LINKS]
        )
        settings.save()
        self.report(True, "practice settings, opening hours and the Transgender Ally Flag badge")

    def build_faqs(self) -> dict[str, FAQ]:
        categories = {}
        for name, slug, order in content.FAQ_CATEGORIES:
            categories[slug], created = FAQCategory.objects.get_or_create(
                slug=slug, defaults={"name": name, "sort_order": order}
            )
            self.report(created, f"FAQ category '{name}'")
        faqs = {}
        for order, (category, question, answer, _) in enumerate(content.FAQS):
            faq = FAQ.objects.filter(question=question).first()
            created = faq is None
            if created:
                faq = FAQ(
                    question=question,
                    answer=paragraphs(answer),
                    category=categories[category],
                    sort_order=order,
                )
                faq.save()
                faq.save_revision().publish()
            self.report(created, f"FAQ '{question}'")
            faqs[question] = faq
        return faqs

    def build_services_index(self, home: HomePage) -> ServiceIndexPage:
        index = self.child(home, "services")
        created = index is None
        if created:
            index = self.publish(
                home,
                ServiceIndexPage(
                    slug="services",
                    title=content.SERVICES_INDEX["title"],
                    introduction=paragraphs(content.SERVICES_INDEX["introduction"]),
                    show_in_menus=True,
                ),
            )
        self.report(created, "services index at /services/")
        return index

    def build_other_services(self, index: ServiceIndexPage) -> list[ServicePage]:
        services = []
        for data in content.OTHER_SERVICES:
            page = self.child(index, data["slug"])
            created = page is None
            if created:
                page = ServicePage(
                    slug=data["slug"],
                    title=data["title"],
                    summary=data["summary"],
                    introduction=paragraphs(data["introduction"]),
                    conditions_lead_in="This treatment may help with:",
                )
                page.conditions = in_order(
                    [ServiceCondition(name=name) for name in data["conditions"]]
                )
                page.session_options = in_order(session_options(data["session_options"]))
                self.publish(index, page)
            self.report(created, f"service page /services/{data['slug']}/")
            services.append(page)
        return services

    def build_craniosacral(self, index, faqs, related) -> ServicePage:
        data = content.CRANIOSACRAL
        page = self.child(index, data["slug"])
        if page is not None:
            self.report(False, f"service page /services/{data['slug']}/")
            return page
        picture, _ = ensure_image(
            "CranioSacral massage session",
            draw_soft_scene(1600, 1067, (236, 226, 240), (150, 130, 170)),
        )
        page = ServicePage(
            slug=data["slug"],
            title=data["title"],
            heading=data["heading"],
            summary=data["summary"],
            introduction=paragraphs(*data["introduction"]),
            conditions_lead_in=data["conditions_lead_in"],
            treatment_plan=paragraphs(data["treatment_plan"]),
            suitable_for=paragraphs(data["suitable_for"]),
            image=picture,
            image_alt=data["image_alt"],
            body=[
                ("heading", {"text": data["what_to_expect_heading"], "level": "h2"}),
                ("paragraph", RichText(paragraphs(*data["what_to_expect"]))),
                (
                    "bullet_list",
                    {"lead_in": data["sensations_lead_in"], "items": data["sensations"]},
                ),
            ],
            new_client_note=paragraphs(data["new_client_note"]),
            allow_responses=True,
            search_description=data["summary"],
        )
        page.conditions = in_order([ServiceCondition(name=name) for name in data["conditions"]])
        page.session_options = in_order(session_options(data["session_options"]))
        page.service_faqs = in_order(
            [ServiceFAQ(faq=faqs[question]) for _, question, _, attach in content.FAQS if attach]
        )
        page.related_pages = in_order([ServiceRelatedPage(related_page=other) for other in related])
        self.publish(index, page)
        self.report(True, f"service page /services/{data['slug']}/ (the practice's own page)")
        return page

    def build_response(self, page: ServicePage) -> None:
        data = content.RESPONSE
        created = not Response.objects.filter(page=page, text=data["text"]).exists()
        if created:
            Response.objects.create(
                page=page, status=Response.Status.APPROVED, fingerprint="demo", **data
            )
        self.report(created, "the approved response on the CranioSacral page")

    def build_faq_page(self, home: HomePage) -> FAQPage:
        data = content.FAQ_PAGE
        page = self.child(home, data["slug"])
        created = page is None
        if created:
            page = self.publish(
                home,
                FAQPage(
                    slug=data["slug"],
                    title=data["title"],
                    introduction=paragraphs(data["introduction"]),
                    show_in_menus=True,
                ),
            )
        self.report(created, "FAQ page at /faq/")
        return page

    def build_standard_page(self, home: HomePage, data: dict) -> StandardPage:
        page = self.child(home, data["slug"])
        created = page is None
        if created:
            body = [
                ("heading", {"text": text, "level": "h2"})
                if kind == "heading"
                else ("paragraph", RichText(paragraphs(text)))
                for kind, text in data["body"]
            ]
            page = self.publish(
                home,
                StandardPage(
                    slug=data["slug"],
                    title=data["title"],
                    introduction=paragraphs(data["introduction"]),
                    body=body,
                    show_in_menus=data["slug"] == "about",
                ),
            )
        self.report(created, f"standard page /{data['slug']}/")
        return page

    def build_privacy_page(self, home: HomePage, site: Site) -> None:
        """The privacy page, chosen in Practice settings when it is made (the site then links
        it and adds the periods to it); an owner's later choice is left alone."""
        new = self.child(home, content.PRIVACY["slug"]) is None
        page = self.build_standard_page(home, content.PRIVACY)
        if new:
            settings = PracticeSettings.for_site(site)
            settings.privacy_page = page
            settings.save()

    def build_contact_page(self, home: HomePage, services: list[ServicePage]) -> ContactPage:
        data = content.CONTACT
        page = self.child(home, data["slug"])
        created = page is None
        if created:
            service_choices = "\n".join(service.title for service in services)
            page = ContactPage(
                slug=data["slug"],
                title=data["title"],
                introduction=paragraphs(data["introduction"]),
                thank_you_text=paragraphs(data["thank_you_text"]),
                to_address=content.PRACTICE["email"],
                from_address=content.PRACTICE["email"],
                subject="New appointment request",
                show_in_menus=True,
            )
            page.form_fields = in_order(
                [
                    ContactFormField(
                        label=label,
                        field_type=field_type,
                        required=required,
                        choices=service_choices if choices == "SERVICES" else choices,
                        help_text=help_text,
                    )
                    for label, field_type, required, choices, help_text in data["fields"]
                ]
            )
            self.publish(home, page)
        self.report(created, "contact page at /contact/")
        return page

    def finish_home(self, home: HomePage, services, contact: ContactPage) -> None:
        if home.featured_services.exists():
            self.report(False, "home page's featured services and call to action")
            return
        home.featured_services = in_order(
            [HomeFeaturedService(service=service) for service in services[:3]]
        )
        home.cta_page = contact
        home.save_revision().publish()
        self.report(True, "home page's featured services and call to action")
