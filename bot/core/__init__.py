"""What every room's handlers and jobs share: one session per update and the role check
(`handling`), who someone is (`person`, `roles`, `repository_users`) and which conversation
waits for their text (`journeys`, each room registers its own), the context and services,
commands and menus, flood control, the error handler, the fallback, client-detail scrubbing
and scheduling."""
