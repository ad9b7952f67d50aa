"""The decoupled public site: a database-free Django project that renders the CMS's API."""
