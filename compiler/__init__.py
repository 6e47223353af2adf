"""ficbind: compile plain-text fan fiction into EPUB and PDF books."""

__version__ = "0.1.0"
