"""The database tables, one module per journey; only what the product needs about people."""

from __future__ import annotations

from bot.db.models.base import NAMING, Base
from bot.db.models.demand import DemandQuestion, DigestArea, WijktafelDigest
from bot.db.models.feedback import (
    FeedbackAudit,
    FeedbackInvite,
    FeedbackPoll,
    FeedbackQuestion,
    FeedbackRemark,
    FeedbackRound,
    FeedbackSet,
    WijktafelOrganiser,
)
from bot.db.models.meetings import (
    Broadcast,
    Delivery,
    Meeting,
    MeetingDraft,
    MeetingException,
    ReminderRun,
    Rsvp,
    Subscription,
    Wijktafel,
)
from bot.db.models.people import Chat, RoleChange, User, UserRole
from bot.db.models.signup import (
    IntroRequest,
    OfferChange,
    OfferFreshness,
    OfferOwner,
    OfferSubmission,
    OwnerInvite,
    SignupDraft,
)
from bot.db.models.socialmap import (
    AskedQuestion,
    MapVersion,
    MissedQuestion,
    Offer,
    OfferValue,
    SharedPlace,
)
from bot.db.models.updates import HandledUpdate

__all__ = [
    "NAMING",
    "AskedQuestion",
    "Base",
    "Broadcast",
    "Chat",
    "Delivery",
    "DemandQuestion",
    "DigestArea",
    "FeedbackAudit",
    "FeedbackInvite",
    "FeedbackPoll",
    "FeedbackQuestion",
    "FeedbackRemark",
    "FeedbackRound",
    "FeedbackSet",
    "HandledUpdate",
    "IntroRequest",
    "MapVersion",
    "Meeting",
    "MeetingDraft",
    "MeetingException",
    "MissedQuestion",
    "Offer",
    "OfferChange",
    "OfferFreshness",
    "OfferOwner",
    "OfferSubmission",
    "OfferValue",
    "OwnerInvite",
    "ReminderRun",
    "RoleChange",
    "Rsvp",
    "SharedPlace",
    "SignupDraft",
    "Subscription",
    "User",
    "UserRole",
    "Wijktafel",
    "WijktafelDigest",
    "WijktafelOrganiser",
]
