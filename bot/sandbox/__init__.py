"""The Bot API emulator (used by the end-to-end tests) and the terminal sandbox."""
