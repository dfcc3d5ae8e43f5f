"""The Telegram side: the application (composition root), the request layer, sending, and the
Bot API's rules (message limits, callback data, the command table).

``rules``, ``callbacks`` and ``commands`` are pure and import no Telegram library: the texts
and the emulator use them too.
"""
