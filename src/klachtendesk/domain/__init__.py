"""Pure domain rules: deadlines, workflow, taxonomy, text and date handling.

Nothing in this package may import Textual or talk to a database (tests/test_layers.py
enforces it), so every rule can be tested with plain values.
"""
