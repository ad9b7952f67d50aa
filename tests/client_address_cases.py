"""What the client's address is, for both copies of `client_ip` (the CMS's and the site's).

(TRUSTED_PROXY_COUNT, REMOTE_ADDR, X-Forwarded-For or None, the client's address): the
nearest proxy is REMOTE_ADDR; each proxy appends the address it was reached from.
"""

PROXY, INNER_PROXY = "10.0.0.9", "10.0.0.8"
VISITOR = "198.51.100.7"

CASES = {
    "no proxy: the connection's address": (0, VISITOR, None, VISITOR),
    "no proxy: a header the client wrote is ignored": (0, VISITOR, "203.0.113.1", VISITOR),
    "one proxy: the entry it appended": (1, PROXY, VISITOR, VISITOR),
    "one proxy: forged entries on the left are ignored": (
        1,
        PROXY,
        f"203.0.113.1, 8.8.8.8, {VISITOR}",
        VISITOR,
    ),
    "one proxy: a private visitor is not traded for a public forgery": (
        1,
        PROXY,
        "8.8.8.8, 192.168.1.20",
        "192.168.1.20",
    ),
    "one proxy: a loopback visitor is itself": (1, "127.0.0.1", "127.0.0.2", "127.0.0.2"),
    "one proxy: junk on the left is skipped": (
        1,
        PROXY,
        f"unknown, <script>, , {VISITOR}",
        VISITOR,
    ),
    "one proxy: a port is dropped": (1, PROXY, f"{VISITOR}:4711", VISITOR),
    "one proxy: IPv6 in brackets with a port": (1, PROXY, "[2001:db8::7]:443", "2001:db8::7"),
    "one proxy: no header (a call past the proxy)": (1, PROXY, None, PROXY),
    "one proxy: an empty header": (1, PROXY, "", PROXY),
    "one proxy: nothing but junk": (1, PROXY, "not-an-address", PROXY),
    "two proxies: the entry before the inner proxy's": (
        2,
        PROXY,
        f"{VISITOR}, {INNER_PROXY}",
        VISITOR,
    ),
    "two proxies: forged entries on the left are ignored": (
        2,
        PROXY,
        f"203.0.113.1, {VISITOR}, {INNER_PROXY}",
        VISITOR,
    ),
    "two proxies: a header one entry short is not believed": (2, PROXY, VISITOR, PROXY),
}


def meta(remote_addr: str, forwarded_for: str | None) -> dict:
    """request.META of a request from `remote_addr` carrying `forwarded_for`."""
    headers = {} if forwarded_for is None else {"HTTP_X_FORWARDED_FOR": forwarded_for}
    return {"REMOTE_ADDR": remote_addr, **headers}
