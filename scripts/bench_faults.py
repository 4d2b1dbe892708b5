#!/usr/bin/env python3
"""Model-fault benchmarks (issue 9): the packaged hub with every role on a model provider that fails
30% of its calls. Prints one `name: value unit` line per figure; progress and detail on stderr.

The provider is dev.vibecoder.bench.AnthropicStandIn, a process of its own on the test classpath
(BENCH_CLASSPATH, set by scripts/bench.sh): Anthropic's Messages API answered by the offline model,
with a seeded share of 429 (Retry-After), 500, reset connections and answers slower than the hub's
timeout. The hub reaches it as it reaches Anthropic (ANTHROPIC_BASE_URL), with its own default
fault settings except a shorter model timeout, and is driven through its REST API; what each call
became is read from its database (llm_calls, documents).
"""
import os
import re
import subprocess
import sys
import threading
import time

from bench import Hub, free_port, http

PROJECTS = int(os.environ.get("BENCH_FAULTS_PROJECTS", "20"))
SHARE = float(os.environ.get("BENCH_FAULTS_SHARE", "0.3"))
SEED = int(os.environ.get("BENCH_FAULTS_SEED", "20261204"))
WORKFLOW = os.environ.get("BENCH_FAULTS_WORKFLOW", "quick-prototype")
# the hub's model timeout (default 120 s) shortened so that the too-slow answers cost seconds, not
# minutes; the stand-in's too-slow answers take 5 s longer than it
TIMEOUT_S = int(os.environ.get("BENCH_FAULTS_MODEL_TIMEOUT_S", "10"))
# how long the projects get to finish: generous against the hub's defaults (a circuit open for 60 s,
# steps parked for up to 60 s)
WAIT_S = int(os.environ.get("BENCH_FAULTS_WAIT_S", "900"))
# the model the hub asks for and is billed by (config/prices.yaml); the stand-in bills the same prices
MODEL = os.environ.get("BENCH_FAULTS_MODEL", "claude-sonnet-4-5")
PRICE_INPUT = os.environ.get("BENCH_FAULTS_PRICE_INPUT", "3.00")
PRICE_OUTPUT = os.environ.get("BENCH_FAULTS_PRICE_OUTPUT", "15.00")
# projects given a budget smaller than the workflow needs (budget_overshoot_usd)
BUDGET_PROJECTS = int(os.environ.get("BENCH_BUDGET_PROJECTS", "5"))


def log(text):
    print(text, file=sys.stderr, flush=True)


class StandIn:
    """The fault-injecting Anthropic stand-in, as its own JVM."""

    def __init__(self):
        classpath = os.environ.get("BENCH_CLASSPATH")
        if not classpath:
            sys.exit("BENCH_CLASSPATH is not set: run this through scripts/bench.sh (BENCH=faults)")
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = open(".services/bench-standin.log", "w")
        self.process = subprocess.Popen(
            ["java", "-Xmx512m", "-cp", classpath, "dev.vibecoder.bench.AnthropicStandIn", f"--port={self.port}",
             f"--price-input={PRICE_INPUT}", f"--price-output={PRICE_OUTPUT}"],
            stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while True:
            if self.process.poll() is not None or time.monotonic() > deadline:
                sys.exit("the model stand-in did not start, see .services/bench-standin.log")
            try:
                self.stats()
                break
            except OSError:
                time.sleep(0.2)

    def stats(self):
        return http("GET", self.url + "/stand-in/stats", timeout=5)

    def faults(self, share):
        """Faults from now on (a fresh seeded sequence), and stats from zero."""
        return http("POST", self.url + "/stand-in/faults",
                    {"share": share, "seed": SEED, "slowMs": (TIMEOUT_S + 5) * 1000}, timeout=5)

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(30)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()


def statuses(hub, ids):
    return {p["id"]: p for p in http("GET", f"{hub.url}/api/projects?limit=500") if p["id"] in ids}


def wait_finished(hub, ids, timeout):
    """Polls once a second until every project completed or failed, or the time is up."""
    deadline = time.monotonic() + timeout
    while True:
        current = statuses(hub, ids)
        if all(p["status"] in ("COMPLETED", "FAILED") for p in current.values()) or time.monotonic() > deadline:
            return current
        time.sleep(1)


def database(sql):
    """One query on the hub's database through psql (its password only in psql's environment); rows of fields."""
    jdbc = os.environ.get("VIBECODER_TEST_DB_URL", os.environ.get("VIBECODER_DB_URL", ""))
    m = re.match(r"jdbc:postgresql://([^/:]+)(?::(\d+))?/([^?]+)", jdbc)
    if not m:
        sys.exit(f"cannot read the database address from {jdbc!r}")
    env = dict(os.environ, PGHOST=m.group(1), PGPORT=m.group(2) or "5432", PGDATABASE=m.group(3),
               PGUSER=os.environ.get("VIBECODER_DB_USER", "vibecoder"),
               PGPASSWORD=os.environ.get("VIBECODER_DB_PASSWORD", "vibecoder"))
    out = subprocess.run(["psql", "-X", "-q", "-At", "-F", "\t", "-v", "ON_ERROR_STOP=1", "-c", sql],
                         env=env, capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit("query failed: " + out.stderr.strip())
    return [line.split("\t") for line in out.stdout.splitlines()]


def calls(ids):
    """Per project: failed tries (llm_calls rows not answered), answered calls, and the answered calls that
    did not become a stored document (per step: its answers, less one when the step stored its document).
    Also the cost the hub booked."""
    projects = ",".join(f"'{i}'" for i in ids if i is not None)
    return database(f"""
        with steps as (
            select c.project_id, c.step_key,
                   count(*) filter (where c.outcome <> 'answered') as failed,
                   count(*) filter (where c.outcome = 'answered') as answered,
                   sum(c.cost_usd) as cost
              from llm_calls c where c.project_id in ({projects}) group by c.project_id, c.step_key)
        select s.project_id, sum(s.failed), sum(s.answered),
               sum(s.answered - case when d.id is null then 0 else 1 end), sum(s.cost)
          from steps s left join documents d on d.step_key = s.step_key
         group by s.project_id""")


def metric(hub, name):
    """The sum of a counter's series on the hub's /actuator/prometheus."""
    total = 0.0
    for line in http("GET", hub.url + "/actuator/prometheus").splitlines():
        if line.startswith(name + "{") or line.startswith(name + " "):
            total += float(line.rsplit(" ", 1)[1])
    return total


def circuit_openings():
    """How often the provider's circuit opened (from closed or half-open), as the hub logged it."""
    with open(".services/bench-faults.log", errors="replace") as hub_log:
        return sum(1 for line in hub_log if re.search(r"anthropic circuit State transition from \w+ to OPEN", line))


def budgets(hub, stand_in, warm):
    """budget_overshoot_usd: projects whose budget is half what the warm-up project spent stop at their
    budget checkpoint; raised to three times that, they finish. The overshoot is the most any project's
    spend (as the hub booked it and as the stand-in billed it, faults off) went past its budget at
    either point."""
    need = float(database(f"select coalesce(sum(cost_usd), 0) from llm_calls where project_id = '{warm}'")[0][0])
    budget = round(need / 2, 6)
    raised = round(need * 3, 6)
    stand_in.faults(0)
    ids = [http("POST", hub.url + "/api/projects", {"idea": f"Budget {i}: a unit converter", "workflow": WORKFLOW,
                                                    "budget": {"usd": budget}})["id"] for i in range(BUDGET_PROJECTS)]
    deadline = time.monotonic() + 300
    while True:
        current = statuses(hub, set(ids))
        if all(p["status"] in ("WAITING_FOR_BUDGET", "COMPLETED", "FAILED") for p in current.values()):
            break
        if time.monotonic() > deadline:
            sys.exit("budget projects did not reach their budget checkpoint in 300 s")
        time.sleep(0.5)
    parked = sum(1 for p in current.values() if p["status"] == "WAITING_FOR_BUDGET")
    spent_at_checkpoint = {i: http("GET", f"{hub.url}/api/projects/{i}")["budget"]["spentUsd"] for i in ids}
    billed_at_checkpoint = float(stand_in.stats()["billed_usd"])
    for i in ids:
        if current[i]["status"] == "WAITING_FOR_BUDGET":
            http("POST", f"{hub.url}/api/projects/{i}/budget", {"decision": "raise", "usd": raised, "by": "bench"})
    final = wait_finished(hub, set(ids), 300)
    finished = sum(1 for p in final.values() if p["status"] == "COMPLETED")
    spent_at_end = {i: http("GET", f"{hub.url}/api/projects/{i}")["budget"]["spentUsd"] for i in ids}
    billed = float(stand_in.stats()["billed_usd"])
    overshoot = max([0.0] + [s - budget for s in spent_at_checkpoint.values()]
                    + [s - raised for s in spent_at_end.values()]
                    + [billed_at_checkpoint / BUDGET_PROJECTS - budget, billed / BUDGET_PROJECTS - raised])
    log(f"budgets: the warm-up project spent ${need:.4f}; {BUDGET_PROJECTS} projects with ${budget:.4f}: {parked} "
        f"stopped at their budget checkpoint having spent at most ${max(spent_at_checkpoint.values()):.4f}; raised to "
        f"${raised:.4f}, {finished} completed, spending at most ${max(spent_at_end.values()):.4f}; the stand-in billed "
        f"${billed:.4f} for them")
    return overshoot, parked, finished, budget


def main():
    os.makedirs(".services", exist_ok=True)
    stand_in = StandIn()
    hub = None
    try:
        hub = Hub("faults", VIBECODER_LLM_PROVIDER="anthropic", ANTHROPIC_BASE_URL=stand_in.url + "/v1",
                  ANTHROPIC_API_KEY="bench-key", ANTHROPIC_MODEL=MODEL,
                  VIBECODER_LLM_ANTHROPIC_TIMEOUT=f"{TIMEOUT_S}s")
        # first-use costs stay out, and a hub that cannot use the stand-in at all fails here
        warm = hub.start("warm-up: a tiny calculator", WORKFLOW)
        if wait_finished(hub, {warm}, 300)[warm]["status"] != "COMPLETED":
            sys.exit("the warm-up project did not complete without faults, see .services/bench-faults.log")
        overshoot = budgets(hub, stand_in, warm)
        stand_in.faults(SHARE)
        ids = [None] * PROJECTS
        started = time.monotonic()

        def one(i):
            ids[i] = hub.start(f"Project {i}: a tip calculator that splits bills", WORKFLOW)

        threads = [threading.Thread(target=one, args=(i,)) for i in range(PROJECTS)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        final = wait_finished(hub, set(ids), WAIT_S)
        wall = time.monotonic() - started
        stats = stand_in.stats()
        parked = metric(hub, "vibecoder_llm_parked_steps_total")
    finally:
        if hub is not None:
            hub.stop()
        stand_in.stop()

    completed = sum(1 for p in final.values() if p["status"] == "COMPLETED")
    for p in final.values():
        if p["status"] != "COMPLETED":
            log(f"project {p['id']} not completed: {p['status']} ({p.get('stage')})")
    rows = calls(ids)
    failed = sum(int(r[1]) for r in rows)
    answered = sum(int(r[2]) for r in rows)
    thrown_away = sum(int(r[3]) for r in rows)
    booked = sum(float(r[4]) for r in rows)
    faults = stats["faults"]
    injected = sum(faults.values())
    log(f"stand-in: {stats['requests']} requests, {stats['answered']} answered in time ({stats['cut_off']} cut "
        f"off at max_tokens), {stats['late']} answered after the hub's timeout, {stats['refused']} refused as "
        f"invalid; hub: {answered + failed} calls recorded, {answered} answered, {failed} failed")
    print(f"model_fault_completion_ratio: {completed / PROJECTS:.2f} ratio ({completed} of {PROJECTS} {WORKFLOW} "
          f"projects completed within {WAIT_S} s, {SHARE:.0%} of model calls failing; goal 1.0)", flush=True)
    print(f"wasted_calls_per_project: {(failed + thrown_away) / PROJECTS:.2f} calls ({failed} failed tries and "
          f"{thrown_away} answers not stored, over {PROJECTS} projects of {answered / PROJECTS:.1f} answered "
          f"calls each)", flush=True)
    print(f"model_faults_injected: {injected} calls (of {stats['requests']} requests: "
          f"{faults.get('RATE_LIMITED', 0)} 429, {faults.get('SERVER_ERROR', 0)} 500, "
          f"{faults.get('CONNECTION_RESET', 0)} resets, {faults.get('TOO_SLOW', 0)} slower than {TIMEOUT_S} s)",
          flush=True)
    print(f"model_fault_wall_seconds: {wall:.0f} s (the {PROJECTS} projects started until the last finished; "
          f"the circuit opened {circuit_openings()} times, {parked:.0f} steps parked waiting for the model)",
          flush=True)
    # what the provider billed, against what the hub booked: they differ by the answers the hub
    # timed out on, which a provider still bills
    log(f"cost: the stand-in billed ${float(stats['billed_usd']):.4f} (answers after the timeout included), "
        f"the hub booked ${booked:.4f} ({MODEL} at ${PRICE_INPUT}/${PRICE_OUTPUT} per million tokens)")
    over, parked_at_budget, finished_after_raise, budget = overshoot
    print(f"budget_overshoot_usd: {over:.4f} usd (most spent past its budget by any of {BUDGET_PROJECTS} projects "
          f"given ${budget:.4f}, half what the workflow needs: {parked_at_budget} stopped at their budget checkpoint, "
          f"{finished_after_raise} completed once raised; goal 0)", flush=True)


if __name__ == "__main__":
    main()
