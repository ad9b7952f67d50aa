"""The fields of a service page and of its index: sessions, FAQs, "More to explore",
responses, and the services an index lists (see `api.page_fields`, which declares which
page type shows which)."""

from collections import defaultdict
from dataclasses import dataclass
from functools import cache

from django.db.models import Prefetch, prefetch_related_objects
from rest_framework import serializers

from api.compiled_query import STAND_IN_ID, CompiledQuery
from api.fields import LoadedField, Prefetching, WholeObjectField, rich_texts
from api.openapi.jsonschema import STRING, array, complete, nullable, page_link_with, ref
from api.serializers import (
    FAQSerializer,
    ImageSerializer,
    PageLinkSerializer,
    ResponseOutputSerializer,
    prefetch_pictures,
)
from cms_pages import models, selectors

CURRENCY = "USD"


class SessionOptionSerializer(serializers.Serializer):
    """A bookable length of session and its price."""

    duration_minutes = serializers.IntegerField()
    price = serializers.CharField()
    currency = serializers.SerializerMethodField()
    label = serializers.CharField()

    def get_currency(self, option) -> str:
        return CURRENCY


SESSION_OPTION = complete(
    {
        "duration_minutes": {"type": "integer", "minimum": 0},
        "price": {**STRING, "description": "Decimal, e.g. 95.00."},
        "currency": {"type": "string", "enum": [CURRENCY]},
        "label": STRING,
    }
)


class SessionOptionsField(Prefetching, WholeObjectField):
    """A service's session lengths and prices, in the owner's order."""

    schema = array(ref("SessionOption"))
    components = {"SessionOption": SESSION_OPTION}

    def prefetch(self, pages):
        prefetch_related_objects(pages, "session_options")

    def to_representation(self, page):
        return SessionOptionSerializer(page.session_options.all(), many=True).data


def prefetch_service_faqs(pages: list) -> None:
    """Load the FAQs attached to every service, with their categories."""
    links = models.ServiceFAQ.objects.select_related("faq__category")
    prefetch_related_objects(pages, Prefetch("service_faqs", queryset=links))


class ServiceFAQsField(Prefetching, WholeObjectField):
    """The published FAQs attached to a service, in the owner's order."""

    schema = array(ref("FAQ"))

    def prefetch(self, pages):
        prefetch_service_faqs(pages)
        answers = (faq.answer for page in pages for faq in selectors.service_faqs(page))
        rich_texts(self.context).add(answers)

    def to_representation(self, page):
        faqs = selectors.service_faqs(page)
        return FAQSerializer(faqs, many=True, context=self.context).data


class RelatedPagesField(LoadedField):
    """'More to explore': the owner's public choices, else up to three sibling services."""

    schema = array(ref("PageLink"))

    def load(self, pages):
        return selectors.related_pages_of(pages)

    def to_representation(self, page):
        pages = self.loaded_for(page)
        return PageLinkSerializer(pages, many=True, context=self.context).data


# What the public sees of a response (`ResponseOutputSerializer`), and all that is loaded of
# one shown: its visitor's sealed email, address and browser are never unsealed for it.
PUBLISHED_RESPONSE_FIELDS = (
    "page",
    "name",
    "website",
    "text",
    "submitted_at",
    "reply",
    "replied_at",
)


def published_responses():
    """The approved responses, oldest first, with only their published fields loaded."""
    return selectors.approved_responses().only(*PUBLISHED_RESPONSE_FIELDS)


def published_responses_of(page_ids: list[int]) -> dict[int, list]:
    """The approved responses of each of these pages (by id; oldest first), in one query:
    for one page (a detail's), compiled once per process (`one_pages_responses`)."""
    of_page = defaultdict(list)
    if len(page_ids) == 1:
        of_page[page_ids[0]] = one_pages_responses().instances(page=page_ids[0])
    elif page_ids:
        for response in published_responses().filter(page_id__in=page_ids):
            of_page[response.page_id].append(response)
    return of_page


@cache
def one_pages_responses() -> CompiledQuery:
    """`published_responses()` of one page, its page's id a place to fill in."""
    queryset = published_responses().filter(page_id=STAND_IN_ID)
    page = models.Response._meta.get_field("page")
    return CompiledQuery(queryset, {"page": (page, STAND_IN_ID)})


def prefetch_approved_responses(pages: list) -> None:
    """Load the approved responses of every page not loaded yet, oldest first, as its
    `approved_responses` (`published_responses_of`)."""
    missing = [page for page in pages if not hasattr(page, "approved_responses")]
    of_page = published_responses_of([page.pk for page in missing])
    for page in missing:
        page.approved_responses = of_page[page.pk]


def approved_responses_of(page) -> list:
    """The page's approved responses, oldest first: loaded with the other pages shown (see
    `prefetch_approved_responses`), else queried for this page alone."""
    prefetched = getattr(page, "approved_responses", None)
    if prefetched is not None:
        return prefetched
    return published_responses_of([page.pk])[page.pk]


class ResponsesField(Prefetching, WholeObjectField):
    """The page's approved responses, oldest first, each with the owner's reply."""

    schema = array(ref("ResponseOutput"))

    def prefetch(self, pages):
        prefetch_approved_responses(pages)

    def to_representation(self, page):
        return ResponseOutputSerializer(approved_responses_of(page), many=True).data


class ResponseCountField(Prefetching, WholeObjectField):
    """How many approved responses the page has."""

    schema = {"type": "integer", "minimum": 0}

    def prefetch(self, pages):
        prefetch_approved_responses(pages)

    def to_representation(self, page):
        return len(approved_responses_of(page))


class FeaturedServiceSerializer(PageLinkSerializer):
    """A featured service, with its picture for a card."""

    image = ImageSerializer(source="*", alt="image_alt")


class ServiceSummarySerializer(FeaturedServiceSerializer):
    """A service under the services index, with its picture and sessions."""

    session_options = SessionOptionSerializer(many=True)


# How many services a services index's own answer lists; a client pages through the rest
# with the pages list (`SERVICES_REST`) in slices of the same size, so no more than its
# largest `limit` (api.params.LIMIT_MAX).
SERVICES_SHOWN = 24
SERVICES_REST = (
    "pages/?child_of=<index id>&type=cms_pages.ServicePage"
    "&fields=summary,search_description,image,session_options"
    f"&limit={SERVICES_SHOWN}&offset={SERVICES_SHOWN}"
)


@dataclass(frozen=True)
class ServicesShown:
    """What an index shows of its public services: the first few, and how many there are."""

    first: list
    total: int


def services_shown(context: dict, indexes: list) -> dict[int, ServicesShown]:
    """The first SERVICES_SHOWN public services under each index and their number, by page
    id (`selectors.first_services_under_each`): one query for every index not yet loaded,
    kept in the serializer context, which `services` and `services_total` share."""
    shown = context.setdefault("services_shown", {})
    missing = [index for index in indexes if index.pk not in shown]
    for pk, (first, total) in selectors.first_services_under_each(missing, SERVICES_SHOWN).items():
        shown[pk] = ServicesShown(first, total)
    return {index.pk: shown[index.pk] for index in indexes}


class ServiceListField(LoadedField):
    """The first services under the services index, in the owner's order, with sessions."""

    schema = {
        **array(ref("ServiceSummary")),
        "maxItems": SERVICES_SHOWN,
        "description": (
            f"The first {SERVICES_SHOWN} public services under the index, in the owner's "
            "order; `services_total` says how many there are. The rest, in the same order: "
            f"`{SERVICES_REST}` (then offset {2 * SERVICES_SHOWN}, ...). That list gives each "
            "service's `id`, `title`, `summary`, `image` and `session_options` alike; its "
            "path and type are under `meta` (`meta.path`, `meta.type`), and its `summary` is "
            "the service's own, which is never empty for a service an owner published (an "
            "item here falls back on `meta.search_description` without one)."
        ),
    }
    components = {
        "SessionOption": SESSION_OPTION,
        "ServiceSummary": page_link_with(
            {"image": nullable(ref("Image")), "session_options": array(ref("SessionOption"))},
            "A service under the services index, with its picture and sessions.",
        ),
    }

    def load(self, indexes):
        found = {pk: shown.first for pk, shown in services_shown(self.context, indexes).items()}
        services = [service for first in found.values() for service in first]
        prefetch_pictures(services)
        prefetch_related_objects(services, "session_options")
        return found

    def to_representation(self, index):
        services = self.loaded_for(index)
        return ServiceSummarySerializer(services, many=True, context=self.context).data


class ServiceTotalField(LoadedField):
    """How many public services the services index has, `services` listing the first."""

    schema = {
        "type": "integer",
        "minimum": 0,
        "description": (
            "How many public services are under the index; more than the length of "
            "`services` when some are left for the pages list (see `services`)."
        ),
    }

    def load(self, indexes):
        return {pk: shown.total for pk, shown in services_shown(self.context, indexes).items()}

    def to_representation(self, index):
        return self.loaded_for(index)
