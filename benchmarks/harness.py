# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The measuring harness of benchmarks/run.py: a hermetic ansible-playbook against the Graph emulator, one playbook
run measured (wall time of its tasks, CPU time of the whole process tree, Graph requests), the median round, the
module processes (through an interpreter wrapper) and import times."""

import collections
import json
import os
import resource
import statistics
import subprocess
import sys
import time

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CALLBACK_DIR = os.path.join(REPO_ROOT, 'benchmarks', 'callback_plugins')
sys.path.insert(0, os.path.join(REPO_ROOT, 'tests', 'emulator'))

from graph_emulator import Emulator  # noqa: E402  (needs the sys.path entry above)
from graph_emulator import seed  # noqa: E402

TEMPLATE_ID = seed.BITLOCKER_TEMPLATE_ID
# The interpreter wrapper of the process pass: runs the module process and appends its peak RSS (KiB) and its wall
# time (s) to a file.
PROCESS_WRAPPER = '''#!%(python)s
import resource, subprocess, sys, time
started = time.perf_counter()
returncode = subprocess.call([%(python)r] + sys.argv[1:])
elapsed = time.perf_counter() - started
with open(%(log)r, 'a') as handle:
    handle.write('%%d %%f\\n' %% (resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, elapsed))
sys.exit(returncode)
'''

# One playbook run: seconds from the first task to the end, user + system CPU seconds of ansible-playbook and all its
# children (workers, module processes), the emulator's request log, and the playbook's output.
PlayRun = collections.namedtuple('PlayRun', 'seconds cpu_seconds log output')


def cpu_seconds_of_children():
    """User + system CPU time of the children this process has waited for (their own waited-for children included)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def start_emulator(workdir):
    return Emulator(os.path.join(workdir, 'emulator'), port=0).start()


def profiles(prefix, count, encrypt):
    return [{'name': '%s %03d' % (prefix, index), 'encrypt': encrypt} for index in range(count)]


# --------------------------------------------------------------------------------------------------------------------
# Environment: the collection found through a symlink, a hermetic ansible, the emulator's connection


class Bench(object):
    def __init__(self, workdir, emulator, python):
        self.workdir = workdir
        self.emulator = emulator
        self.python = python
        collections_root = os.path.join(workdir, 'collections')
        os.makedirs(os.path.join(collections_root, 'ansible_collections', 'msgraph'))
        os.symlink(REPO_ROOT, os.path.join(collections_root, 'ansible_collections', 'msgraph', 'intune'))
        self.collections_root = collections_root
        self.cache_dir = os.path.join(workdir, 'cache')
        self.runs = 0

    @property
    def connection(self):
        info = self.emulator.info
        return {'tenant_id': info['tenant_id'], 'client_id': info['client_id'], 'client_secret': info['client_secret'],
                'authority_host': self.emulator.url, 'graph_endpoint': self.emulator.url, 'ca_path': self.emulator.ca_path}

    def env(self, timings_file, interpreter=None, environment=None):
        env = dict((k, v) for k, v in os.environ.items()
                   if not k.startswith(('ANSIBLE_', 'AZURE_', 'MSGRAPH_', 'REQUESTS_CA_BUNDLE'))
                   and k.lower() not in ('http_proxy', 'https_proxy', 'all_proxy'))
        env.update({
            'ANSIBLE_COLLECTIONS_PATH': self.collections_root,
            'ANSIBLE_PYTHON_INTERPRETER': interpreter or self.python,
            'ANSIBLE_CALLBACK_PLUGINS': CALLBACK_DIR,
            'ANSIBLE_CALLBACKS_ENABLED': 'bench_timer',
            'ANSIBLE_LOCALHOST_WARNING': 'False',
            'ANSIBLE_INVENTORY_UNPARSED_WARNING': 'False',
            'ANSIBLE_RETRY_FILES_ENABLED': 'False',
            'ANSIBLE_NOCOLOR': '1',
            'BENCH_TIMINGS_FILE': timings_file,
            'MSGRAPH_INTUNE_CACHE_DIR': self.cache_dir,
            'NO_PROXY': '127.0.0.1', 'no_proxy': '127.0.0.1',
        })
        env.update(environment or {})
        return env

    def play(self, plays, extra_vars, environment=None, interpreter=None, verbose=False):
        """Run the playbook, with `environment` added to ansible-playbook's own; returns a PlayRun."""
        self.runs += 1
        base = os.path.join(self.workdir, 'run%03d' % self.runs)
        playbook, variables, timings = base + '.yml', base + '-vars.json', base + '-timings.json'
        with open(playbook, 'w') as handle:
            json.dump(plays, handle)
        with open(variables, 'w') as handle:
            json.dump(extra_vars, handle)
        self.emulator.control.clear_requests()
        command = [os.path.join(os.path.dirname(self.python), 'ansible-playbook'), '-i', 'localhost,', '-c', 'local',
                   '-e', '@' + variables, playbook] + (['-vvv'] if verbose else [])
        cpu_before = cpu_seconds_of_children()
        proc = subprocess.run(command, env=self.env(timings, interpreter, environment), stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, universal_newlines=True, timeout=3600, check=False)
        cpu = cpu_seconds_of_children() - cpu_before
        if proc.returncode != 0:
            sys.exit('benchmark playbook %s failed:\n%s' % (playbook, proc.stdout[-6000:]))
        with open(timings) as handle:
            tasks = json.load(handle)
        log = self.emulator.control.requests()
        with open(base + '-requests.json', 'w') as handle:
            json.dump(log, handle, indent=1)
        return PlayRun(sum(task['seconds'] for task in tasks), cpu, log, proc.stdout)


# --------------------------------------------------------------------------------------------------------------------
# Measuring


class Measurement(object):
    """One playbook run over `count` profiles (loop items)."""

    def __init__(self, count, run):
        self.count = count
        self.seconds = run.seconds
        self.cpu_seconds = run.cpu_seconds
        log = run.log
        self.graph = sum(1 for entry in log if entry['kind'] == 'graph')
        self.tokens = sum(1 for entry in log if entry['kind'] == 'token')
        self.discovery = sum(1 for entry in log if entry['kind'] == 'discovery')
        self.template_reads = sum(1 for entry in log if entry['kind'] == 'graph' and is_template_read(entry['path']))
        self.rss_kib = None
        self.process_ms = None

    @property
    def ms_per_item(self):
        return 1000.0 * self.seconds / self.count

    @property
    def cpu_ms_per_item(self):
        return 1000.0 * self.cpu_seconds / self.count

    def per_item(self, value):
        return float(value) / self.count


def is_template_read(path):
    """A read of template data (intent templates or configuration policy templates), not a createInstance."""
    return ('/templates/' in path or '/configurationPolicyTemplates' in path) and not path.endswith('createInstance')


def run_job(bench, job, prefix, count, encrypt):
    run = bench.play(job.plays, {'profiles': profiles(prefix, count, encrypt)}, job.environment)
    return Measurement(count, run)


def median_run(measurements):
    """The run with the median time per item (the upper one of an even count)."""
    return sorted(measurements, key=lambda measurement: measurement.ms_per_item)[len(measurements) // 2]


class Results(object):
    """Every round's measurement of each (latency, scenario, job key), in the order they were made."""

    def __init__(self):
        self.runs = collections.OrderedDict()

    def add(self, key, measurement):
        self.runs.setdefault(key, []).append(measurement)

    def median(self, latency, scenario, job_key):
        return median_run(self.runs[(latency, scenario, job_key)])

    def first(self):
        """The first run of all: the one that found no cache."""
        return next(iter(self.runs.values()))[0]


def check_execution_path(bench, job):
    """Exits unless one item of the job's playbook runs where the job says (ansible-playbook -vvv prints the choice)."""
    run = bench.play(job.plays, {'profiles': profiles('Path check', 1, True)}, job.environment, verbose=True)
    if job.path_marker not in run.output:
        sys.exit('the %s job did not run as expected: %r is not in its -vvv output:\n%s'
                 % (job.label, job.path_marker, run.output[-6000:]))


def measure_processes(bench, measurement, job, prefix, count, encrypt):
    """Sets the largest peak RSS (KiB) and the median wall time (ms) of the module processes of a short run made
    through the interpreter wrapper (a separate run: the wrapper's own start-up would skew the task times). Only for
    jobs that start module processes: with another interpreter than the controller's, the collection's modules take
    the module path anyway."""
    log_path = os.path.join(bench.workdir, 'process-%d.log' % bench.runs)
    wrapper = os.path.join(bench.workdir, 'process-python-%d' % bench.runs)
    with open(wrapper, 'w') as handle:
        handle.write(PROCESS_WRAPPER % {'python': bench.python, 'log': log_path})
    os.chmod(wrapper, 0o700)
    bench.play(job.plays, {'profiles': profiles(prefix, count, encrypt)}, job.environment, interpreter=wrapper)
    with open(log_path) as handle:
        samples = [line.split() for line in handle if line.strip()]
    measurement.rss_kib = max(int(rss) for rss, dummy in samples)
    measurement.process_ms = 1000 * statistics.median(float(seconds) for dummy, seconds in samples)


def import_time(bench, module, repeats, preload=None):
    """(median ms of `import module`, median ms of the whole interpreter process, whether msal got imported).

    `preload` is imported first, untimed: what the process has imported anyway (ansible-playbook's own modules)."""
    code = ('import sys, time; %sstart = time.perf_counter(); import %s; '
            'print(time.perf_counter() - start, "msal" in sys.modules)' % ('import %s; ' % preload if preload else '', module))
    env = dict(os.environ, PYTHONPATH=bench.collections_root, PYTHONDONTWRITEBYTECODE='')
    imports, processes, msal_loaded = [], [], False
    for dummy in range(repeats):
        started = time.perf_counter()
        output = subprocess.run([bench.python, '-c', code], env=env, stdout=subprocess.PIPE, check=True,
                                universal_newlines=True).stdout.split()
        processes.append(time.perf_counter() - started)
        imports.append(float(output[0]))
        msal_loaded = output[1] == 'True'
    return 1000 * statistics.median(imports), 1000 * statistics.median(processes), msal_loaded
