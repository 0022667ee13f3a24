"""generator/background.py: work done in a forked child comes back, and so do its errors."""

import os
import pickle
import threading

import pytest

from generator import background


class Unpicklable(Exception):
    def __reduce__(self):
        raise TypeError("cannot pickle this")


def add(a, b):
    return a + b


def fail_plainly():
    raise ValueError("the template 'home' has a mistake")


def fail_unpicklably():
    raise Unpicklable("a very odd error")


def die():
    os._exit(3)


def pid():
    return os.getpid()


def test_the_work_runs_in_another_process_and_its_result_comes_back():
    assert threading.active_count() == 1, "a test left a thread running"
    pending = background.start(pid)
    assert pending.in_background
    assert pending.result() != os.getpid()
    assert background.start(add, 2, b=3).result() == 5


@pytest.mark.parametrize(
    "work, error, text",
    [
        (fail_plainly, ValueError, "the template 'home' has a mistake"),
        (fail_unpicklably, background.BackgroundFailed, "a very odd error"),
        (die, background.BackgroundFailed, "stopped unexpectedly"),
    ],
)
def test_what_goes_wrong_in_the_child_is_raised_by_result(work, error, text):
    pending = background.start(work)
    with pytest.raises(error, match=text):
        pending.result()


def test_with_threads_running_the_work_is_done_at_once_in_this_process():
    """Forking a process with threads can leave a lock held for ever (mkdocs serve has threads)."""
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        pending = background.start(pid)
        assert not pending.in_background
        assert pending.result() == os.getpid()
        failing = background.start(fail_plainly)  # the error waits for result(), as it would from a child
        with pytest.raises(ValueError):
            failing.result()
    finally:
        stop.set()
        thread.join()


def test_a_big_result_comes_back_whole():
    """A large landlord's pages are tens of megabytes: more than a pipe holds at once."""
    pages = {f"page-{i}.md": "x" * 100_000 for i in range(300)}
    assert background.start(dict, pages).result() == pages
    assert len(pickle.dumps(pages)) > 16 * 2**20


def pages(fail_at=None):
    for number in range(5):
        if number == fail_at:
            raise ValueError(f"page {number} could not be written")
        yield f"page-{number}.md", f"# Page {number}\n" * 1000


@pytest.mark.parametrize("threads", [False, True])
def test_a_stream_gives_each_value_by_key_in_any_order(threads):
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    if threads:
        thread.start()
    try:
        stream = background.Stream(pages)
        assert stream.in_background is not threads
        assert stream.get("page-3.md").startswith("# Page 3")
        assert stream.get("page-0.md").startswith("# Page 0")  # already come: kept
        assert stream.get("page-4.md").startswith("# Page 4")
        with pytest.raises(KeyError):
            stream.get("page-9.md")
        stream.close()
    finally:
        stop.set()
        if threads:
            thread.join()


def test_a_stream_raises_the_error_where_the_work_stopped():
    stream = background.Stream(pages, fail_at=2)
    assert stream.get("page-1.md").startswith("# Page 1")
    with pytest.raises(ValueError, match="page 2 could not be written"):
        stream.get("page-2.md")
    stream.close()


def test_closing_a_stream_early_ends_the_child():
    stream = background.Stream(pages)
    stream.get("page-0.md")
    stream.close()  # the child may still be writing: it is ended, not left waiting
    with pytest.raises(KeyError):
        stream.get("page-4.md")
