"""Modal dialogs. Each returns its result through ``dismiss`` (None when cancelled)."""
