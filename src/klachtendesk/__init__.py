"""klachtendesk: a keyboard-driven complaints desk for public-sector complaint teams."""

__version__ = "0.1.0"
