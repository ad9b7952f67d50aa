"""StreamField blocks the owner composes service and standard pages from.

Each block has a fixed, typed shape so that the API can expose it as data and the frontend
can render it with one template per block type.
"""

from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock


class HeadingBlock(blocks.StructBlock):
    """A section heading; the level keeps the page's heading outline in order."""

    text = blocks.CharBlock(max_length=120, help_text="The heading's words.")
    level = blocks.ChoiceBlock(
        choices=[("h2", "Section heading (H2)"), ("h3", "Sub-heading (H3)")],
        default="h2",
        help_text="H2 for a new section, H3 for a part of the section above.",
    )

    class Meta:
        icon = "title"
        label = "Heading"


class BulletListBlock(blocks.StructBlock):
    """A bulleted list introduced by a sentence, such as the sensations felt in a session."""

    lead_in = blocks.CharBlock(
        required=False,
        max_length=250,
        help_text="The sentence before the list, e.g. 'You may experience the following:'.",
    )
    items = blocks.ListBlock(
        blocks.CharBlock(max_length=250, help_text="One point of the list."),
        min_num=1,
        help_text="The list's points, in order.",
    )

    class Meta:
        icon = "list-ul"
        label = "Bulleted list"


class ImageBlock(blocks.StructBlock):
    """A picture with the alt text a screen reader announces and an optional caption."""

    image = ImageChooserBlock(help_text="The picture to show.")
    alt_text = blocks.CharBlock(
        max_length=250,
        help_text="Describe the picture for people who cannot see it.",
    )
    caption = blocks.CharBlock(
        required=False, max_length=250, help_text="Optional text shown under the picture."
    )

    class Meta:
        icon = "image"
        label = "Image"


class CalloutBlock(blocks.StructBlock):
    """A quote or a highlighted note that stands out from the surrounding text."""

    style = blocks.ChoiceBlock(
        choices=[("callout", "Highlighted note"), ("quote", "Quote")],
        default="callout",
        help_text="A highlighted note, or a quote from someone.",
    )
    text = blocks.TextBlock(max_length=1000, help_text="The note's or quote's words.")
    attribution = blocks.CharBlock(
        required=False, max_length=120, help_text="Who said it (quotes only)."
    )

    class Meta:
        icon = "openquote"
        label = "Quote or callout"


class CallToActionBlock(blocks.StructBlock):
    """A prompt with a button, usually to book a session or get in touch."""

    heading = blocks.CharBlock(max_length=120, help_text="A short, inviting heading.")
    text = blocks.TextBlock(required=False, max_length=500, help_text="One or two sentences.")
    button_label = blocks.CharBlock(max_length=60, help_text="The button's words, e.g. 'Book now'.")
    page = blocks.PageChooserBlock(
        required=False, help_text="A page of this site the button leads to."
    )
    url = blocks.URLBlock(
        required=False, help_text="Or an address elsewhere (used when no page is chosen)."
    )

    class Meta:
        icon = "pick"
        label = "Call to action"


class BodyBlock(blocks.StreamBlock):
    """The blocks a page body may contain, in any order."""

    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        features=["bold", "italic", "link", "document-link", "ol", "ul"],
        icon="pilcrow",
        label="Rich text",
        help_text="Paragraphs of text; links may point to pages of this site.",
    )
    bullet_list = BulletListBlock()
    image = ImageBlock()
    callout = CalloutBlock()
    call_to_action = CallToActionBlock()
