"""The people room: who talks to the bot and what they may do.

/start with its language choice (the consent to store anything), /taal, /help, /privacy,
/mijngegevens (`stored_data`) and /vergeetmij (`repository.forget`), /rol for coordinators
(with the role names people type, `roles`), and the groups the bot is in.

What every room reads about the person of an update is shared infrastructure, not this
room's: `bot.core.person` (language and roles, loaded once per update), `bot.core.roles`,
`bot.core.repository_users` (users, roles and their audit trail) and `bot.core.journeys`
(which conversation waits for a person's next message).
"""
