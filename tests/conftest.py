import logging

import pytest


@pytest.fixture
def no_weasyprint_warnings(caplog):
    """Fail a test when WeasyPrint logs a warning or error (unsupported CSS, missing font)."""
    caplog.set_level(logging.WARNING, logger="weasyprint")
    yield
    problems = [r.getMessage() for r in caplog.records if r.name.startswith("weasyprint") and r.levelno >= logging.WARNING]
    assert not problems, problems
