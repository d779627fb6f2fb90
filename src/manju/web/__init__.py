"""The studio: a local web app over :class:`manju.session.Session` (``manju studio``).

Nothing here is imported by the rest of manju; FastAPI and uvicorn are imported only when the
studio is started, so ``manju --help`` stays fast.
"""
