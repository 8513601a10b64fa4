"""The store: SQLAlchemy Core tables and the functions that read and write them."""
