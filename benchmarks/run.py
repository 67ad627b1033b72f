# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Benchmark: intune_template_instance in-process and on the module path, a hand-made uri playbook, and Ansible's floor.

One command, against the Graph emulator on 127.0.0.1 (nothing else is contacted):

    python benchmarks/run.py [--count 50] [--latency-ms 30] [--tenant-sizes 10,1000,10000]

Use a Python that has the test requirements (ansible-core, msal, requests, cryptography). It prints:
1. a table per latency (--latency-ms, then 0 ms): for a create, a run without drift and a run with one drifted
   setting, the module in-process (the default on the controller), the same playbook on the module path
   (MSGRAPH_INTUNE_EXECUTION=module) and the same job as an ansible.builtin.uri playbook, with ansible.builtin.ping
   in the same loop (the floor): wall time and CPU time per item, Graph / token / discovery requests per item, the
   module process' peak memory, and the ratios to ping, to the module path and to the uri playbook;
2. start-up (import) times: the module's, its action plugin's, and the floor's;
3. the lookup cost in tenants of 10 / 1,000 / 10,000 intents, with the filtered query and the full-list fallback;
4. the targets, each with its measured value.
See docs/performance.md for how to read it. Timings are medians or means over bounded loops; nothing is asserted.
The parts: playbooks.py (the compared jobs), harness.py (running and measuring a playbook), lookup_cost.py (the
lookup measurement), report.py (the tables and targets).
"""

import argparse
import os
import shutil
import sys
import tempfile
import time

from harness import Bench, Results, check_execution_path, import_time, measure_processes, run_job, start_emulator
from lookup_cost import lookup_costs
from playbooks import SCENARIOS, STARTUP_IMPORTS, jobs
from report import job_table, lookup_table, startup_table, targets, targets_table

MAX_COUNT = 500
MAX_TENANT_SIZE = 20000


def measure_jobs(bench, compared, count, latencies, rounds):
    """Every phase (a latency and a scenario) runs all compared jobs back to back, each on profiles of its own (name
    prefixes), and every round repeats all phases on new profiles; the median round is reported. So a change in the
    host's load hits all jobs alike, and no reset (which would also revoke the cached token) is needed between them.
    The floor (ping) runs in the no-drift phase."""
    results = Results()
    for round_number in range(1, rounds + 1):
        for latency in latencies:
            bench.emulator.control.config(latency_ms=latency)
            for scenario, dummy, encrypt in SCENARIOS:
                for job in compared:
                    if job.floor and scenario != 'steady':
                        continue
                    results.add((latency, scenario, job.key),
                                run_job(bench, job, job.profile_prefix(round_number, latency), count, encrypt))
    return results


def measure_module_processes(bench, compared, results, count):
    """Peak memory and wall time of the module processes of the jobs that start them, at 0 ms, without drift (the
    first round's profiles of 0 ms hold the last scenario's value)."""
    bench.emulator.control.config(latency_ms=0)
    last_value = SCENARIOS[-1][2]
    for job in compared:
        if job.key != 'inproc':
            measure_processes(bench, results.median(0, 'steady', job.key), job, job.profile_prefix(1, 0), count, last_value)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n', maxsplit=1)[0])
    parser.add_argument('--count', type=int, default=50, help='profiles managed in the loop (default 50, at most %d)' % MAX_COUNT)
    parser.add_argument('--latency-ms', type=int, default=30, help='emulated latency of every request (default 30); 0 ms is measured too')
    parser.add_argument('--tenant-sizes', default='10,1000,10000', help='tenant sizes of the lookup measurement')
    parser.add_argument('--page-size', type=int, default=100, help='emulator page size for the full list (default 100)')
    parser.add_argument('--process-count', type=int, default=5,
                        help='profiles in the runs that measure module processes (peak memory, wall time; default 5)')
    parser.add_argument('--rounds', type=int, default=3,
                        help='rounds of all runs, on new profiles each; the median round is shown (default 3)')
    parser.add_argument('--repeats', type=int, default=5, help='repeats of each import and lookup timing (default 5)')
    parser.add_argument('--keep', action='store_true', help='keep the work directory (playbooks, timings)')
    args = parser.parse_args()
    sys.stdout.reconfigure(line_buffering=True)
    sizes = [int(size) for size in args.tenant_sizes.split(',') if size.strip()]
    if not 1 <= args.count <= MAX_COUNT or not 1 <= args.rounds <= 9 or args.latency_ms < 0 or not sizes \
            or any(not 1 <= size <= MAX_TENANT_SIZE for size in sizes):
        parser.error('--count must be 1..%d, --rounds 1..9, --latency-ms >= 0 and tenant sizes 1..%d'
                     % (MAX_COUNT, MAX_TENANT_SIZE))

    from ansible.release import __version__ as ansible_version  # here: --help works without ansible
    workdir = tempfile.mkdtemp(prefix='msgraph-intune-bench-')
    emulator = start_emulator(workdir)
    bench = Bench(workdir, emulator, sys.executable)
    count, latency = args.count, args.latency_ms
    latencies = [latency, 0] if latency else [0]
    started = time.time()
    try:
        print('msgraph.intune benchmark: %d profiles, %s ms per request, emulator at %s, ansible-core %s, Python %s'
              % (count, ' and '.join('%d' % at for at in latencies), emulator.url, ansible_version, sys.version.split()[0]))
        compared = jobs(bench.connection)
        # One item of each path with -vvv first: the figures would mean nothing if a job took the other path. Its
        # token and template data are then thrown away, so that the first round starts without a cache.
        for job in compared:
            if job.path_marker:
                check_execution_path(bench, job)
        shutil.rmtree(bench.cache_dir, ignore_errors=True)
        emulator.control.reset()
        results = measure_jobs(bench, compared, count, latencies, args.rounds)
        measure_module_processes(bench, compared, results, args.process_count)

        for at in latencies:
            print('\n## Jobs (%d ms per request; median of %d rounds)\n' % (at, args.rounds))
            print(job_table(results, at, compared))
        cold = results.first()
        print('\nThe first task of the first round found no cache: that run made %d token request(s), %d OIDC discovery '
              'and %d template reads in all.' % (cold.tokens, cold.discovery, cold.template_reads))

        print('\n## Start-up (median of %d interpreter processes)\n' % args.repeats)
        startup = dict((key, import_time(bench, module, args.repeats, preload))
                       for key, dummy, module, preload in STARTUP_IMPORTS)
        print(startup_table([(label, preload, startup[key]) for key, label, dummy, preload in STARTUP_IMPORTS]))

        print('\n## Intent lookup (%d ms per request, page size %d, median of %d)\n' % (latency, args.page_size, args.repeats))
        rows = lookup_costs(bench, sizes, latency, args.page_size, args.repeats)
        print(lookup_table(rows))

        print('\n## Targets\n')
        print(targets_table(targets(results, latency, rows, startup)))
        print('\nfinished in %.0f s; host: %d CPUs, load average %s' % (
            time.time() - started, os.cpu_count() or 0, ' '.join('%.1f' % load for load in os.getloadavg())))
    finally:
        emulator.stop()
        if args.keep:
            print('work directory kept: %s' % workdir)
        else:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == '__main__':
    main()
