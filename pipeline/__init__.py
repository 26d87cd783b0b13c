"""Vietnamese directives → task table."""

__version__ = "0.1.0"
