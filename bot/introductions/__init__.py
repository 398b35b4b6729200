"""The introductions room: the warm introduction between a professional and an entry's owner.

Handlers (`handlers/`: the request and its answers, the coordinators' counts), views
(`views.py`), the job that expires requests and asks for follow-ups (`jobs.py`), the rules
without Telegram or SQL (`rules.py`) and the queries (`repository.py`).
"""
