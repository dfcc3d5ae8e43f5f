"""The pure core: the roadmap as data, the plan, what a learner types, when pushes are due.

Nothing here does I/O or imports the database, Telegram or the services.
"""
