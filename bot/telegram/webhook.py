"""The webhook's secret, compared in constant time by python-telegram-bot's own check.

PTB's webhook handler refuses a request whose ``X-Telegram-Bot-Api-Secret-Token`` header
differs from the secret with ``header != secret``. Given a ``str`` subclass, Python asks the
subclass first (a right operand whose type subclasses the left one's has priority), so the
comparison below runs, whichever side PTB puts the secret on: no fork of PTB, no patch.
"""

from __future__ import annotations

import hmac


class ConstantTimeSecret(str):
    """A secret whose equality takes as long for a near miss as for a wild guess."""

    __slots__ = ()

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, str):
            return NotImplemented
        return hmac.compare_digest(self.encode(), other.encode())

    def __ne__(self, other: object) -> bool:
        equal = self.__eq__(other)
        return equal if equal is NotImplemented else not equal

    __hash__ = str.__hash__
