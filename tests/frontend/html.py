"""Reading the site's HTML the way a visitor (or a search engine) would."""

import json
import re

from bs4 import BeautifulSoup


def parse(response) -> BeautifulSoup:
    return BeautifulSoup(response.content.decode(), "html.parser")


def text(node) -> str:
    """The visible words of a node, whitespace collapsed."""
    return re.sub(r"\s+", " ", node.get_text(" ")).strip()


def main_text(response) -> str:
    return text(parse(response).find("main"))


def reading_text(response) -> str:
    """The main content as a screen reader reads it: images become their alt text."""
    main = parse(response).find("main")
    for image in main.find_all("img"):
        image.replace_with(f" {image.get('alt', '')} ")
    return text(main)


def json_ld(response) -> list:
    scripts = parse(response).find_all("script", type="application/ld+json")
    return [json.loads(script.string) for script in scripts]
