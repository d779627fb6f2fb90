"""manju: turn a story into a motion comic, offline."""

__version__ = "0.1.0"
