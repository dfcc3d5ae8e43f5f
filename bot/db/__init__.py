"""Storage: typed SQLAlchemy models, the engine factory, repositories and the unit of work."""
