"""Pure logic of the sign-up conversation: steps, the draft and its checks (no Telegram)."""
