"""The matcher's product decisions: how old a confirmation may be before it counts as stale.

`bot/policy.py` names these too (it imports them), so each number has one definition while
`matching/` stays free of `bot/`.
"""

from __future__ import annotations

# Days since an entry was last confirmed after which it is stale: ranked lower, its reason
# says "niet bevestigd sinds …" and its card says "(lang geleden)".
STALE_AFTER_DAYS = 365
# Days after which a stale entry is ranked lower still.
VERY_STALE_AFTER_DAYS = 730
