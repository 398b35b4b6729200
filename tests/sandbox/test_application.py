"""A real `Application` polls the sandbox and answers, then stops cleanly."""

from __future__ import annotations

import asyncio

from telegram import Update
from telegram.ext import ApplicationBuilder, CommandHandler, ContextTypes

from sandbox import SandboxCore, SandboxRequest
from sandbox.server import SandboxServer
from tests.sandbox.support import ANNA, TOKEN


async def _hello(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_chat is not None
    assert update.effective_user is not None
    await context.bot.send_message(
        update.effective_chat.id, f"Hoi {update.effective_user.first_name}!"
    )


async def _poll_and_answer(builder: ApplicationBuilder, core: SandboxCore) -> None:  # type: ignore[type-arg]
    application = builder.build()
    application.add_handler(CommandHandler("start", _hello))
    async with application:
        assert application.updater is not None
        await application.start()
        await application.updater.start_polling(timeout=5, poll_interval=0)
        answered = asyncio.Event()
        core.listen(lambda event: answered.set() if event.kind == "message" else None)
        core.inject({"user": ANNA, "text": "/start"})
        async with asyncio.timeout(5):
            await answered.wait()
        await application.updater.stop()
        await application.stop()
    assert [m["text"] for m in core.messages(1001)] == ["Hoi Anna!"]
    # The updater confirmed the update when it stopped.
    assert core.pending_updates() == []


async def test_an_application_polls_in_process(core: SandboxCore) -> None:
    builder = (
        ApplicationBuilder()
        .token(TOKEN)
        .base_url("https://sandbox.invalid/bot")  # in-process, the host never matters
        .request(SandboxRequest(core))
        .get_updates_request(SandboxRequest(core))
    )
    await _poll_and_answer(builder, core)


async def test_an_application_polls_over_http(core: SandboxCore, server: SandboxServer) -> None:
    builder = ApplicationBuilder().token(TOKEN).base_url(f"{server.url}/bot")
    await _poll_and_answer(builder, core)
