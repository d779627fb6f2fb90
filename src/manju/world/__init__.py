"""A small world model of manju's scenes: record play, train a next-frame model, evaluate, play.

``game`` is the ground-truth engine (a scene drawn by manju's renderer, played as a side
scroller), ``atari`` the Breakout recorder, ``data`` the recording format, ``model`` and
``train`` the diffusion model (PyTorch), ``evaluate`` the metrics and ``play`` the local page.
See docs/world.md.
"""
