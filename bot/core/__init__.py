"""What every room's handlers and jobs share: one session per update and the role check
(`handling`), the context and services, commands and menus, flood control, the error handler,
the fallback, client-detail scrubbing and scheduling."""
