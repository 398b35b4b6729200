"""The people room: who talks to the bot and what they may do.

/start with its language choice (the consent to store anything), /taal, /help, /privacy,
/mijngegevens and /vergeetmij, /rol for coordinators, and the groups the bot is in. It also
holds what every other room reads about the person of an update: `person.Person` (language
and roles, loaded once per update), the roles themselves (`roles`), the users and their
roles in the database (`repository`), and which conversation waits for a person's next
message (`repository_conversations`).

No imports here: importing `bot.people.person` or `bot.people.roles` does not load handlers.
"""
