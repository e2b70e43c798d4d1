"""PyMISP's load and to_json on the same inputs as `cargo xtask bench`, for comparison.

Usage: python3 pymisp_load.py FILE_OR_FEED_DIR...   (needs `pip install pymisp`)
"""
import glob
import os
import resource
import sys
import time

from pymisp import MISPEvent


def files(path):
    if os.path.isdir(path):
        return [f for f in sorted(glob.glob(os.path.join(path, "*.json"))) if not f.endswith("manifest.json")]
    return [path]


for path in sys.argv[1:]:
    start = time.perf_counter()
    events = []
    for name in files(path):
        event = MISPEvent()
        event.load_file(name)
        events.append(event)
    loaded = time.perf_counter()
    for event in events:
        event.to_json()
    written = time.perf_counter()
    attributes = sum(len(e.attributes) + sum(len(o.attributes) for o in e.objects) for e in events)
    print(
        f"PyMISP: {path}: {attributes} attributes, load {loaded - start:.2f} s, "
        f"to_json {written - loaded:.2f} s, peak RSS "
        f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1000:.0f} MB"
    )
