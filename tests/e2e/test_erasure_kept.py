"""Nothing erased kept: a visitor's approved response, erased at their request, is gone from
every copy the site keeps, last good copies included, so that an API outage cannot show it.

The site is test_privacy_kept's: a gunicorn process of its own reading the live backend
through an API proxy that can turn failing, purged by the changes a `manage.py shell` makes.
"""

import json

from tests.e2e import test_privacy_kept as kept
from tests.e2e.visitors import new_visitor, sending_code

own_site = kept.own_site
site = kept.site


def test_an_erased_response_is_not_shown_from_a_last_good_copy(live_backend, site):
    visitor = new_visitor(source_address="127.0.0.61")
    kept.change(live_backend, site, sending_code(visitor))
    assert visitor.words in kept.visit(site, visitor.path).text  # kept as a last good copy too

    site.api.mode = "failing"  # from now on, before the purge: it cannot render the page again
    erased = kept.change(
        live_backend,
        site,
        f"""
        import json
        from cms_pages.personal_data import subjects
        print(json.dumps(subjects.erase(subjects.held_for("{visitor.email}"))))
        """,
    )
    answer = kept.visit(site, visitor.path)

    assert json.loads(erased) == {"responses": 1, "appointment_requests": 1, "sign_in_attempts": 0}
    assert answer.status_code == 503
    assert visitor.words not in answer.text
