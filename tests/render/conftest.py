"""Options for the render tests."""


def pytest_addoption(parser):
    """``--regen-golden``: rewrite tests/render/golden/*.png from the current renderer."""
    parser.addoption("--regen-golden", action="store_true", default=False,
                     help="rewrite the golden stills in tests/render/golden/ instead of "
                          "comparing against them")
