"""The print edition's colour conversion in newsletter workers forked after the parent converted.

The parent converts a colour first (filling the cached transform), then forked workers convert at
once, as `newsletter_files.build` does.  With the profile read lazily from its file, the workers
shared the file's offset and failed now and then with "Could not determine profile size".
"""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor

from generator.newsletter import cmyk
from generator.newsletter.pdf import fogra39_profile

PROFILE = fogra39_profile()
COLOURS = ["#%02x%02x%02x" % (n % 251, (n * 7) % 251, (n * 13) % 251 + 1) for n in range(1500)]


def _convert_all(_: int) -> list[tuple[float, float, float, float]]:
    return [cmyk.convert(colour, PROFILE) for colour in COLOURS]


def test_forked_workers_convert_at_once_as_the_parent_does():
    expected = _convert_all(0)  # the parent's transform is cached before the workers fork
    with ProcessPoolExecutor(4, mp_context=multiprocessing.get_context("fork")) as pool:
        results = list(pool.map(_convert_all, range(8)))
    assert all(result == expected for result in results)
