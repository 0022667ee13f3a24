"""generator/background.py: work done in a forked child comes back, and so do its errors.

Forking needs a process with one thread; pytest's may have more (the browser tests leave
Playwright's), so each scenario runs in a fresh Python, as `mkdocs build` does.
"""

import json
import subprocess
import sys
import textwrap

import pytest

from .conftest import ROOT

PRELUDE = """
import json, os, threading
from generator.site import background

class Unpicklable(Exception):
    def __reduce__(self):
        raise TypeError("cannot pickle this")

def add(a, b):
    return a + b

def pid():
    return os.getpid()

def fail_plainly():
    raise ValueError("the template 'home' has a mistake")

def fail_unpicklably():
    raise Unpicklable("a very odd error")

def die():
    os._exit(3)

def pages(fail_at=None):
    for number in range(5):
        if number == fail_at:
            raise ValueError(f"page {number} could not be written")
        yield f"page-{number}.md", f"# Page {number}\\n" * 1000

def one(work, *args, **kwargs):  # a single value as a stream
    yield "result", work(*args, **kwargs)

def result_of(work, *args, **kwargs):
    stream = background.Stream(one, work, *args, **kwargs)
    try:
        return stream.get("result")
    finally:
        stream.close()

def outcome(call):
    try:
        return {"value": call()}
    except BaseException as exc:
        return {"error": type(exc).__name__, "text": str(exc)}

def with_a_thread(call):
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        return call()
    finally:
        stop.set()
        thread.join()
"""


def run(code: str):
    """Run ``code`` after the prelude in a fresh Python; it prints one JSON value."""
    program = PRELUDE + textwrap.dedent(code)
    done = subprocess.run([sys.executable, "-c", program], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_the_work_runs_in_another_process_and_its_result_comes_back():
    found = run("""
        stream = background.Stream(one, pid)
        print(json.dumps({"background": stream.in_background, "child": stream.get("result") != os.getpid(),
                          "sum": result_of(add, 2, b=3)}))
        stream.close()
    """)
    assert found == {"background": True, "child": True, "sum": 5}


@pytest.mark.parametrize(
    "work, error, text",
    [
        ("fail_plainly", "ValueError", "the template 'home' has a mistake"),
        ("fail_unpicklably", "BackgroundFailed", "a very odd error"),
        ("die", "BackgroundFailed", "stopped unexpectedly"),
    ],
)
def test_what_goes_wrong_in_the_child_is_raised_by_result(work, error, text):
    found = run(f"print(json.dumps(outcome(lambda: result_of({work}))))")
    assert found["error"] == error and text in found["text"]


def test_with_threads_running_the_work_is_done_in_this_process():
    """Forking a process with threads can leave a lock held for ever (mkdocs serve has threads)."""
    found = run("""
        def scenario():
            stream = background.Stream(one, pid)
            found = {"background": stream.in_background, "here": stream.get("result") == os.getpid(),
                     "error": outcome(lambda: result_of(fail_plainly))}
            stream.close()
            return found
        print(json.dumps(with_a_thread(scenario)))
    """)
    assert found == {"background": False, "here": True,
                     "error": {"error": "ValueError", "text": "the template 'home' has a mistake"}}


def test_a_big_result_comes_back_whole():
    """A large landlord's pages are tens of megabytes: more than a pipe holds at once."""
    found = run("""
        big = {f"page-{i}.md": "x" * 100_000 for i in range(300)}
        print(json.dumps(result_of(dict, big) == big))
    """)
    assert found is True


@pytest.mark.parametrize("threads", [False, True])
def test_a_stream_gives_each_value_by_key_in_any_order(threads):
    found = run(f"""
        def scenario():
            stream = background.Stream(pages)
            got = [stream.get(key)[:8] for key in ("page-3.md", "page-0.md", "page-4.md")]
            missing = outcome(lambda: stream.get("page-9.md"))
            stream.close()
            return {{"background": stream.in_background, "got": got, "missing": missing["error"]}}
        print(json.dumps(with_a_thread(scenario) if {threads} else scenario()))
    """)
    assert found == {"background": not threads, "got": ["# Page 3", "# Page 0", "# Page 4"],
                     "missing": "KeyError"}


def test_a_stream_raises_the_error_where_the_work_stopped():
    found = run("""
        stream = background.Stream(pages, fail_at=2)
        first = stream.get("page-1.md")[:8]
        print(json.dumps([first, outcome(lambda: stream.get("page-2.md"))]))
        stream.close()
    """)
    assert found == ["# Page 1", {"error": "ValueError", "text": "page 2 could not be written"}]


def test_closing_a_stream_early_ends_the_child():
    found = run("""
        stream = background.Stream(pages)
        stream.get("page-0.md")
        stream.close()  # the child may still be writing: it is ended and collected, not left waiting
        print(json.dumps(outcome(lambda: stream.get("page-4.md"))["error"]))
    """)
    assert found == "KeyError"
