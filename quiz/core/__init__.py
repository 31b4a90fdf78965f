"""The pure core: no Flask, SQLAlchemy or genanki imports below this package."""
