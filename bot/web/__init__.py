"""The web side of the bot: the ASGI app behind Telegram's webhook (with health and
metrics), serving it, the redelivery of updates that failed while the database was out of
reach, the open API under /api/v1 (also served alone by `wijkwijzer web`) and the HSDS 3.0
export of the map.

Infrastructure: it imports no journey.
"""
