import multiprocessing

import numpy as np

from manju.export.video import to_yuv420p


def _convert_in_child() -> tuple[int, int]:
    frame = np.full((64, 48, 4), 200, dtype=np.uint8)
    return to_yuv420p(frame).shape


def test_opencv_works_in_a_worker_forked_while_the_parents_pool_has_threads():
    import cv2 as raw

    big = np.zeros((1080, 1920, 4), dtype=np.uint8)
    assert to_yuv420p(big).shape == (1620, 1920)  # manju's own use comes first
    # Then something in the parent turns OpenCV's pool back on and runs it: its threads are
    # alive when the worker is forked.
    raw.setNumThreads(2)
    raw.cvtColor(big, raw.COLOR_RGBA2BGRA)
    with multiprocessing.get_context("fork").Pool(1) as pool:
        # Resizing an inherited live pool in the child used to wait forever.
        assert pool.apply_async(_convert_in_child).get(timeout=60) == (96, 48)
