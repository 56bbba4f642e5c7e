#!/usr/bin/env python3
"""Memory of the local stack while image bombs arrive: 4 at once through submit, then 4 through uploads.

Usage: python3 docs/bench/image_bombs.py <pid of `mj-local.jar serve`> <base-url on loopback> <api key>
Builds a valid 16000x16000 RGB PNG (about 750 KB; a gigabyte of pixels once decoded), sends it
concurrently and samples the server's VmRSS from /proc/<pid>/status every 20 ms. Loopback only.
"""
import base64, json, struct, sys, threading, time, urllib.request, zlib

PID, BASE, KEY = int(sys.argv[1]), sys.argv[2].rstrip("/"), sys.argv[3]
assert BASE.startswith("http://127.0.0.1:") or BASE.startswith("http://[::1]:"), "loopback only"


def bomb(width=16000, height=16000):
    z = zlib.compressobj(9)
    row = b"\0" * (1 + 3 * width)  # filter byte, then RGB zeros
    idat = b"".join(z.compress(row * 100) for _ in range(height // 100)) + z.flush()
    chunk = lambda t, d: struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def rss_kb():
    with open(f"/proc/{PID}/status") as f:
        return next(int(l.split()[1]) for l in f if l.startswith("VmRSS:"))


def call(method, path, body=None, headers=None):
    h = {"Authorization": "Bearer " + KEY, "Content-Type": "application/json"}
    h.update(headers or {})
    h = {k: v for k, v in h.items() if v is not None}  # a presigned PUT carries no Authorization
    data = json.dumps(body).encode() if isinstance(body, dict) else body
    req = urllib.request.Request(path if path.startswith("http") else BASE + path, data=data, headers=h, method=method)
    try:
        with urllib.request.urlopen(req, timeout=120) as r:
            raw = r.read()
    except urllib.error.HTTPError as e:
        raw = e.read()
    return json.loads(raw) if raw[:1] in (b"{", b"[") else raw


class Sampler(threading.Thread):
    def __init__(self):
        super().__init__(daemon=True)
        self.peak, self.running = rss_kb(), True

    def run(self):
        while self.running:
            self.peak = max(self.peak, rss_kb())
            time.sleep(0.02)


def settle(seconds=5):
    time.sleep(seconds)
    return rss_kb()


def burst(name, work):
    before = settle()
    sampler = Sampler()
    sampler.start()
    started = time.time()
    results = [None] * 4
    threads = [threading.Thread(target=lambda i=i: results.__setitem__(i, work(i))) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.time() - started
    time.sleep(3)  # the workflow and uploads function run on after the answers
    sampler.running = False
    sampler.join()
    after = settle()
    mb = lambda kb: kb / 1024
    print(f"{name}: before {mb(before):.0f} MB, peak {mb(sampler.peak):.0f} MB (+{mb(sampler.peak - before):.0f} MB), "
          f"after {mb(after):.0f} MB; 4 answers in {elapsed:.2f} s")
    for r in results:
        print("   ", r)


png = bomb()
uri = "data:image/png;base64," + base64.b64encode(png).decode()
small = "data:image/png;base64," + base64.b64encode(bomb(8, 8)).decode()
print(f"bomb: 16000x16000 RGB PNG, {len(png)} bytes")

# Warm up the code paths (class loading and JIT are not what we measure).
for _ in range(3):
    call("POST", "/mj/submit/describe", {"base64": small})
    call("POST", "/mj/submit/imagine", {"prompt": "warm up", "base64Array": [uri]})

routes = [("/mj/submit/imagine", {"prompt": "a cat", "base64Array": [uri]}),
          ("/mj/submit/describe", {"base64": uri}),
          ("/mj/submit/blend", {"base64Array": [small, uri]}),
          ("/mj/insight-face/swap", {"sourceBase64": small, "targetBase64": uri})]
burst("submit (imagine, describe, blend, swap at once)",
      lambda i: {k: v for k, v in call("POST", *routes[i]).items() if k in ("code", "description")})


def upload(i):
    answer = call("POST", "/mj/submit/upload-url", {"purpose": "describe", "contentType": "image/png"})
    put = answer["properties"]["uploadUrls"][0]
    call("PUT", put["url"], png, {"Content-Type": "image/png", "Authorization": None})
    for _ in range(600):
        task = call("GET", f"/mj/task/{answer['result']}/fetch")
        if task["status"] in ("FAILURE", "SUCCESS"):
            return {"status": task["status"], "failReason": task["failReason"]}
        time.sleep(0.05)
    return {"status": task["status"]}


burst("uploads (4 presigned PUTs of the bomb at once)", upload)
