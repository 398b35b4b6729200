"""Asking: a question typed in chat, a shared location or an inline query gets the best few
offers; questions that found nothing are kept for coordinators (/gemist)."""
