"""Every page type, rendered by the site from the live backend's demo content."""

from pathlib import Path

import pytest

from tests.frontend.html import main_text, parse, reading_text, text

PRACTICE_PAGE = Path(__file__).resolve().parents[1] / "data" / "craniosacral-page.txt"
PAGE_PATHS = [
    "/",
    "/services/",
    "/services/craniosacral-massage/",
    "/faq/",
    "/about/",
    "/contact/",
    "/search/?q=massage",
]


def practice_paragraphs() -> list[str]:
    """The paragraphs of the practice's real page from its heading to the reply form.

    The visitors' responses ("4 Responses" and the one shown) are left out: the demo content
    holds no approved response (tests/frontend/test_recorded.py renders them).
    """
    lines = [line.strip().lstrip("•").strip() for line in PRACTICE_PAGE.read_text().splitlines()]
    lines = [line for line in lines if line]
    start, responses = lines.index("What is CranioSacral Massage?"), lines.index("4 Responses")
    reply = lines.index("Leave a Reply")
    return lines[start:responses] + lines[reply : reply + 2]


@pytest.mark.parametrize("path", PAGE_PATHS)
def test_every_page_has_the_practice_header_and_footer(site, path):
    response = site.get(path)
    assert response.status_code == 200
    html = parse(response)
    header, footer = html.find("header", class_="site-header"), html.find("footer")
    assert header.find("a", class_="brand-name").get_text() == "Massage Aha!"
    assert "Professional therapeutic massage therapy in Kansas City, MO by Aaron Harris, BCTMB" in (
        text(header)
    )
    badge = header.find("img", alt="Transgender Ally Flag")
    assert badge["width"] and badge["height"] and badge["src"].startswith("http")
    nav = header.find("nav", attrs={"aria-label": "Main"})
    assert [a.get_text() for a in nav.find_all("a")] == [
        "Services",
        "Frequently Asked Questions",
        "About Aaron",
        "Request an Appointment",
    ]
    search = header.find("details", class_="site-search")
    assert "Close this search box" in text(search.summary)
    form = search.find("form", role="search")
    assert form["action"] == "/search/" and form["method"] == "get"
    assert html.find("label", attrs={"for": "site-search-q"}).get_text() == "Search this site"
    footer_text = text(footer)
    for detail in ("1200 Demo Street, Suite 3", "Kansas City, MO 64111", "(816) 555-0142"):
        assert detail in footer_text
    assert footer.find("a", href="mailto:hello@massageaha.example")
    assert "Thursday 12 pm – 8 pm" in footer_text
    assert html.find("a", class_="skip-link")["href"] == "#main"
    assert html.find("main")["id"] == "main"


@pytest.mark.parametrize("path", PAGE_PATHS)
def test_every_page_has_one_h1_and_headings_that_never_skip_a_level(site, path):
    headings = parse(site.get(path)).find_all(["h1", "h2", "h3", "h4", "h5", "h6"])
    levels = [int(heading.name[1]) for heading in headings]
    assert levels.count(1) == 1 and levels[0] == 1
    assert all(level <= previous + 1 for previous, level in zip(levels, levels[1:], strict=False))


@pytest.mark.parametrize("path", PAGE_PATHS)
def test_every_page_stays_under_50_kb(site, path):
    assert len(site.get(path).content) < 50_000


def test_the_craniosacral_page_shows_every_part_of_the_practice_page_in_order(site):
    response = site.get("/services/craniosacral-massage/")
    words = reading_text(response)
    position = 0
    for paragraph in practice_paragraphs():
        found = words.find(paragraph, position)
        assert found >= 0, f"missing or out of order: {paragraph!r}"
        position = found


def test_the_service_page_lists_conditions_sessions_faqs_booking_and_related_pages(site):
    response = site.get("/services/craniosacral-massage/")
    html = parse(response)
    conditions = html.find("ul", class_="conditions")
    assert "Difficulty sleeping (demo)" in text(conditions)
    sessions = text(html.find("section", attrs={"aria-labelledby": "sessions-heading"}))
    assert "60 minutes $95 Single session (demo price)" in sessions
    assert "90 minutes $130" in sessions
    faq = html.find("details", id="faq-7")
    assert text(faq.summary) == "Do I stay clothed during CranioSacral therapy?"
    assert "loose, comfortable clothing" in text(faq)
    booking = html.find("section", attrs={"aria-labelledby": "booking-heading"})
    assert booking.find("a", class_="button")["href"] == "/contact/"
    related = html.find("section", attrs={"aria-labelledby": "related-heading"})
    assert related.h2.get_text() == "More to explore..."
    assert related.find("a", href="/services/swedish-massage/").get_text() == "Swedish Massage"


def test_the_service_page_has_the_leave_a_reply_form(site):
    html = parse(site.get("/services/craniosacral-massage/"))
    reply = html.find("section", attrs={"aria-labelledby": "reply-heading"})
    assert reply.h2.get_text() == "Leave a Reply"
    assert "Your email address will not be published. Required fields are marked *" in text(reply)
    form = reply.form
    assert form["action"] == "/responses/#response-errors" and form["method"] == "post"
    assert form.find("input", attrs={"name": "csrfmiddlewaretoken"})
    assert form.find("input", attrs={"name": "page", "type": "hidden"})["value"] == "10"
    labels = {
        label["for"]: text(label)
        for label in form.find_all("label")
        if not label.find_parent(class_="honeypot")  # for bots only
    }
    assert labels == {
        "response-comment": "Comment *",
        "response-name": "Name *",
        "response-email": "Email *",
        "response-website": "Website",
    }
    assert form.find("textarea", id="response-comment").has_attr("required")
    assert not form.find("input", id="response-website").has_attr("required")


def test_the_service_page_image_offers_renditions_and_loads_lazily(site):
    html = parse(site.get("/services/craniosacral-massage/"))
    image = html.find("img", alt="client receiving craniosacral massage therapy")
    widths = [candidate.split()[-1] for candidate in image["srcset"].split(", ")]
    assert widths == ["400w", "800w", "1200w", "1600w"]
    assert image["sizes"] and image["loading"] == "lazy"
    assert (image["width"], image["height"]) == ("1600", "1067")


def test_home_page_shows_the_hero_featured_services_and_call_to_action(site):
    html = parse(site.get("/"))
    main = html.find("main")
    assert main.h1.get_text() == "Therapeutic massage in Kansas City"
    hero = main.find("img", alt="a calm massage room with soft light")
    assert hero["loading"] == "eager" and hero["fetchpriority"] == "high"
    cards = [text(h3) for h3 in main.find_all("h3")]
    assert cards == ["CranioSacral Massage", "Swedish Massage", "Deep Tissue Massage"]
    cta = main.find("section", attrs={"aria-labelledby": "home-cta-heading"})
    assert cta.h2.get_text() == "Ready for your first session?"
    assert cta.find("a", string="Request an appointment")["href"] == "/contact/"


def test_services_index_lists_every_service_with_its_prices(site):
    response = site.get("/services/")
    words = main_text(response)
    assert parse(response).find("main").h1.get_text() == "Services"
    for title in ("Swedish", "Deep Tissue", "Prenatal", "Sports", "CranioSacral"):
        assert f"{title} Massage" in words
    assert "30 minutes $55 Quick tune-up" in words


def test_faq_page_groups_answers_by_category_in_details(site):
    html = parse(site.get("/faq/"))
    groups = html.find_all("section", class_="faq-group")
    assert [group.h2.get_text() for group in groups] == [
        "Booking and payment",
        "Your session",
        "CranioSacral therapy",
    ]
    first = groups[0].find("details")
    assert first["id"] == "faq-1"
    assert text(first.summary) == "How do I book an appointment?"
    assert "I will reply within one working day" in text(first)
    assert not first.has_attr("open")


def test_standard_page_shows_introduction_and_body(site):
    response = site.get("/cancellation-policy/")
    html = parse(response)
    assert html.find("main").h1.get_text() == "Cancellation Policy"
    assert html.find("main").h2.get_text() == "24 hours' notice"
    assert "Late cancellations may be charged half the session price." in main_text(response)


def test_contact_page_renders_the_form_from_the_api_with_labels_and_no_token(site):
    response = site.get("/contact/")
    form = parse(response).find("main").form
    assert form["action"] == "/contact/#contact-errors" and form["method"] == "post"
    assert form.find("input", attrs={"name": "csrfmiddlewaretoken"})["value"] == ""
    assert "csrftoken" not in response.cookies  # the page is the same for every visitor
    email = form.find("input", attrs={"name": "email"})
    assert email["type"] == "email" and email.has_attr("required")
    assert form.find("label", attrs={"for": email["id"]}).get_text(" ", strip=True) == "Email *"
    phone = form.find("input", attrs={"name": "phone"})
    assert phone["type"] == "tel" and phone["autocomplete"] == "tel"
    help_text = form.find(id=phone["aria-describedby"])
    assert help_text.get_text() == "Optional: if you prefer a call back."
    options = [o.get_text() for o in form.find("select").find_all("option")]
    assert options[1:] == [
        "CranioSacral Massage",
        "Swedish Massage",
        "Deep Tissue Massage",
        "Prenatal Massage",
        "Sports Massage",
    ]
    consent = form.find("input", attrs={"name": "consent_to_be_contacted"})
    assert consent["type"] == "checkbox" and consent.has_attr("required")


def test_search_lists_pages_and_faqs_and_keeps_the_words_in_the_box(site):
    response = site.get("/search/", {"q": "craniosacral"})
    html = parse(response)
    assert html.find("main").h1.get_text() == "Search results for “craniosacral”"
    assert html.find("input", id="search-q")["value"] == "craniosacral"
    assert html.find("p", class_="result-count").get_text() == "4 results"
    links = {a["href"]: a.get_text() for a in html.find("ol", class_="results").find_all("a")}
    assert links["/services/craniosacral-massage/"] == "CranioSacral Massage"
    assert links["/faq/#faq-8"] == "How many CranioSacral sessions will I need?"
    assert html.find("meta", attrs={"name": "robots"})["content"].startswith("noindex")


def test_search_results_come_in_pages_of_ten(site):
    first = parse(site.get("/search/", {"q": "demo"}))
    second = parse(site.get("/search/", {"q": "demo", "page": "2"}))
    last = parse(site.get("/search/", {"q": "demo", "page": "3"}))

    assert first.find("p", class_="result-count").get_text() == "21 results"
    assert len(first.find("ol", class_="results").find_all("li")) == 10
    assert first.find("a", rel="next")["href"] == "?q=demo&page=2"
    assert len(second.find("ol", class_="results").find_all("li")) == 10
    assert second.find("a", rel="prev")["href"] == "?q=demo&page=1"
    assert second.find("a", rel="next")["href"] == "?q=demo&page=3"
    assert len(last.find("ol", class_="results").find_all("li")) == 1
    assert not last.find("a", rel="next")


def test_search_explains_words_the_api_refuses(site):
    response = site.get("/search/", {"q": "!!"})
    assert response.status_code == 200
    html = parse(response)
    box = html.find("input", id="search-q")
    assert box["value"] == "!!" and box["aria-invalid"] == "true"
    error = html.find(id=box["aria-describedby"])
    assert error.get_text() == "search terms must contain at least one letter or digit"


def test_search_without_words_invites_the_visitor_to_type(site):
    response = site.get("/search/")
    assert response.status_code == 200
    assert "Type a word or two" in main_text(response)


def test_an_unknown_path_is_a_friendly_404(site):
    response = site.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in main_text(response)
    assert parse(response).find("a", class_="brand-name").get_text() == "Massage Aha!"


def test_a_path_the_api_refuses_is_a_404_too(site):
    response = site.get("/" + "a" * 3000 + "/")
    assert response.status_code == 404
    assert "Page not found" in main_text(response)


def test_a_path_without_its_trailing_slash_redirects_to_the_page(site):
    response = site.get("/services")
    assert response.status_code == 301
    assert response["Location"] == "/services/"


def test_the_owners_redirects_are_honoured(site):
    for old_path in ("/old-cranio", "/old-cranio/"):
        permanent = site.get(old_path)
        assert permanent.status_code == 301
        assert permanent["Location"] == "/services/craniosacral-massage/"
    temporary = site.get("/book-online")
    assert temporary.status_code == 302
    assert temporary["Location"] == "https://booking.example/massage-aha"
