"""What the people room shows: the language and focus buttons, /help, /privacy,
/mijngegevens and the /vergeetmij confirmation."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot import policy
from bot.core.commands import commands_for
from bot.core.person import Person
from bot.core.roles import Role
from bot.db.models import RoleChange
from bot.i18n import LANGUAGE_NAMES, Translator
from bot.people.stored_data import StoredData

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
    "privacy.kept.digest": ("digest_areas", "wijktafel_digests"),
    # no Telegram id at all: listed so /privacy says what is counted and for how long
    "privacy.kept.demand": ("demand_questions",),
}


DEMAND_LINE = "privacy.kept.demand"


def language_keyboard(from_start: bool, link: str | None = None) -> InlineKeyboardMarkup:
    """One button per language; the callback says whether the /start flow continues, and
    with which deep link."""
    suffix = f":{link}" if link else ":start" if from_start else ""
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(name, callback_data=f"lang:{code}{suffix}")
                for code, name in LANGUAGE_NAMES.items()
            ]
        ]
    )


def focus_keyboard(person: Person) -> InlineKeyboardMarkup:
    """What the person mostly does: ask, sign up an initiative, coordinate."""
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(person.t("start.focus.ask"), callback_data="focus:ask")],
            [InlineKeyboardButton(person.t("start.focus.signup"), callback_data="focus:signup")],
            [
                InlineKeyboardButton(
                    person.t("start.focus.coordinate"), callback_data="focus:coordinate"
                )
            ],
        ]
    )


def help_text(person: Person) -> str:
    """The help message: who you are here and the commands you can use."""
    t = person.t
    roles = ", ".join(t(f"role.{role.value}") for role in Role if role in person.roles)
    lines = [t("help.title"), t("help.roles", roles=roles), "", t("help.ask"), ""]
    lines += [
        f"/{command.name(t.language)} — {t(command.help_key)}"
        for command in commands_for(person.roles)
        if command.in_menu
    ]
    lines += ["", t("help.footer")]
    return "\n".join(lines)


def privacy_text(t: Translator, *, demand_days: int = policy.DEMAND_KEPT_DAYS) -> str:
    """What is kept, line by line, and how to see and erase it (demand for as many days as
    WIJKWIJZER_DEMAND_RETENTION_DAYS says)."""
    lines = [t(key, days=demand_days) if key == DEMAND_LINE else t(key) for key in KEPT]
    return "\n".join([t("privacy.intro"), *lines, t("privacy.footer")])


def _change_line(t: Translator, change: RoleChange, user_id: int) -> str:
    role = t(f"role.{change.role}")
    if change.target_id == user_id:
        return t(f"mydata.change.{change.action}", when=t.datetime(change.at), role=role)
    return t(f"mydata.change.by_you.{change.action}", when=t.datetime(change.at), role=role)


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
    lines += _digest_lines(t, data)
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


def _digest_lines(t: Translator, data: StoredData) -> list[str]:
    """The areas of the monthly gaps digest, and digests sent to wijktafels."""
    lines = []
    if data.digest_areas:
        lines.append(t("mydata.digest_areas", areas=", ".join(data.digest_areas)))
    if data.digests_sent:
        lines.append(t("mydata.digests_sent", count=data.digests_sent))
    return lines


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


def forget_keyboard(person: Person) -> InlineKeyboardMarkup:
    """Confirm or cancel deleting everything."""
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(person.t("forget.yes"), callback_data="forget:yes")],
            [InlineKeyboardButton(person.t("forget.no"), callback_data="forget:no")],
        ]
    )
