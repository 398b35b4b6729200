"""A local stand-in for Telegram's Bot API: one core, an in-process and an HTTP transport.

In-process (handler tests, ``wijkwijzer chat``)::

    core = SandboxCore()
    app = ApplicationBuilder().token("123:ABC").request(SandboxRequest(core))
    app = app.get_updates_request(SandboxRequest(core)).build()
    anna = {"id": 1001, "first_name": "Anna"}
    update = core.inject({"user": anna, "text": "/start"}, queue=False)
    await app.process_update(Update.de_json(update, app.bot))
    core.messages(1001)

Over HTTP (end-to-end tests): ``server = await serve(core)`` and point the bot at
``f"{server.url}/bot"``; the ``/_sandbox/`` control API mirrors the core's methods.
"""

from sandbox.core import SandboxCore
from sandbox.errors import SandboxError
from sandbox.request import SandboxRequest
from sandbox.server import SandboxServer, serve

__all__ = ["SandboxCore", "SandboxError", "SandboxRequest", "SandboxServer", "serve"]
