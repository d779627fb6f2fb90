"""Paid and long-running generation jobs: a ledger in the project folder and a runner that
never submits the same request twice (see :mod:`manju.jobs.ledger`, :mod:`manju.jobs.runner`)."""
