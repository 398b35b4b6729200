"""The delivery queue and what drains it: the queue's repository, the sender and the
renderers it looks up by a message's kind, the rate limiter, the leader lock that lets one
process run the scheduled work, and the daily cap on messages to all subscribers.

Infrastructure: it imports no journey. Journeys queue messages here and register how each
kind of theirs is rendered (wired in `bot/application.py`).
"""
