"""The owner's daily screens in the Wagtail admin: visitors' responses to moderate,
appointment requests to follow up, and the dashboard panel that counts what waits.

wagtail_hooks.py registers these; each module here holds one screen or one shared part.
"""
