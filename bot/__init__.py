"""Roadmap Coach: a Telegram bot that coaches a learner through a 6-month roadmap."""
