"""The table's rows of step j (bench.scale_scenarios): each endpoint at 5,000 pages against
the same endpoint at demo size, our cold list against stock Wagtail's, and the set-up time.

`ratio` also gives the verdict of a goal stated as a ratio to a baseline (bench.table uses
it for the cold detail against stock Wagtail).
"""

from bench.cells import budget, latency

SCALE_LIMIT = 2.0  # p95 with 5,000 pages <= 2x p95 at demo size
STOCK_LIMIT = 0.5  # a cold answer's p50 <= 0.5x stock Wagtail's (list; detail in bench.table)
SETUP_BUDGET_SECONDS = 180


def ratio(ours: dict | None, baseline: dict | None, key: str, limit: float) -> str:
    """'0.42x: ok' when ours[key] / baseline[key] <= limit, else '...: MISS'."""
    if not ours or not baseline or not ours.get(key) or not baseline.get(key):
        return "n/a"
    value = ours[key] / baseline[key]
    return f"{value:.2f}x: {budget(value <= limit)}"


def scale_rows(results: dict) -> list[tuple[str, str, str, str, str]]:
    found = results.get("scale")
    if not found:
        return []
    demo, large = found["demo"], found["large"]
    pages = f"{large['pages']:,} vs {demo['pages']} pages"
    counts = {name: (large["counts"][name], demo["counts"][name]) for name in large["counts"]}
    labels = {
        "list": f"API list, limit=20 ({min(20, counts['list'][0])} of {counts['list'][0]:,} "
        f"vs {min(20, counts['list'][1])} of {counts['list'][1]} services)",
        "detail": "API detail, Swedish Massage (siblings as 'More to explore')",
        "find": "API find by path, CranioSacral",
        "search": f"API search q=massage ({counts['search'][0]:,} vs {counts['search'][1]} hits)",
        "site": "site page, CranioSacral (cold: without page cache)",
    }
    table = []
    for name, label in labels.items():
        for kind in ("cold", "warm"):
            key = f"{name}_{kind}"
            table.append(
                (
                    f"j. {label}, {kind}: {pages} (sequential, n={found['rounds']})",
                    latency(large["sequential"].get(key)),
                    latency(demo["sequential"].get(key)),
                    f"p95 <= {SCALE_LIMIT:g}x demo size",
                    ratio(
                        large["sequential"].get(key),
                        demo["sequential"].get(key),
                        "p95_ms",
                        SCALE_LIMIT,
                    ),
                )
            )
    same = found["same_list_items"]
    table.append(
        (
            f"j. API list cold vs stock Wagtail's list of the same {found['list_items']} "
            f"services ({large['pages']:,} pages)" + ("" if same else ", ITEMS DIFFER"),
            latency(large["sequential"].get("list_cold")),
            latency(large["sequential"].get("stock_list")),
            f"p50 <= {STOCK_LIMIT:g}x stock",
            ratio(
                large["sequential"].get("list_cold"),
                large["sequential"].get("stock_list"),
                "median_ms",
                STOCK_LIMIT,
            )
            if same
            else "n/a",
        )
    )
    made = found["catalogue"]
    seconds = made["seconds"]
    table.append(
        (
            f"j. catalogue set-up: {made['pages']:,} pages, {made['faqs']} FAQs, "
            f"{made['approved_responses']} responses, search index",
            f"{seconds['in all (bench side)']:.0f} s (rows {seconds['rows']:.0f} s, "
            f"index {seconds['search index']:.0f} s)",
            "-",
            f"<= {SETUP_BUDGET_SECONDS} s",
            budget(seconds["in all (bench side)"] <= SETUP_BUDGET_SECONDS),
        )
    )
    return table
