"""Every command: its Dutch and English name, who may use it, and its help text key."""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.roles import Role


@dataclass(frozen=True)
class Command:
    """A bot command as people see it in the menu and in /help."""

    nl: str
    en: str
    help_key: str
    role: Role = Role.PROFESSIONAL
    in_menu: bool = True
    private_only: bool = False
    # Other roles that may use the command too (e.g. coordinators next to organisers).
    also: tuple[Role, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        """Both names, for registering handlers (once when they are the same)."""
        return (self.nl,) if self.nl == self.en else (self.nl, self.en)

    def name(self, language: str) -> str:
        """The name in the given language."""
        return self.en if language == "en" else self.nl


START = Command("start", "start", "cmd.start", in_menu=False)
HELP = Command("help", "help", "cmd.help")
LANGUAGE = Command("taal", "language", "cmd.language", private_only=True)
PRIVACY = Command("privacy", "privacy", "cmd.privacy")
MY_DATA = Command("mijngegevens", "mydata", "cmd.mydata", private_only=True)
FORGET = Command("vergeetmij", "forget", "cmd.forget", private_only=True)
ASK = Command("vraag", "ask", "cmd.ask")
ROLE = Command("rol", "role", "cmd.role", role=Role.COORDINATOR)
MISSED = Command("gemist", "missed", "cmd.missed", role=Role.COORDINATOR)
GAPS = Command("wittevlekken", "gaps", "cmd.gaps", role=Role.COORDINATOR)
SIGNUP = Command("aanmelden", "signup", "cmd.signup")
BACK = Command("terug", "back", "cmd.back", in_menu=False, private_only=True)
STOP = Command("stop", "stop", "cmd.stop", in_menu=False, private_only=True)
QUEUE = Command("wachtrij", "queue", "cmd.queue", role=Role.COORDINATOR)
AGENDA = Command("agenda", "agenda", "cmd.agenda")
MEETING = Command("bijeenkomst", "meeting", "cmd.meeting", role=Role.COORDINATOR)
RSVPS = Command("aanmeldingen", "rsvps", "cmd.rsvps", role=Role.COORDINATOR)
BROADCAST = Command("bericht", "message", "cmd.broadcast", role=Role.COORDINATOR)
MY_INITIATIVE = Command("mijninitiatief", "myinitiative", "cmd.myinitiative", private_only=True)
STALE = Command("verouderd", "stale", "cmd.stale", role=Role.COORDINATOR)
CHECK_AREA = Command("controleer", "check", "cmd.check", role=Role.COORDINATOR)
INTRODUCTIONS = Command("introducties", "introductions", "cmd.introductions", role=Role.COORDINATOR)
FEEDBACK = Command(
    "feedback",
    "feedback",
    "cmd.feedback",
    role=Role.ORGANISER,
    private_only=True,
    also=(Role.COORDINATOR,),
)
DIGEST = Command(
    "cijfersoep",
    "digest",
    "cmd.digest",
    role=Role.ORGANISER,
    private_only=True,
    also=(Role.COORDINATOR,),
)

COMMANDS: tuple[Command, ...] = (
    START,
    ASK,
    SIGNUP,
    MY_INITIATIVE,
    AGENDA,
    HELP,
    LANGUAGE,
    PRIVACY,
    MY_DATA,
    FORGET,
    ROLE,
    MISSED,
    GAPS,
    QUEUE,
    STALE,
    CHECK_AREA,
    MEETING,
    RSVPS,
    BROADCAST,
    INTRODUCTIONS,
    FEEDBACK,
    DIGEST,
    BACK,
    STOP,
)


def commands_for(roles: frozenset[Role]) -> list[Command]:
    """The commands someone with these roles may use, in menu order."""
    return [c for c in COMMANDS if c.role in roles or any(r in roles for r in c.also)]
