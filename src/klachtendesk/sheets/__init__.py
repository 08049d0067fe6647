"""Spreadsheet files as klachtendesk writes them, for the register and the year report alike:
CSV with semicolons and a byte-order mark, xlsx with text that stays text, and no cell a
spreadsheet would run as a formula (formulas.py). Knows no store, no screen and no register."""
