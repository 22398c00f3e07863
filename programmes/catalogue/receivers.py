"""The catalogue's receivers: the routes pages' cache is retired whenever staff change the
catalogue (see programmes/catalogue/cache.py for why signals are the right tool here)."""

from programmes.catalogue.cache import connect_invalidation


def connect() -> None:
    connect_invalidation()
