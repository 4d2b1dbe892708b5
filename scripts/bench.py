#!/usr/bin/env python3
"""VibeCoder benchmarks on the real broker and database. Prints one `name: value unit` line per figure.

Starts the packaged hub as its own process (own broker namespace), so start-up is measured as a
user sees it, and drives it through the REST API only.
"""
import json
import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.request
import uuid

JAR = os.environ.get("JAR", "target/vibecoder-0.1.0-SNAPSHOT.jar")
SAMPLE = os.environ.get("IDEA", "A command-line todo list manager that stores tasks in a JSON file, with due dates and priorities")
CONCURRENT = int(os.environ.get("BENCH_CONCURRENT", "50"))
LATENCY = os.environ.get("BENCH_LATENCY", "500ms")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# each hub's admin token (it writes one to its bootstrap token file), by the hub's URL
TOKENS = {}


def http(method, url, body=None, timeout=30):
    data = json.dumps(body).encode() if body is not None else None
    headers = {"Content-Type": "application/json"}
    for base, token in TOKENS.items():
        if url.startswith(base + "/"):
            headers["Authorization"] = "Bearer " + token
    req = urllib.request.Request(url, data=data, method=method, headers=headers)
    with urllib.request.urlopen(req, timeout=timeout) as r:
        text = r.read().decode()
        return json.loads(text) if r.headers.get_content_type().endswith("json") else text


class Hub:
    def __init__(self, name, **env):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = open(f".services/bench-{name}.log", "w")
        # the scratch (test) database: benchmark projects stay out of the list `make run` users read
        db = os.environ.get("VIBECODER_TEST_DB_URL", os.environ.get("VIBECODER_DB_URL", ""))
        token_file = os.path.abspath(f".services/bench-{name}.token")
        # the benchmarks start many projects from one identity: no start limit to speak of
        environment = dict(os.environ, VIBECODER_PORT=str(self.port), VIBECODER_LLM_PROVIDER="offline",
                           VIBECODER_NAMESPACE="bench-" + uuid.uuid4().hex[:8], VIBECODER_DB_URL=db,
                           VIBECODER_BOOTSTRAP_TOKEN_FILE=token_file, VIBECODER_STARTS_PER_IDENTITY="1000000")
        environment.update(env)  # a bench's own settings win (scripts/bench_faults.py sets the provider)
        self.started = time.monotonic()
        self.process = subprocess.Popen(["java", "-jar", JAR], stdout=self.log, stderr=subprocess.STDOUT,
                                        env=environment)
        while True:
            if self.process.poll() is not None:
                sys.exit(f"hub exited during start-up, see .services/bench-{name}.log")
            try:
                urllib.request.urlopen(self.url + "/actuator/health/readiness", timeout=1)
                break
            except Exception:
                time.sleep(0.05)
        self.ready_seconds = time.monotonic() - self.started
        with open(token_file) as f:
            TOKENS[self.url] = f.read().strip()

    def start(self, idea, workflow=None):
        body = {"idea": idea} if workflow is None else {"idea": idea, "workflow": workflow}
        return http("POST", self.url + "/api/projects", body)["id"]

    def wait(self, *project_ids, timeout=600):
        """Polls the project list (cheap), ten times a second, from one thread: the benchmark must
        not be the load it measures."""
        waiting = set(project_ids)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for p in http("GET", f"{self.url}/api/projects?limit=500"):
                if p["id"] in waiting and p["status"] == "FAILED":
                    sys.exit(f"project {p['id']} failed")
                if p["status"] == "COMPLETED":
                    waiting.discard(p["id"])
            if not waiting:
                return
            time.sleep(0.1)
        sys.exit(f"{len(waiting)} projects did not finish in {timeout} s")

    def consumed_messages(self):
        """Messages taken off the hub's queues so far: exchanges of the router and role routes."""
        metrics = http("GET", self.url + "/actuator/prometheus")
        total = 0.0
        for line in metrics.splitlines():
            m = re.match(r'camel_exchanges_total\{.*eventType="route".*routeId="(document-router|role-[a-z-]+)".*\} (\S+)', line)
            if m:
                total += float(m.group(2))
        return total

    def __enter__(self):
        # first-use costs (JIT, connection pools) stay out of the figures
        self.wait(self.start("warm-up: a tiny calculator"))
        return self

    def __exit__(self, *exc):
        self.stop()

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(30)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()


TICK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid):
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


def machine_cpu_seconds():
    """CPU the whole machine has been busy (all cores): it includes the sandboxed compiles and test
    runs, which run in their own namespaces and are not counted as the hub's."""
    fields = [int(v) for v in open("/proc/stat").readline().split()[1:]]
    idle = fields[3] + fields[4]  # idle, iowait
    return (sum(fields[:8]) - idle) / TICK


def services_cpu_seconds():
    """CPU used so far by PostgreSQL and RabbitMQ (the Erlang VM) on this machine."""
    total = 0.0
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            if open(f"/proc/{pid}/comm").read().strip() in ("postgres", "beam.smp"):
                total += cpu_seconds(pid)
        except OSError:
            pass
    return total


def run_all(hub, ideas):
    """Starts the projects together (one thread each) and returns the wall time until all completed."""
    ids = [None] * len(ideas)
    started = time.monotonic()

    def one(i):
        ids[i] = hub.start(ideas[i])

    threads = [threading.Thread(target=one, args=(i,)) for i in range(len(ideas))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    hub.wait(*ids)
    return time.monotonic() - started


def main():
    os.makedirs(".services", exist_ok=True)
    hub = Hub("offline")
    print(f"ready_seconds: {hub.ready_seconds:.2f} s", flush=True)
    with hub:
        before = hub.consumed_messages()
        started = time.monotonic()
        hub.wait(hub.start(SAMPLE))
        print(f"sample_e2e_seconds: {time.monotonic() - started:.2f} s", flush=True)
        time.sleep(1)  # the last event reaches the router after the project is marked complete
        print(f"messages_per_project: {hub.consumed_messages() - before:.0f} messages", flush=True)

    # what the hub and its services cost per project, with models that answer at once: on a small
    # machine this CPU, not the hub's concurrency, is what bounds the concurrency ratio below
    with Hub("overhead") as hub:
        pid = hub.process.pid
        hub_cpu, machine_cpu, services_cpu = cpu_seconds(pid), machine_cpu_seconds(), services_cpu_seconds()
        wall = run_all(hub, [f"Project {i}: a recipe book" for i in range(CONCURRENT)])
        hub_cpu, machine_cpu = cpu_seconds(pid) - hub_cpu, machine_cpu_seconds() - machine_cpu
        services_cpu = services_cpu_seconds() - services_cpu
        # what neither the hub nor the services used: the sandboxed runs (and whatever else runs here)
        sandbox_cpu = max(0.0, machine_cpu - hub_cpu - services_cpu)
        print(f"overhead_wall_{CONCURRENT}_seconds: {wall:.2f} s (offline provider without latency)", flush=True)
        print(f"hub_cpu_seconds_per_project: {hub_cpu / CONCURRENT:.3f} s", flush=True)
        print(f"sandbox_cpu_seconds_per_project: {sandbox_cpu / CONCURRENT:.3f} s (the rest of the machine's CPU: "
              f"the generated code compiled and tested in bubblewrap)", flush=True)
        print(f"services_cpu_seconds_per_project: {services_cpu / CONCURRENT:.3f} s (PostgreSQL and RabbitMQ)", flush=True)
        print(f"cpu_busy_share: {machine_cpu / (wall * os.cpu_count()):.2f} ratio "
              f"(the machine's {os.cpu_count()} cores during that run)", flush=True)

    concurrency = os.environ.get("VIBECODER_ROLE_CONCURRENCY", "8")
    with Hub("latency", VIBECODER_OFFLINE_LATENCY=LATENCY) as hub:
        one = run_all(hub, ["A habit tracker with streaks"])
        many = run_all(hub, [f"Project {i}: a habit tracker with streaks" for i in range(CONCURRENT)])
        print(f"concurrency_wall_1_seconds: {one:.2f} s", flush=True)
        print(f"concurrency_wall_{CONCURRENT}_seconds: {many:.2f} s", flush=True)
        print(f"concurrency_ratio_{CONCURRENT}: {many / one:.2f} ratio (offline provider at {LATENCY} a call, "
              f"{concurrency} consumers per role)", flush=True)


if __name__ == "__main__":
    main()
