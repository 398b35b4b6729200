"""The one place the bot touches python-telegram-bot's private modules.

PTB offers no public name for the type of a `BaseRequest.do_request` timeout ("a float, None,
or not given"), yet a `BaseRequest` of our own must declare it to match the signature it
overrides. It lives in `telegram._utils.types`, which a PTB upgrade may move or change:
`tests/bot/test_ptb_public_api.py` fails with a clear message when it does, and no other
module may import from `telegram._*` (the same test greps for that).

Whether a timeout was given is checked the public way, ``value is BaseRequest.DEFAULT_NONE``.
"""

from __future__ import annotations

from typing import TypeAlias

from telegram._utils.types import ODVInput

# A Bot API call's timeout: seconds, None for no limit, or `BaseRequest.DEFAULT_NONE` when the
# caller left it to the request object's own default.
TimeoutArg: TypeAlias = ODVInput[float]

__all__ = ["TimeoutArg"]
