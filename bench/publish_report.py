"""The publishing steps in the report (d, g and h: `--only publish`): their rows of the table.

Publish-to-visible, publishing in the admin with Chromium, and the scheduled go-live lag.
"""

from bench.cells import budget


def publish_rows(results: dict) -> list[tuple[str, str, str, str, str]]:
    """d. publish-to-visible; g. publishing in the admin with Chromium; h. scheduled
    go-live lag."""
    table = []
    published = results.get("publish")
    if published:
        trials = published["trials"]
        delivered = [t["purge_delivered_s"] for t in trials if t["purge_delivered_s"] is not None]
        calls = [t["publish_call_s"] for t in trials]
        table.append(
            (
                f"d. publish() call itself, in the publishing process ({_trials(trials)})",
                _seconds(calls),
                "-",
                "-",
                "info",
            )
        )
        table.append(
            (
                f"d. publish -> purge webhook delivered ({_trials(trials)})",
                _seconds(delivered),
                "-",
                "-",
                "info",
            )
        )
        visible = published["visible_s"]
        shown = _seconds(visible) if visible else "never"
        table.append(
            (
                f"d. publish -> visible on the site ({published['within_budget']}/{len(trials)} "
                "within budget)",
                shown + ("" if published["all_visible"] else " (see notes)"),
                "-",
                f"<= {published['budget_s']:.0f} s",
                budget(
                    published["all_visible"] and published["max_visible_s"] <= published["budget_s"]
                ),
            )
        )
    admin = results.get("admin_publish")
    if admin and admin.get("skipped"):
        table.append(("g. admin publish (Chromium)", "skipped", "-", "-", "skipped"))
    elif admin:
        ours, stock, ratio = admin["ours_post"], admin["stock_post"], admin["ratio_p50"]
        failed = "" if admin["all_published"] else f" ({len(admin['failed'])} failed)"
        table.append(
            (
                f"g. admin publish POST vs stock coupled Wagtail admin (n={ours['count']}; "
                "p50 / p95)",
                _p50_p95(ours) + failed,
                _p50_p95(stock),
                f"ours p50 <= {admin['ratio_goal']:g} x stock",
                "n/a"
                if ratio is None
                else f"{ratio:.2f}x stock: " + budget(ratio <= admin["ratio_goal"]),
            )
        )
        table.append(
            (
                "g. admin publish click -> next admin page loaded (p50 / p95; bench's clock)",
                _p50_p95(admin["ours_click_to_next_page"]),
                _p50_p95(admin["stock_click_to_next_page"]),
                "-",
                "info",
            )
        )
        visible = admin["visible"]
        missing = f" ({visible['not_visible']} never shown)" if visible["not_visible"] else ""
        table.append(
            (
                f"g. admin publish click -> visible on the site (n={visible['count']}; p50 / p95)",
                _p50_p95(visible) + missing,
                "-",
                f"p95 <= {admin['visible_budget_s']:g} s",
                budget(
                    not visible["not_visible"]
                    and visible["p95_s"] is not None
                    and visible["p95_s"] <= admin["visible_budget_s"]
                ),
            )
        )
        after = admin.get("ours_after_post_start")
        if after:
            tasks = "/".join(str(count) for count in after["tasks_per_publish"]) or "0"
            table.append(
                (
                    "g. ours, from POST start: site purge delivered; worker done with the "
                    f"{tasks} queued tasks (p50 / p95)",
                    f"{_p50_p95(after['purge_delivered'])}; {_p50_p95(after['queued_tasks_done'])}",
                    "-",
                    "-",
                    "info",
                )
            )
    timed = results.get("scheduled")
    if timed:
        lags = timed["lags_s"]
        shown = (
            ", ".join(
                f"{sample['lag_s']:.2f} s (at {sample['go_live_after_round_end_s']:.1f})"
                for sample in timed["samples"]
                if sample["lag_s"] is not None
            )
            or "never"
        )
        table.append(
            (
                f"h. scheduled go-live -> visible ({len(timed['samples'])} samples; worker's "
                f"scheduler every {timed['scheduler_interval_s']:g} s; at = go-live, s after a "
                "round)",
                shown + ("" if timed["all_visible"] else " (see notes)"),
                "-",
                f"<= {timed['bound_s']:g} s (interval + 1 s)",
                budget(timed["all_visible"] and max(lags) <= timed["bound_s"]),
            )
        )
    return table


def _p50_p95(summary: dict) -> str:
    if not summary.get("count"):
        return "n/a"
    return f"{summary['p50_s'] * 1000:.0f} / {summary['p95_s'] * 1000:.0f} ms"


def _trials(trials: list) -> str:
    return f"{len(trials)} trial" + ("" if len(trials) == 1 else "s")


def _seconds(values: list[float]) -> str:
    if not values:
        return "n/a"
    ordered = sorted(values)
    return (
        f"median {ordered[len(ordered) // 2]:.3f} s, max {ordered[-1]:.3f} s "
        f"({', '.join(f'{v:.2f}' for v in values)})"
    )
