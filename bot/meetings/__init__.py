"""Wijktafels: planning and editing meetings, subscriptions and RSVPs, /agenda, /bericht
broadcasts, reminders and delivery reports, recurrence and calendar files.

Telegram handlers are in `handlers/` (its `register` adds them); rendering in `views*.py`;
scheduled jobs in `jobs_*.py`; queries in `repository*.py`; the rest are domain rules with no
Telegram in them.
"""
