"""Wijktafels: meeting series, recurrence, reminders and calendar files (no Telegram here)."""
