"""/start: greet, choose a language (which is the consent to store it) and say what you do."""

from __future__ import annotations

import re

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import Update
from telegram.constants import ChatType
from telegram.ext import CallbackQueryHandler, CommandHandler, filters

from bot.core.commands import START
from bot.core.context import BotContext, WijkApplication
from bot.core.fallback import private_chat_keyboard
from bot.core.handling import edit_or_send, send, with_person
from bot.core.menus import refresh_user_menu
from bot.core.person import Person, person_from
from bot.core.repository_users import UserRepository
from bot.core.roles import Role
from bot.i18n import LANGUAGE_NAMES
from bot.introductions import entry as intro_entry
from bot.introductions.links import INTRO_PREFIX
from bot.meetings import subscriptions
from bot.meetings.repository import MeetingRepository
from bot.meetings.views import DEEP_LINK_PREFIX
from bot.owners import entry as owner_entry
from bot.owners.repository_owners import INVITE_PREFIX, OwnerRepository
from bot.people.views import focus_keyboard, language_keyboard
from bot.signup import prompts as signup_prompts

# The language button's callback carries where /start goes on after the consent: the focus
# question, or the deep link that was followed (so nothing about a new person is stored, in
# any process, before they chose). Callback data holds 64 bytes: "lang:nl:" leaves 56.
_LINKS = r"start|signup|wt_\d{1,9}|co_[A-Za-z0-9_-]{1,48}|intro_[A-Za-z0-9_-]{1,50}"
LANG_PATTERN = rf"^lang:(nl|en)(?::({_LINKS}))?$"
WIJKTAFEL_LINK = re.compile(rf"^{DEEP_LINK_PREFIX}\d{{1,9}}$")
INVITE_LINK = re.compile(rf"^{INVITE_PREFIX}[A-Za-z0-9_-]{{1,48}}$")
FOCUS_PATTERN = r"^focus:(ask|signup|coordinate)$"


@with_person(START)
async def start(update: Update, context: BotContext, person: Person, s: AsyncSession) -> None:
    """Greet and ask for the language; deep links: `signup` opens the sign-up, `wt_<id>`
    subscribes to a wijktafel, `co_…` accepts a co-owner's invitation, `intro_…` (from the
    public pages) starts the warm introduction for one entry."""
    chat = update.effective_chat
    private = chat is not None and chat.type == ChatType.PRIVATE
    if (
        context.args
        and private
        and not person.registered
        and await _consent_for_link(update, context, person, s, context.args[0])
    ):
        return
    if context.args and context.args[0].startswith(DEEP_LINK_PREFIX):
        await subscriptions.subscribe_link(update, context, person, s, context.args[0])
        return
    if chat is not None and chat.type != ChatType.PRIVATE:
        markup = private_chat_keyboard(person, context.bot.username)
        await send(update, person.t("group.use_private"), markup)
        return
    if context.args and context.args[0].startswith(INVITE_PREFIX):
        await owner_entry.accept_invite(update, context, person, s, context.args[0])
        return
    if context.args == [signup_prompts.DEEP_LINK]:
        await signup_prompts.begin(update, context, person, s)
        return
    if context.args and context.args[0].startswith(INTRO_PREFIX):
        await intro_entry.follow_link(update, context, person, s, context.args[0])
        return
    await send(
        update,
        person.t("start.greeting", name=person.first_name),
        language_keyboard(from_start=True),
    )


async def _consent_for_link(
    update: Update, context: BotContext, person: Person, session: AsyncSession, link: str
) -> bool:
    """A new person followed a wijktafel, invitation, sign-up or introduction link: check it without
    storing anything, then ask the language (the consent) with the link in the buttons.
    False when the payload is not such a link."""
    now = context.services.clock()
    if link.startswith(DEEP_LINK_PREFIX):
        table = None
        if WIJKTAFEL_LINK.match(link):
            table = await MeetingRepository(session).wijktafel(int(link[len(DEEP_LINK_PREFIX) :]))
        if table is None:
            await send(update, person.t("subscribe.unknown"))
            return True
        then = person.t("start.link.wijktafel", name=table.name)
    elif link.startswith(INVITE_PREFIX):
        state = "unknown"
        if INVITE_LINK.match(link):
            state, _invite = await OwnerRepository(session).invite_state(
                link[len(INVITE_PREFIX) :], now
            )
        if state != "ok":
            await send(update, person.t(f"owner.invite.{state}", name=""))
            return True
        then = person.t("start.link.invite")
    elif link == signup_prompts.DEEP_LINK:
        then = person.t("start.link.signup")
    elif link.startswith(INTRO_PREFIX):
        offer = await intro_entry.linked_offer(context, session, link)
        if offer is None:
            await send(update, person.t("intro.link.unknown"))
            return True
        if not await intro_entry.reachable(session, offer):
            await send(update, person.t("intro.not_reachable", name=offer.name))
            return True
        then = person.t("start.link.intro", name=offer.name)
    else:
        return False
    greeting = person.t("start.greeting", name=person.first_name) + "\n\n" + then
    await send(update, greeting, language_keyboard(from_start=True, link=link))
    return True


@with_person()
async def choose_language(
    update: Update, context: BotContext, person: Person, session: AsyncSession
) -> None:
    """Store the chosen language (the user's consent), then continue the /start flow."""
    query = update.callback_query
    if query is None or query.data is None or update.effective_user is None:
        return
    _, language, *rest = query.data.split(":", 2)
    users = UserRepository(session)
    row = await users.register(person.user_id, language, context.services.clock())
    person = person_from(update.effective_user, row, context.services)
    await edit_or_send(update, person.t("language.set", language=LANGUAGE_NAMES[language]))
    await refresh_user_menu(context.bot, person)
    link = rest[0] if rest else None
    if link is not None and link.startswith(DEEP_LINK_PREFIX):
        await subscriptions.subscribe_link(update, context, person, session, link)
    elif link is not None and link.startswith(INVITE_PREFIX):
        await owner_entry.accept_invite(update, context, person, session, link)
    elif link == signup_prompts.DEEP_LINK:
        await signup_prompts.begin(update, context, person, session)
    elif link is not None and link.startswith(INTRO_PREFIX):
        await intro_entry.follow_link(update, context, person, session, link)
    elif link is not None:
        await send(update, person.t("start.focus.question"), focus_keyboard(person))


@with_person()
async def choose_focus(
    update: Update, context: BotContext, person: Person, session: AsyncSession
) -> None:
    """Answer what the person mostly does; signing up an initiative makes them a volunteer
    and starts /aanmelden at once."""
    query = update.callback_query
    if query is None or query.data is None or update.effective_user is None:
        return
    if not person.registered:
        await send(update, person.t("start.first"))
        return
    focus = query.data.split(":", 1)[1]
    if focus == "ask":
        await edit_or_send(update, person.t("start.focus.ask.done"))
    elif focus == "signup":
        users = UserRepository(session)
        now = context.services.clock()
        await users.grant(person.user_id, Role.VOLUNTEER.value, person.user_id, now)
        row = await users.get(person.user_id)
        person = person_from(update.effective_user, row, context.services)
        await edit_or_send(update, person.t("start.focus.signup.begin"))
        await refresh_user_menu(context.bot, person)
        # The button says "I want to sign up my initiative": start that, not only the role.
        await signup_prompts.begin(update, context, person, session)
    elif person.has(Role.COORDINATOR):
        await edit_or_send(update, person.t("start.focus.coordinate.done"))
    else:
        await edit_or_send(update, person.t("start.focus.coordinate.ask", user_id=person.user_id))


def register(application: WijkApplication) -> None:
    """Add the /start handlers."""
    application.add_handler(CommandHandler(START.names, start, filters=~filters.UpdateType.EDITED))
    application.add_handler(CallbackQueryHandler(choose_language, pattern=LANG_PATTERN))
    application.add_handler(CallbackQueryHandler(choose_focus, pattern=FOCUS_PATTERN))
