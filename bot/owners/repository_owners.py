"""Queries for owners keeping their entries current: published edits and co-owner invites."""

from __future__ import annotations

import hashlib
import json
import secrets
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Offer as OfferRow
from bot.db.models import OfferChange, OfferFreshness, OfferOwner, OwnerInvite
from bot.db.repositories.offers import OfferRepository, offer_from_row
from bot.policy import OWNER_INVITE_VALID
from bot.signup.repository_submissions import SubmissionRepository
from matching.offer import Offer

INVITE_PREFIX = "co_"
REMOVED_FIELD = "removed"


def token_hash(token: str) -> str:
    """The stored form of an invitation token (the token itself is only in the link)."""
    return hashlib.sha256(token.encode()).hexdigest()


def short_key(offer_id: str) -> str:
    """A short, stable key for an entry id in callback data (ids may be 64 characters)."""
    return hashlib.sha1(offer_id.encode(), usedforsecurity=False).hexdigest()[:10]


class OwnerRepository:
    """Entries as their owners see and change them, within one session."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def owned(self, user_id: int) -> list[Offer]:
        """The entries this person owns, by name."""
        rows = await self.session.scalars(
            select(OfferRow)
            .join(OfferOwner, OfferOwner.offer_id == OfferRow.id)
            .where(OfferOwner.user_id == user_id)
            .order_by(OfferRow.name, OfferRow.id)
        )
        return [offer_from_row(row) for row in rows]

    async def owned_by_key(self, user_id: int, key: str) -> Offer | None:
        """The owned entry whose short key this is (ownership checked by the lookup itself)."""
        return next((o for o in await self.owned(user_id) if short_key(o.id) == key), None)

    async def is_owner(self, offer_id: str, user_id: int) -> bool:
        """Whether this person owns the entry."""
        return await self.session.get(OfferOwner, (offer_id, user_id)) is not None

    async def owner_ids(self, offer_id: str) -> list[int]:
        """Everyone who owns the entry."""
        result = await self.session.scalars(
            select(OfferOwner.user_id).where(OfferOwner.offer_id == offer_id)
        )
        return sorted(result.all())

    async def publish(self, new: Offer, actor: int | None, now: datetime) -> Offer | None:
        """Store a changed entry at once (same source), with one audit row per changed field."""
        row = await self.session.get(OfferRow, new.id)
        if row is None:
            return None
        old = offer_from_row(row)
        await OfferRepository(self.session).upsert([new], row.source, now)
        await SubmissionRepository(self.session).record_changes(old, new, actor, now)
        return new

    async def set_status(
        self, offer: Offer, status: str, actor: int | None, now: datetime
    ) -> Offer | None:
        """Pause (inactive) or resume (active) an entry; an open freshness check closes."""
        await self.session.execute(
            delete(OfferFreshness).where(OfferFreshness.offer_id == offer.id)
        )
        return await self.publish(replace(offer, status=status), actor, now)

    async def confirm(self, offer: Offer, actor: int | None, today: date, now: datetime) -> None:
        """The owner says the entry is still right: verified today, the check closes."""
        check = await self.session.get(OfferFreshness, offer.id)
        if check is not None:
            await self.session.delete(check)
        await self.publish(replace(offer, last_verified=today), actor, now)
        if check is not None and check.flagged_at is not None:
            # Flagged or hidden entries rank normally again: the matcher must re-index.
            await OfferRepository(self.session).bump_version(now)

    async def remove(self, offer: Offer, actor: int | None, now: datetime) -> None:
        """Take an entry off the map; the audit trail keeps its last full record."""
        record = json.dumps(offer.to_record(), ensure_ascii=False, default=str)
        self.session.add(
            OfferChange(
                offer_id=offer.id, at=now, actor_id=actor, field=REMOVED_FIELD, old=record, new=None
            )
        )
        await self.session.execute(delete(OfferRow).where(OfferRow.id == offer.id))
        await OfferRepository(self.session).bump_version(now)

    async def invite(self, offer_id: str, actor: int, now: datetime) -> str:
        """A new one-time invitation token for co-ownership (valid for a week)."""
        token = secrets.token_urlsafe(18)
        self.session.add(
            OwnerInvite(
                token_hash=token_hash(token),
                offer_id=offer_id,
                created_by=actor,
                created_at=now,
                expires_at=now + OWNER_INVITE_VALID,
            )
        )
        await self.session.flush()
        return token

    async def invite_state(self, token: str, now: datetime) -> tuple[str, OwnerInvite | None]:
        """Whether an invitation can still be used ("ok"|"used"|"expired"|"unknown"), without
        using it."""
        invite = await self.session.get(OwnerInvite, token_hash(token))
        if invite is None:
            return "unknown", None
        if invite.used_at is not None:
            return "used", invite
        if invite.expires_at <= now:
            return "expired", invite
        return "ok", invite

    async def redeem(self, token: str, user_id: int, now: datetime) -> tuple[str, str | None]:
        """Use an invitation: ("ok"|"owner"|"used"|"expired"|"unknown", the entry's id)."""
        state, invite = await self.invite_state(token, now)
        if invite is None or state != "ok":
            return state, invite.offer_id if invite else None
        if await self.is_owner(invite.offer_id, user_id):
            return "owner", invite.offer_id
        invite.used_at = now
        # Once used, the invitation no longer needs to say who sent it.
        invite.created_by = None
        await SubmissionRepository(self.session).add_owner(invite.offer_id, user_id, now)
        self.session.add(
            OfferChange(
                offer_id=invite.offer_id,
                at=now,
                actor_id=user_id,
                field="owner",
                old=None,
                new="co-owner",
            )
        )
        await self.session.flush()
        return "ok", invite.offer_id

    async def invites_by(self, user_id: int) -> Sequence[OwnerInvite]:
        """Open invitations this person sent."""
        result = await self.session.scalars(
            select(OwnerInvite)
            .where(OwnerInvite.created_by == user_id)
            .order_by(OwnerInvite.created_at)
        )
        return result.all()

    async def forget_user(self, user_id: int) -> None:
        """Drop the invitations a forgotten person sent."""
        await self.session.execute(delete(OwnerInvite).where(OwnerInvite.created_by == user_id))
