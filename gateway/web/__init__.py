"""aiohttp: app factory, handlers, middlewares, TLS context; thin."""
