"""/privacy, /mijngegevens (/mydata) and /vergeetmij (/forget)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler, CommandHandler, filters

from bot.ask.repository_questions import QuestionRepository
from bot.commands import FORGET, MY_DATA, PRIVACY
from bot.context import BotContext, WijkApplication
from bot.db.models import (
    AskedQuestion,
    IntroRequest,
    MeetingDraft,
    OfferSubmission,
    RoleChange,
    SharedPlace,
    SignupDraft,
    User,
)
from bot.db.repositories.feedback import FeedbackRoundRepository
from bot.db.repositories.introductions import IntroRepository
from bot.db.repositories.meeting_drafts import MeetingDraftRepository
from bot.db.repositories.meetings import (
    MeetingRepository,
    RsvpRepository,
    SubscriptionRepository,
)
from bot.db.repositories.organisers import OrganiserRepository
from bot.db.repositories.users import UserRepository
from bot.handlers.base import edit_or_send, send, with_person
from bot.i18n import LANGUAGE_NAMES, Translator
from bot.menus import refresh_user_menu
from bot.owners.repository_owners import OwnerRepository
from bot.people import Person, person_from
from bot.roles import Role
from bot.signup.repository_drafts import DraftRepository
from bot.signup.repository_submissions import SubmissionRepository

FORGET_PATTERN = r"^forget:(yes|no)$"

# What /privacy says is kept, one line each, and the tables whose rows that line describes.
# Every table with a Telegram id in it must be on some line (tests/bot/test_privacy_text.py).
KEPT: dict[str, tuple[str, ...]] = {
    "privacy.kept.account": ("users", "user_roles", "role_changes"),
    "privacy.kept.questions": ("asked_questions", "missed_questions"),
    "privacy.kept.place": ("shared_places",),
    "privacy.kept.signup": ("signup_drafts", "offer_submissions"),
    "privacy.kept.owners": ("offer_owners", "owner_invites", "offer_changes"),
    "privacy.kept.introductions": ("intro_requests",),
    "privacy.kept.meetings": (
        "subscriptions",
        "rsvps",
        "wijktafels",
        "meetings",
        "meeting_drafts",
        "broadcasts",
    ),
    "privacy.kept.feedback": (
        "feedback_invites",
        "feedback_polls",
        "feedback_remarks",
        "feedback_sets",
    ),
    "privacy.kept.organisers": ("wijktafel_organisers", "feedback_audit"),
    "privacy.kept.feedback_sender": ("feedback_rounds",),
    "privacy.kept.delivery": ("deliveries", "chats"),
}


def privacy_text(t: Translator) -> str:
    """What is kept, line by line, and how to see and erase it."""
    return "\n".join([t("privacy.intro"), *(t(key) for key in KEPT), t("privacy.footer")])


@with_person(PRIVACY)
async def privacy(update: Update, _c: BotContext, person: Person, _s: AsyncSession) -> None:
    """Explain in plain words what is stored and why."""
    await send(update, privacy_text(person.t))


def _change_line(t: Translator, change: RoleChange, user_id: int) -> str:
    role = t(f"role.{change.role}")
    if change.target_id == user_id:
        return t(f"mydata.change.{change.action}", when=t.datetime(change.at), role=role)
    return t(f"mydata.change.by_you.{change.action}", when=t.datetime(change.at), role=role)


@dataclass(frozen=True)
class StoredData:
    """Everything the database holds about one person."""

    row: User
    changes: list[RoleChange]
    questions: list[AskedQuestion]
    draft: SignupDraft | None
    submissions: list[OfferSubmission]
    owned: list[str]
    is_admin: bool
    subscriptions: list[str]
    rsvps: int
    intros_sent: list[IntroRequest]
    intros_answered: list[IntroRequest]
    invites: int = 0
    meeting_draft: MeetingDraft | None = None
    feedback: tuple[int, int, int] = (0, 0, 0)
    place: SharedPlace | None = None
    organises: tuple[str, ...] = ()


async def stored_data(session: AsyncSession, user_id: int, row: User, is_admin: bool) -> StoredData:
    """Collect every stored fact about a person, from each repository that holds some."""
    submissions = SubmissionRepository(session)
    return StoredData(
        row=row,
        changes=list(await UserRepository(session).role_changes_about(user_id)),
        questions=list(await QuestionRepository(session).asked_by(user_id)),
        draft=await DraftRepository(session).get(user_id),
        submissions=list(await submissions.submitted_by(user_id)),
        owned=list(await submissions.owned_by(user_id)),
        is_admin=is_admin,
        subscriptions=[w.name for w in await SubscriptionRepository(session).of_chat(user_id)],
        rsvps=len(await RsvpRepository(session).of_user(user_id)),
        invites=len(await OwnerRepository(session).invites_by(user_id)),
        intros_sent=list(await IntroRepository(session).sent_by(user_id)),
        intros_answered=list(await IntroRepository(session).answered_by(user_id)),
        meeting_draft=await MeetingDraftRepository(session).get(user_id),
        feedback=await FeedbackRoundRepository(session).of_person(user_id),
        place=await session.get(SharedPlace, user_id),
        organises=await _organised(session, user_id),
    )


async def _organised(session: AsyncSession, user_id: int) -> tuple[str, ...]:
    """The names of the wijktafels this person was made organiser of."""
    meetings = MeetingRepository(session)
    tables = [
        await meetings.wijktafel(table_id)
        for table_id in sorted(await OrganiserRepository(session).wijktafels_of(user_id))
    ]
    return tuple(table.name for table in tables if table is not None)


def my_data_text(person: Person, data: StoredData) -> str:
    """Everything stored about the person, in their language."""
    t = person.t
    row, changes, questions = data.row, data.changes, data.questions
    roles = ", ".join(t(f"role.{role.value}") for role in Role if role in person.roles)
    lines = [
        t("mydata.title"),
        t("mydata.id", user_id=row.telegram_id),
        t("mydata.language", language=LANGUAGE_NAMES.get(row.language or "", "-")),
        t("mydata.roles", roles=roles),
        t("mydata.consent", when=t.datetime(row.consent_at) if row.consent_at else "-"),
        t("mydata.created", when=t.datetime(row.created_at)),
        t("mydata.last_seen", when=t.datetime(row.last_seen_at)),
    ]
    if changes:
        lines.append(t("mydata.changes"))
        lines += [_change_line(t, change, row.telegram_id) for change in changes]
    if questions:
        lines.append(t("mydata.questions"))
        lines += [
            t("mydata.question", when=t.datetime(q.asked_at), query=q.query) for q in questions
        ]
    if data.place is not None:
        lines.append(t("mydata.place", when=t.datetime(data.place.shared_at)))
    if data.draft is not None:
        lines.append(t("mydata.draft", when=t.datetime(data.draft.updated_at)))
    lines += [
        t(
            "mydata.submission",
            when=t.datetime(sub.created_at),
            state=t(f"mydata.state.{sub.state}"),
        )
        for sub in data.submissions
    ]
    if data.owned:
        lines.append(t("mydata.owned", offers=", ".join(data.owned)))
    if data.invites:
        lines.append(t("mydata.invites", count=data.invites))
    if data.subscriptions:
        lines.append(t("mydata.subscriptions", names=", ".join(data.subscriptions)))
    if data.rsvps:
        lines.append(t("mydata.rsvps", count=data.rsvps))
    if data.organises:
        lines.append(t("mydata.organises", names=", ".join(data.organises)))
    lines += _intro_lines(t, data)
    if data.meeting_draft is not None:
        lines.append(t("mydata.meeting_draft", when=t.datetime(data.meeting_draft.updated_at)))
    if any(data.feedback):
        asked, answered, remarks = data.feedback
        lines.append(t("mydata.feedback", asked=asked, answered=answered, remarks=remarks))
    if data.is_admin:
        lines.append(t("mydata.admin"))
    lines += ["", t("mydata.footer")]
    return "\n".join(lines)


def _intro_lines(t: Translator, data: StoredData) -> list[str]:
    lines = []
    sent = [(row, "sent", row.professional_answer) for row in data.intros_sent]
    answered = [(row, "answered", row.owner_answer) for row in data.intros_answered]
    for row, side, answer in sent + answered:
        when = row.created_at if side == "sent" else row.decided_at or row.created_at
        state = t(f"mydata.intro.state.{row.state}")
        lines.append(
            t(f"mydata.intro.{side}", when=t.datetime(when), offer=row.offer_id, state=state)
        )
        if side == "sent" and row.message:
            lines.append(t("mydata.intro.message", message=row.message))
        if answer:
            lines.append(t("mydata.intro.contact", answer=t(f"intro.followup.{answer}")))
    return lines


@with_person(MY_DATA)
async def my_data(update: Update, context: BotContext, person: Person, s: AsyncSession) -> None:
    """Show every stored fact about the person."""
    users = UserRepository(s)
    row = await users.get(person.user_id)
    if row is None:
        await send(update, person.t("mydata.nothing"))
        return
    is_admin = person.user_id in context.services.settings.admin_ids
    await send(update, my_data_text(person, await stored_data(s, person.user_id, row, is_admin)))


def forget_keyboard(person: Person) -> InlineKeyboardMarkup:
    """Confirm or cancel deleting everything."""
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(person.t("forget.yes"), callback_data="forget:yes")],
            [InlineKeyboardButton(person.t("forget.no"), callback_data="forget:no")],
        ]
    )


@with_person(FORGET)
async def forget(update: Update, _c: BotContext, person: Person, session: AsyncSession) -> None:
    """Ask for confirmation before deleting; owners hear that their entries stay."""
    if not person.registered:
        await send(update, person.t("mydata.nothing"))
        return
    text = person.t("forget.confirm")
    owned = await SubmissionRepository(session).owned_by(person.user_id)
    if owned:
        text += "\n\n" + person.t("forget.owner", count=len(owned))
    await send(update, text, forget_keyboard(person))


@with_person()
async def confirm_forget(
    update: Update, context: BotContext, person: Person, session: AsyncSession
) -> None:
    """Delete everything about the person who pressed, or leave it as it is."""
    query = update.callback_query
    if query is None or update.effective_user is None:
        return
    if query.data != "forget:yes":
        await edit_or_send(update, person.t("forget.cancelled"))
        return
    await UserRepository(session).forget(person.user_id, context.services.clock())
    gone = person_from(update.effective_user, None, context.services)
    # Say goodbye in the language the person chose, even though it is no longer stored.
    text = person.t("forget.done")
    if gone.has(Role.COORDINATOR):
        text += "\n" + person.t("forget.admin")
    await edit_or_send(update, text)
    await refresh_user_menu(context.bot, gone)


def register(application: WijkApplication) -> None:
    """Add the privacy commands; personal data is shown in private chats only."""
    application.add_handler(CommandHandler(PRIVACY.names, privacy))
    private = filters.ChatType.PRIVATE
    application.add_handler(CommandHandler(MY_DATA.names, my_data, filters=private))
    application.add_handler(CommandHandler(FORGET.names, forget, filters=private))
    application.add_handler(CallbackQueryHandler(confirm_forget, pattern=FORGET_PATTERN))
