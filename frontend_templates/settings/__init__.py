"""Settings of the public site: `base` plus one module per environment."""
