"""The CMS's page types, which every API test about "all pages" must meet, one by one."""

PAGE_TYPES = (
    "HomePage",
    "ServiceIndexPage",
    "ServicePage",
    "FAQPage",
    "StandardPage",
    "ContactPage",
)
