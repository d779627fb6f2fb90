"""New heap blocks filled with one byte value while an H.264 encoder allocates its buffers.

x264 (as built into PyAV's FFmpeg) reads some of its look-ahead buffers before it has written
them (macroblock-tree rate control with B-frames, the scene-cut test and more): measured by
encoding the same frames after filling the heap with different garbage, 4 of 4 encodes of a
1080x1920 shot came out different, at 360x640 and at 96x160 too. A process that has drawn
other shots before (a render worker, or one of the render threads of :mod:`manju.executor`)
would then encode a shot differently from one that had not, and a resumed or distributed
render would not be byte-identical to an uninterrupted one.

glibc fills every block it hands out with one byte while ``M_PERTURB`` is set, so buffers
are the same whatever the heap held before. x264 allocates its buffers when it opens and
while its frame pool fills (the first frames of a segment); filling costs a memset per
allocation, so it is on only then: a count of encoders in that phase turns it on and off
(several threads may be in it at once). Elsewhere (not glibc) it does nothing.

glibc does not fill blocks it hands out from a thread's cache of small freed blocks (plain
``malloc`` up to about 1 KB; aligned allocations too from glibc 2.38). x264 and FFmpeg allocate
with ``posix_memalign``, which glibc before 2.38 always fills; on a newer glibc, starting the
process with ``GLIBC_TUNABLES=glibc.malloc.tcache_count=0`` closes that gap.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import threading
from collections.abc import Iterator
from typing import Any

__all__ = ["filled_heap", "FILL_FRAMES"]

_M_PERTURB = -6
#: the byte (complemented by glibc) new blocks are filled with
_BYTE = 0x5A
#: frames an encoder takes to fill its pool: the look-ahead, the B-frames and the references
#: with room to spare (x264 allocates nothing later in a segment)
FILL_FRAMES = 48

_lock = threading.Lock()
_users = 0
_libc: Any = None


def _mallopt() -> Any:
    global _libc
    if _libc is None:
        try:
            libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
            _libc = libc.mallopt if hasattr(libc, "mallopt") else False
        except OSError:
            _libc = False
    return _libc


def _outside() -> int:
    """The setting to go back to: glibc's own ``MALLOC_PERTURB_`` when the user set one."""
    try:
        return int(os.environ.get("MALLOC_PERTURB_", "0"))
    except ValueError:
        return 0


@contextlib.contextmanager
def filled_heap() -> Iterator[None]:
    """New heap blocks are filled while any caller is inside this block."""
    global _users
    mallopt = _mallopt()
    if not mallopt:
        yield
        return
    with _lock:
        _users += 1
        if _users == 1:
            mallopt(_M_PERTURB, _BYTE)
    try:
        yield
    finally:
        with _lock:
            _users -= 1
            if _users == 0:
                mallopt(_M_PERTURB, _outside())
