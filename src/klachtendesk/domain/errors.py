"""The one exception type the domain raises: its message is Dutch and shown to users as is."""


class DomainError(ValueError):
    """A rule was broken. ``str(err)`` is a complete Dutch sentence for the user."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
