"""An error line that takes no space while there is no error."""

from __future__ import annotations

from typing import Any

from textual.widgets import Static


class FieldError(Static):
    DEFAULT_CSS = "FieldError { color: $error; height: auto; }"

    def __init__(self, message: Any = "", **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.display = bool(str(message))

    def update(self, content: Any = "", *, layout: bool = True) -> None:
        super().update(content, layout=layout)
        self.display = bool(str(content))
