"""The pushes: due times, claiming deliveries, sending at Telegram's limits, the minute tick."""
