"""The feedback room: polls after meetings and what organisers see of them.

Handlers (`handlers/`: the /feedback command, the sets, the participants' answers), views
(`views.py`, `views_results.py`), the job that starts, reminds and closes rounds (`jobs.py`),
the rules without Telegram or SQL (ready-made questions, results, the chart, the CSV export)
and the queries (`repository_rounds.py`, `repository_sets.py`).
"""
