"""The process: the ``coach`` command line, which puts the conversation (``bot``) and the pushes
(``scheduler``) together, and the stage that runs both against the Bot API emulator."""
