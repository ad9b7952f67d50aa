"""StreamField blocks the owner composes service and standard pages from.

Each block has a fixed, typed shape so that the API can expose it as data and the frontend
can render it with one template per block type.
"""

from wagtail import blocks
from wagtail.images import get_image_model
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
        description = "Starts a new section, or a part of one, and names it in the page outline."
        preview_value = {"text": "What to expect in your first session", "level": "h2"}
        preview_template = "cms_pages/block_previews/heading.html"


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
        description = "Short points after a sentence that introduces them."
        preview_value = {
            "lead_in": "You may experience the following sensations during a session:",
            "items": [
                "Deep relaxation, even sleep",
                "Tingling that spreads to your arms and legs",
                "Warmth under the therapist's hands",
            ],
        }
        preview_template = "cms_pages/block_previews/bullet_list.html"


class CaptionedImageBlock(blocks.StructBlock):
    """A picture with the alt text a screen reader announces and an optional caption.

    Not Wagtail's own `wagtail.images.blocks.ImageBlock` (image, decorative, alt text): that
    one has no caption, its value is the image itself, and the API would show `decorative`
    and lose `caption`. Named apart so that it does not shadow Wagtail's; StructBlocks are
    stored by their children, so the rename needs no migration.
    """

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
        description = "A picture from the image library, described for screen readers."
        preview_template = "cms_pages/block_previews/image.html"

    def get_preview_value(self):
        """The block picker's preview: the library's newest picture (a placeholder while the
        library is empty), described as the demo's service picture is."""
        return self.normalize(
            {
                "image": get_image_model().objects.order_by("-created_at").first(),
                "alt_text": "Client receiving a CranioSacral massage",
                "caption": "A CranioSacral session: the client lies clothed on the table.",
            }
        )


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
        description = "A highlighted note, or a client's words in their own voice."
        preview_value = {
            "style": "callout",
            "text": "Please arrive ten minutes early for your first visit.",
            "attribution": "",
        }
        preview_template = "cms_pages/block_previews/callout.html"


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
        description = "A short invitation with a button, usually to request an appointment."
        preview_value = {
            "heading": "Ready to feel the difference?",
            "text": "Sessions are 60 or 90 minutes, Tuesday to Saturday in Kansas City.",
            "button_label": "Request an appointment",
            "page": None,
            "url": "",
        }
        preview_template = "cms_pages/block_previews/call_to_action.html"


class BodyBlock(blocks.StreamBlock):
    """The blocks a page body may contain, in any order."""

    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        features=["bold", "italic", "link", "document-link", "ol", "ul"],
        icon="pilcrow",
        label="Rich text",
        help_text="Paragraphs of text; links may point to pages of this site.",
        description="Paragraphs of text, with bold, italics, lists and links.",
        preview_value=(
            "<p>CranioSacral massage is the <b>gentle</b>, subtle work on the muscles and "
            "tissues around the skull, spine and sacrum. Many clients find it the most "
            "relaxing massage of all.</p>"
        ),
    )
    bullet_list = BulletListBlock()
    image = CaptionedImageBlock()
    callout = CalloutBlock()
    call_to_action = CallToActionBlock()
