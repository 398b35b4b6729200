"""The numbers that are product decisions, each defined once with what it decides.

Settings that an operator may override (`bot/config.py`) take their defaults from here.
Technical constants (batch sizes, leases, retry pauses, callback patterns, page sizes,
column sizes) stay with the code that needs them. The matcher's own thresholds live in
`matching/policy.py` (`matching/` imports nothing from `bot/`) and are named here as well.
"""

from __future__ import annotations

from datetime import time, timedelta

from matching.policy import STALE_AFTER_DAYS, VERY_STALE_AFTER_DAYS

__all__ = [
    "ASKED_QUESTIONS_KEPT",
    "ASK_FOLLOWUP_WAIT",
    "ASK_WORD_WAIT",
    "BROADCASTS_PER_DAY",
    "DELIVERY_REPORT_LOOK_BACK",
    "DEMAND_KEPT_DAYS",
    "DEMAND_SUPPRESS_BELOW",
    "DIGEST_MAX_AREAS",
    "DIGEST_SEND_FROM",
    "DIGEST_WIJKTAFEL_MONTHS",
    "FEEDBACK_CATCH_UP",
    "FEEDBACK_CLOSE_HOURS",
    "FEEDBACK_DELAY_CHOICES",
    "FEEDBACK_DELAY_MINUTES",
    "FEEDBACK_MAX_QUESTIONS",
    "FEEDBACK_REMARK_WINDOW",
    "FEEDBACK_REMINDER_HOURS",
    "FLOOD_PAUSE_SECONDS",
    "FLOOD_PER_MINUTE",
    "FLOOD_WINDOW_SECONDS",
    "FRESHNESS_ASK_AFTER_DAYS",
    "FRESHNESS_HIDE_AFTER_DAYS",
    "FRESHNESS_REMINDERS",
    "FRESHNESS_REMINDER_EVERY_DAYS",
    "INTRO_ANSWER_WAIT",
    "INTRO_CONTENT_KEPT",
    "INTRO_DAILY_LIMIT",
    "INTRO_FOLLOW_UP_AFTER",
    "INTRO_LIMIT_PERIOD",
    "INTRO_TYPING_WAIT",
    "MEETINGS_UPCOMING",
    "MEETING_DRAFTS_KEPT",
    "MISSED_QUESTIONS_KEPT_DAYS",
    "MODERATION_TYPING_WAIT",
    "OWNER_INVITE_VALID",
    "PLANNING_LOOK_AHEAD",
    "REMINDER_DEFAULT_OFFSETS",
    "REMINDER_DEFAULT_TIME",
    "REMINDER_LATE_LIMIT",
    "SHARED_PLACE_KEPT",
    "SIGNUP_DRAFT_REMIND_AFTER",
    "SIGNUP_DRAFT_REMOVE_AFTER",
    "STALE_AFTER_DAYS",
    "VERY_STALE_AFTER_DAYS",
]

# --- Freshness of the social map ("Klopt dit nog?") --------------------------------------
# Two different notions of age: the owners' confirmation cycle below (ask, remind, hide),
# and how old a confirmation looks to someone asking (STALE_AFTER_DAYS and
# VERY_STALE_AFTER_DAYS from matching/policy.py: ranked lower, "lang geleden" on the card).
# Days after the last confirmation before the owner is asked to confirm (setting's default).
FRESHNESS_ASK_AFTER_DAYS = 90
# Days between the question, each reminder and the flag to coordinators (setting's default).
FRESHNESS_REMINDER_EVERY_DAYS = 7
# Days after the last confirmation before an unanswered entry is hidden (setting's default).
FRESHNESS_HIDE_AFTER_DAYS = 180
# Reminders an owner gets after the question before coordinators are told.
FRESHNESS_REMINDERS = 2
# How long a co-owner invitation link can be used.
OWNER_INVITE_VALID = timedelta(days=7)

# --- Asking -----------------------------------------------------------------------------
# How long the bot takes the next message as the one word it asked for.
ASK_WORD_WAIT = timedelta(minutes=15)
# How long a question asked back ("In welk gebied?") waits for its missing half.
ASK_FOLLOWUP_WAIT = timedelta(minutes=30)
# How long a shared location narrows the next questions (then it is deleted).
SHARED_PLACE_KEPT = timedelta(minutes=30)
# How long an asked question stays linked to the person who asked it.
ASKED_QUESTIONS_KEPT = timedelta(days=1)
# Days a question that found nothing is kept, without user id, for /gemist (setting's default).
MISSED_QUESTIONS_KEPT_DAYS = 90
# Days each question's demand (day, themes, areas, channel, outcome; no person) is kept for
# /wittevlekken (setting's default): a trend needs seasons.
DEMAND_KEPT_DAYS = 730
# /wittevlekken shows a cell of fewer questions than this as "< 5", so nobody is recognised.
DEMAND_SUPPRESS_BELOW = 5
# The monthly gaps digest goes out on the first working day of the month from this local
# time (never at midnight), covering the month before.
DIGEST_SEND_FROM = time(8, 0)
# Areas one coordinator may follow in the monthly digest (it stays one readable message).
DIGEST_MAX_AREAS = 6
# Months of questions in the "cijfersoep" an organiser sends to a wijktafel's subscribers.
DIGEST_WIJKTAFEL_MONTHS = 3

# --- Introductions ------------------------------------------------------------------------
# How long a professional's started introduction waits for its message (then it is dropped).
INTRO_TYPING_WAIT = timedelta(hours=1)
# How long a request waits for the offer's answer before it expires.
INTRO_ANSWER_WAIT = timedelta(days=7)
# After an accepted introduction, when the professional is asked how it went.
INTRO_FOLLOW_UP_AFTER = timedelta(days=14)
# Messages and questions of introductions are erased after this.
INTRO_CONTENT_KEPT = timedelta(days=30)
# Requests one professional may send per INTRO_LIMIT_PERIOD.
INTRO_DAILY_LIMIT = 5
INTRO_LIMIT_PERIOD = timedelta(days=1)

# --- Sign-up and moderation ------------------------------------------------------------
# An idle sign-up draft gets one reminder after this ...
SIGNUP_DRAFT_REMIND_AFTER = timedelta(days=7)
# ... and is removed this long after the reminder went unanswered.
SIGNUP_DRAFT_REMOVE_AFTER = timedelta(days=7)
# How long a coordinator's "write a note to the submitter" waits for the note.
MODERATION_TYPING_WAIT = timedelta(hours=1)

# --- Wijktafels (meetings) ---------------------------------------------------------------
# How far ahead a date counts as upcoming: the agenda and /aanmeldingen list these.
MEETINGS_UPCOMING = timedelta(days=60)
# How far ahead an organiser's planning looks for a meeting's dates (menu order, edit list).
PLANNING_LOOK_AHEAD = timedelta(days=400)
# Reminders of a new meeting go this many days before it, at this local time.
REMINDER_DEFAULT_OFFSETS = (7, 1)
REMINDER_DEFAULT_TIME = time(10, 0)
# A reminder more than this late (e.g. after downtime) is not sent any more.
REMINDER_LATE_LIMIT = timedelta(hours=6)
# An unfinished meeting plan untouched this long is deleted.
MEETING_DRAFTS_KEPT = timedelta(days=7)
# Reminder runs and broadcasts older than this get no delivery report any more.
DELIVERY_REPORT_LOOK_BACK = timedelta(days=3)

# --- Broadcasts -------------------------------------------------------------------------
# Messages to all subscribers one person may send off per day (setting's default).
BROADCASTS_PER_DAY = 5

# --- Feedback after meetings ---------------------------------------------------------------
# Default minutes after a meeting ends before its feedback is sent (setting's default).
FEEDBACK_DELAY_MINUTES = 120
# The waits (minutes) an organiser can step through for one feedback set.
FEEDBACK_DELAY_CHOICES = (60, 120, 240, 1440)
# Hours after sending: one reminder to who did not answer, then the polls close (defaults).
FEEDBACK_REMINDER_HOURS = 48
FEEDBACK_CLOSE_HOURS = 96
# A round whose sending time passed longer ago than this (e.g. downtime) is not sent.
FEEDBACK_CATCH_UP = timedelta(hours=24)
# How long after pressing "schrijf iets" the next message counts as the remark.
FEEDBACK_REMARK_WINDOW = timedelta(minutes=30)
# Questions one feedback set may hold.
FEEDBACK_MAX_QUESTIONS = 5

# --- Flood control --------------------------------------------------------------------------
# More messages than FLOOD_PER_MINUTE in FLOOD_WINDOW_SECONDS pause a user for
# FLOOD_PAUSE_SECONDS (the two settings' defaults and the window they count in).
FLOOD_PER_MINUTE = 30
FLOOD_PAUSE_SECONDS = 60
FLOOD_WINDOW_SECONDS = 60.0
