"""The case store: SQLite through SQLModel, migrations, queries and full-text search.

Nothing here may import Textual (tests/test_layers.py).
"""
