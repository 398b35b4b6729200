"""Keep the long-lived matcher index out of the garbage collector's full passes.

The index of the bundled map is some 200,000 Python objects. A full (generation 2) pass of
the cyclic garbage collector walks all of them and took up to 140 ms: a pause in the middle
of whichever answers were being made. A serving process therefore moves what is alive after
an index was built into the collector's permanent generation (`gc.freeze`), where full
passes skip it. Tests and one-off commands leave this off.
"""

from __future__ import annotations

import gc
import logging

log = logging.getLogger(__name__)
_enabled = False


def enable() -> None:
    """Settle the heap after every index build in this process (web, worker, polling bot)."""
    global _enabled  # noqa: PLW0603 - one switch per process, set at start
    _enabled = True


def settle() -> None:
    """After an index build: collect what the old index left, then freeze what is alive."""
    if not _enabled:
        return
    gc.unfreeze()
    gc.collect()
    gc.freeze()
    log.info("heap settled: %d objects frozen", gc.get_freeze_count())
