"""PyMISP doing what `bench_probe` (crates/misp-types/examples/bench_probe.rs) does, for
`cargo xtask bench`: one operation per process, printed as one JSON line
{"op": ..., "seconds": ..., "peak_mib": ..., "items": ...}.

Usage: python pymisp_bench.py OP ARGS...   (needs `pip install pymisp`)

  load PATH              MISPEvent().load_file of the event file, or of every event of a feed
  dump PATH OUT          to_json of the loaded events into OUT (load not timed)
  roundtrip PATH OUT     load then to_json into OUT: the whole job
  validate PATH          the object template rules PyMISP checks (`strict` objects: required,
                         requiredOneOf, multiple) on every object (load not timed)
  build N                a MISPEvent of N attributes with add_attribute, 5% of them in strict
                         domain-ip objects of two (checked as strict objects are)
  feed-export PATH OUT   to_feed(with_meta=True) of the events, written with manifest.json and
                         hashes.csv as PyMISP's feed generator does (load not timed)
  search URL N           PyMISP.search(controller="attributes") against the mock at URL
"""
import glob
import json
import os
import resource
import sys
import time


def peak_mib():
    # ru_maxrss is in KiB on Linux.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def files(path):
    if os.path.isdir(path):
        return [f for f in sorted(glob.glob(os.path.join(path, "*.json"))) if not f.endswith("manifest.json")]
    return [path]


def load(path):
    from pymisp import MISPEvent

    events = []
    for name in files(path):
        event = MISPEvent()
        event.load_file(name)
        events.append(event)
    return events


def count(events):
    return sum(len(e.attributes) + sum(len(o.attributes) for o in e.objects) for e in events)


def write(events, out):
    with open(out, "w") as f:
        for event in events:
            f.write(event.to_json())


def build(n):
    from pymisp import MISPEvent, MISPObject

    objects = n // 40
    standalone = n - 2 * objects
    event = MISPEvent()
    event.info = "built for the benchmark"
    event.add_tag("tlp:clear")
    for i in range(standalone):
        kind = i % 5
        if kind == 0:
            event.add_attribute("ip-dst", f"198.51.{(i // 256) % 256}.{i % 256}")
        elif kind == 1:
            event.add_attribute("domain", f"host-{i}.example.net")
        elif kind == 2:
            event.add_attribute("url", f"https://host-{i}.example.net/p/{i}")
        elif kind == 3:
            event.add_attribute("md5", f"{i * 2654435761:032x}")
        else:
            event.add_attribute("sha256", f"{i * 2654435761:064x}")
    for i in range(objects):
        obj = MISPObject("domain-ip", strict=True)
        obj.add_attribute("ip", value=f"203.0.{(i // 256) % 256}.{i % 256}")
        obj.add_attribute("domain", value=f"obj-{i}.example.org")
        obj._validate()
        event.add_object(obj)
    return count([event])


def validate(events):
    checked = 0
    for event in events:
        for obj in event.objects:
            if obj._definition:
                obj._validate()
                checked += 1
    return checked


def feed_export(events, out):
    os.makedirs(out, exist_ok=True)
    manifest = {}
    hashes = []
    for event in events:
        feed = event.to_feed(with_meta=True)
        body = feed["Event"]
        manifest.update(body.pop("_manifest"))
        hashes += [[h, body["uuid"]] for h in body.pop("_hashes")]
        with open(os.path.join(out, f"{body['uuid']}.json"), "w") as f:
            json.dump(feed, f, indent=2)
    with open(os.path.join(out, "manifest.json"), "w") as f:
        json.dump(manifest, f)
    with open(os.path.join(out, "hashes.csv"), "w") as f:
        for h, uuid in hashes:
            f.write(f"{h},{uuid}\n")


def search(url, expected):
    from pymisp import PyMISP

    misp = PyMISP(url, "0" * 40, ssl=False)
    start = time.perf_counter()
    found = misp.search(controller="attributes", return_format="json", pythonify=False)
    items = len(found["Attribute"]) if isinstance(found, dict) else len(found)
    return time.perf_counter() - start, items


def main(argv):
    op, args = argv[0], argv[1:]
    start = time.perf_counter()
    if op == "load":
        items = count(load(args[0]))
        seconds = time.perf_counter() - start
    elif op == "roundtrip":
        events = load(args[0])
        write(events, args[1])
        seconds = time.perf_counter() - start
        items = count(events)
    elif op == "dump":
        events = load(args[0])
        start = time.perf_counter()
        write(events, args[1])
        seconds = time.perf_counter() - start
        items = count(events)
    elif op == "validate":
        events = load(args[0])
        start = time.perf_counter()
        validate(events)
        seconds = time.perf_counter() - start
        items = count(events)
    elif op == "build":
        items = build(int(args[0]))
        seconds = time.perf_counter() - start
    elif op == "feed-export":
        events = load(args[0])
        start = time.perf_counter()
        feed_export(events, args[1])
        seconds = time.perf_counter() - start
        items = count(events)
    elif op == "search":
        seconds, items = search(args[0], int(args[1]))
    else:
        sys.exit(f"pymisp_bench: unknown operation `{op}`")
    print(json.dumps({"op": op, "seconds": round(seconds, 4), "peak_mib": round(peak_mib(), 1), "items": items}))


if __name__ == "__main__":
    main(sys.argv[1:])
