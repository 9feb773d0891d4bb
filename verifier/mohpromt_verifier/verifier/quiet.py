"""The libraries' logging (pyHanko, its certificate validator, asyncio) stays silent unless the
user asks for it: ``--verbose`` on ``verify`` or MOHPROMT_DEBUG in the environment.

pyHanko logs expected failures of hostile input with their Python tracebacks; with no handler
configured, Python's last-resort handler prints them on stderr before our verdict.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager

LIBRARY_LOGGERS = ("pyhanko", "pyhanko_certvalidator", "asyncio", "fontTools", "PIL")
_verbose = False


def set_verbose(verbose: bool) -> None:
    """``--verbose``: let the libraries' log records through to a stderr handler."""
    global _verbose
    _verbose = verbose
    if verbose and not logging.getLogger().handlers:
        logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")


def verbose() -> bool:
    return _verbose or bool(os.environ.get("MOHPROMT_DEBUG"))


@contextmanager
def quiet_libraries() -> Iterator[None]:
    """Within the block, the libraries' loggers drop every record (unless verbose)."""
    if verbose():
        yield
        return
    loggers = [logging.getLogger(name) for name in LIBRARY_LOGGERS]
    saved = [(lg.level, lg.propagate, lg.disabled) for lg in loggers]
    for lg in loggers:  # children (pyhanko.sign...) inherit the level: nothing passes
        lg.setLevel(logging.CRITICAL + 1)
        lg.disabled = True
    try:
        yield
    finally:
        for lg, (level, propagate, disabled) in zip(loggers, saved, strict=True):
            lg.setLevel(level)
            lg.propagate = propagate
            lg.disabled = disabled
