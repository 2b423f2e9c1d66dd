"""An oversized or non-image camera frame is refused (413/415) before it is read whole."""

import pytest


@pytest.mark.skip(reason="not part of this suite yet: the frame endpoint (POST /api/v1/frames) comes "
                         "with the gate issue, whose tests/gate/test_frames.py checks its 413 and 415; "
                         "the body limit itself is tested in tests/web/test_security.py")
def test_an_oversized_or_non_image_frame_is_refused_before_it_is_read_whole():
    """Left for when the gate issue has landed: stream 9 MiB and a text body to /api/v1/frames."""
