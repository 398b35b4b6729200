"""The web side of the bot: the ASGI app behind Telegram's webhook (with health and
metrics), serving it, and the redelivery of updates that failed while the database was out
of reach.

Infrastructure: it imports no journey.
"""
