"""The channels most journeys use, with the icon each is shown with; a
touchpoint's channel stays free text, and words people use for the same
channel ("website", "live chat", "branch") find its icon."""

from __future__ import annotations

# name, Lucide icon, other words for it (lower case)
USUAL_CHANNELS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("Web", "globe", ("website", "online", "site", "portal", "web page")),
    ("App", "smartphone", ("mobile app", "mobile", "in-app", "in app")),
    ("Email", "mail", ("e-mail", "mail", "newsletter")),
    ("Phone", "phone", ("call", "telephone", "call centre", "call center", "hotline")),
    ("Chat", "message-circle", ("live chat", "chatbot", "messaging", "whatsapp", "sms")),
    ("Store", "store", ("shop", "branch", "in store", "in-store", "retail")),
    ("Event", "calendar", ("webinar", "meeting", "workshop", "conference", "trade show")),
    ("Letter", "mailbox", ("post", "postal", "paper")),
    ("Social", "share-2", ("social media", "twitter", "facebook", "linkedin", "instagram")),
    ("Video call", "video", ("video", "zoom", "teams", "video meeting")),
)

_BY_WORD = {word: icon for name, icon, words in USUAL_CHANNELS for word in (name.lower(), *words)}


def channel_icon(channel: str) -> str | None:
    """The icon for a channel as typed, or None for one it does not know."""
    return _BY_WORD.get(channel.strip().casefold())
