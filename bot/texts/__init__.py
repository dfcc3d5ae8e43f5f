"""Every message the bot sends, rendered as Telegram HTML, one module per feature; ``format``
holds what they share. Pure: a text is a function of a view from the services."""
