"""A visitor's personal data, sent through the real submission services in a backend shell:
a response on a new service page of its own, approved by the owner, and an appointment
request from the contact page. Each visitor sends from its own address (the forms allow 5
submissions per address per 10 minutes)."""

import textwrap
import uuid
from dataclasses import dataclass


@dataclass(frozen=True)
class Visitor:
    """Who sent what: the address they gave, their words, the page their response is on."""

    email: str
    words: str
    slug: str
    source_address: str

    @property
    def path(self) -> str:
        return f"/services/{self.slug}/"


def new_visitor(source_address: str) -> Visitor:
    tag = uuid.uuid4().hex[:8]
    return Visitor(
        email=f"visitor-{tag}@example.com",
        words=f"My shoulders finally let go ({tag}).",
        slug=f"responded-{tag}",
        source_address=source_address,
    )


def sending_code(visitor: Visitor) -> str:
    """Shell code: publish the visitor's page, store their response (`response_submit`) and
    approve it (`response_moderate`), then store their appointment request with the same
    words (`appointment_request_submit`)."""
    return textwrap.dedent(f"""
        from cms_pages import services, spam
        from cms_pages.models import ContactPage, ServiceIndexPage, ServicePage

        page = ServicePage(title="Responded {visitor.slug}", slug="{visitor.slug}",
                           summary="A visitor responded.", introduction="<p>Responded.</p>")
        ServiceIndexPage.objects.get().add_child(instance=page)
        page.save_revision().publish()
        response, _ = services.response_submit(
            page=page, name="Dana", email="{visitor.email}", website="", text="{visitor.words}",
            honeypot="", form_token=spam.issue_form_token(),
            ip_address="{visitor.source_address}", user_agent="Firefox",
        )
        services.response_moderate(response=response, status="approved")
        services.appointment_request_submit(
            page=ContactPage.objects.get(),
            data={{"name": "Dana", "email": "{visitor.email}", "message": "{visitor.words}",
                  "preferred_service": "Swedish Massage", "preferred_days_and_times": "Evenings",
                  "consent_to_be_contacted": "on"}},
            honeypot="", form_token=spam.issue_form_token(),
            ip_address="{visitor.source_address}",
        )
        """)
