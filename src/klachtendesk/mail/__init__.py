"""Mail in: reading .eml files, folders, Maildir and mbox into cases (no Textual; only
``intake`` touches the store)."""
