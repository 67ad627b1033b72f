# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Benchmark: intune_template_instance against a hand-made ansible.builtin.uri playbook and Ansible's floor.

One command, against the Graph emulator on 127.0.0.1 (nothing else is contacted):

    python benchmarks/run.py [--count 50] [--latency-ms 30] [--tenant-sizes 10,1000,10000]

Use a Python that has the test requirements (ansible-core, msal, requests, cryptography). It prints:
1. a table per scenario: wall time, Graph / token / discovery requests per profile, and the module process' peak
   memory, with the ratios to the floor (ansible.builtin.ping in the same loop) and to the uri playbook;
2. the module's start-up (import) time next to the floor's;
3. the lookup cost in tenants of 10 / 1,000 / 10,000 intents, with the filtered query and the full-list fallback.
See docs/performance.md for how to read it. Timings are medians or means over bounded loops; nothing is asserted.
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

from urllib.parse import quote

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CALLBACK_DIR = os.path.join(REPO_ROOT, 'benchmarks', 'callback_plugins')
sys.path.insert(0, os.path.join(REPO_ROOT, 'tests', 'emulator'))

from graph_emulator import Emulator  # noqa: E402  (needs the sys.path entry above)
from graph_emulator import seed  # noqa: E402

TEMPLATE_ID = seed.BITLOCKER_TEMPLATE_ID
ENCRYPT_DEVICE = 'deviceConfiguration--windows10EndpointProtectionConfiguration_bitLockerEncryptDevice'
MODULE = 'msgraph.intune.intune_template_instance'
MAX_COUNT = 500
MAX_TENANT_SIZE = 20000
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

    def env(self, timings_file, interpreter=None):
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
        return env

    def play(self, plays, extra_vars, interpreter=None):
        """Run the playbook; returns (task timings, seconds from the first task to the end, request log)."""
        self.runs += 1
        base = os.path.join(self.workdir, 'run%03d' % self.runs)
        playbook, variables, timings = base + '.yml', base + '-vars.json', base + '-timings.json'
        with open(playbook, 'w') as handle:
            json.dump(plays, handle)
        with open(variables, 'w') as handle:
            json.dump(extra_vars, handle)
        self.emulator.control.clear_requests()
        proc = subprocess.run(
            [os.path.join(os.path.dirname(self.python), 'ansible-playbook'), '-i', 'localhost,', '-c', 'local',
             '-e', '@' + variables, playbook],
            env=self.env(timings, interpreter), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            universal_newlines=True, timeout=3600, check=False)
        if proc.returncode != 0:
            sys.exit('benchmark playbook %s failed:\n%s' % (playbook, proc.stdout[-6000:]))
        with open(timings) as handle:
            tasks = json.load(handle)
        log = self.emulator.control.requests()
        with open(base + '-requests.json', 'w') as handle:
            json.dump(log, handle, indent=1)
        return tasks, sum(task['seconds'] for task in tasks), log


# --------------------------------------------------------------------------------------------------------------------
# The three jobs


def profiles(prefix, count, encrypt):
    return [{'name': '%s %03d' % (prefix, index), 'encrypt': encrypt} for index in range(count)]


def module_play(connection):
    return [{
        'hosts': 'localhost', 'gather_facts': False,
        'module_defaults': {'group/msgraph.intune.intune': connection},
        'tasks': [{
            'name': 'profiles',
            MODULE: {'template_id': TEMPLATE_ID, 'display_name': '{{ item.name }}',
                     'settings_delta': [{'definition_id': ENCRYPT_DEVICE, 'value': '{{ item.encrypt }}'}]},
            'loop': '{{ profiles }}',
        }],
    }]


def uri_play(connection):
    """The same job as an Ansible user writes it with ansible.builtin.uri: token, filtered list, compare, create."""
    graph = connection['graph_endpoint'] + '/beta'
    auth = {'Authorization': 'Bearer {{ token.json.access_token }}'}
    common = {'ca_path': connection['ca_path'], 'headers': auth}
    lookup_url = (graph + '/deviceManagement/intents?$filter='
                  "{{ (\"displayName eq '\" ~ (item.name | replace(\"'\", \"''\")) ~ \"'\") | urlencode }}")
    setting = "(item.2.json.value | selectattr('definitionId', 'equalto', '%s') | first)" % ENCRYPT_DEVICE
    return [{
        'hosts': 'localhost', 'gather_facts': False,
        'tasks': [
            {'name': 'token', 'no_log': True, 'ansible.builtin.uri': {
                'url': '%s/%s/oauth2/v2.0/token' % (connection['authority_host'], connection['tenant_id']),
                'method': 'POST', 'body_format': 'form-urlencoded', 'ca_path': connection['ca_path'],
                'body': {'grant_type': 'client_credentials', 'client_id': connection['client_id'],
                         'client_secret': connection['client_secret'], 'scope': connection['graph_endpoint'] + '/.default'}},
             'register': 'token'},
            {'name': 'look up', 'ansible.builtin.uri': dict(common, url=lookup_url), 'loop': '{{ profiles }}',
             'register': 'lookups'},
            {'name': 'existing', 'ansible.builtin.set_fact': {'existing': (
                "{{ lookups.results | map(attribute='json.value') | map('selectattr', 'templateId', 'equalto', '%s') "
                "| map('list') | list }}" % TEMPLATE_ID)}},
            {'name': 'read settings', 'ansible.builtin.uri': dict(
                common, url=graph + '/deviceManagement/intents/{{ item.1[0].id }}/settings'),
             'loop': '{{ profiles | zip(existing) | list }}', 'when': 'item.1 | length > 0', 'register': 'current'},
            {'name': 'create', 'ansible.builtin.uri': dict(
                common, url=graph + '/deviceManagement/templates/%s/createInstance' % TEMPLATE_ID, method='POST',
                body_format='json', body={'displayName': '{{ item.0.name }}', 'settingsDelta': [{
                    '@odata.type': '#microsoft.graph.deviceManagementBooleanSettingInstance',
                    'definitionId': ENCRYPT_DEVICE, 'valueJson': '{{ item.0.encrypt | to_json }}'}]}),
             'loop': '{{ profiles | zip(existing) | list }}', 'when': 'item.1 | length == 0'},
            {'name': 'update drifted', 'ansible.builtin.uri': dict(
                common, url=graph + '/deviceManagement/intents/{{ item.1[0].id }}/updateSettings', method='POST',
                body_format='json', status_code=204, body={'settings': [{
                    '@odata.type': '#microsoft.graph.deviceManagementBooleanSettingInstance',
                    'id': '{{ %s.id }}' % setting, 'definitionId': ENCRYPT_DEVICE,
                    'valueJson': '{{ item.0.encrypt | to_json }}'}]}),
             'loop': '{{ profiles | zip(existing, current.results) | list }}',
             'when': 'item.1 | length > 0 and (%s.valueJson | from_json) != item.0.encrypt' % setting},
        ],
    }]


def ping_play():
    return [{'hosts': 'localhost', 'gather_facts': False,
             'tasks': [{'name': 'ping', 'ansible.builtin.ping': {}, 'loop': '{{ profiles }}'}]}]


# --------------------------------------------------------------------------------------------------------------------
# Measuring


class Measurement(object):
    """One playbook run over `count` profiles."""

    def __init__(self, label, count, seconds, log):
        self.label = label
        self.count = count
        self.seconds = seconds
        self.graph = sum(1 for entry in log if entry['kind'] == 'graph')
        self.tokens = sum(1 for entry in log if entry['kind'] == 'token')
        self.discovery = sum(1 for entry in log if entry['kind'] == 'discovery')
        self.template_reads = sum(1 for entry in log if entry['kind'] == 'graph' and '/templates/' in entry['path']
                                  and not entry['path'].endswith('createInstance'))
        self.rss_kib = None
        self.process_ms = None

    @property
    def ms_per_profile(self):
        return 1000.0 * self.seconds / self.count

    def per_profile(self, value):
        return float(value) / self.count


def run_job(bench, label, plays, prefix, count, encrypt):
    dummy, seconds, log = bench.play(plays, {'profiles': profiles(prefix, count, encrypt)})
    return Measurement(label, count, seconds, log)


def median_run(measurements):
    """The run with the median time per profile (the upper one of an even count)."""
    return sorted(measurements, key=lambda measurement: measurement.ms_per_profile)[len(measurements) // 2]


def measure_processes(bench, measurement, plays, prefix, count, encrypt):
    """Sets the largest peak RSS (KiB) and the median wall time (ms) of the module processes of a short run made
    through the interpreter wrapper (a separate run: the wrapper's own start-up would skew the task times)."""
    log_path = os.path.join(bench.workdir, 'process-%d.log' % bench.runs)
    wrapper = os.path.join(bench.workdir, 'process-python-%d' % bench.runs)
    with open(wrapper, 'w') as handle:
        handle.write(PROCESS_WRAPPER % {'python': bench.python, 'log': log_path})
    os.chmod(wrapper, 0o700)
    bench.play(plays, {'profiles': profiles(prefix, count, encrypt)}, interpreter=wrapper)
    with open(log_path) as handle:
        samples = [line.split() for line in handle if line.strip()]
    measurement.rss_kib = max(int(rss) for rss, dummy in samples)
    measurement.process_ms = 1000 * statistics.median(float(seconds) for dummy, seconds in samples)


def import_time(bench, module, repeats):
    """(median ms of `import module`, median ms of the whole interpreter process, whether msal got imported)."""
    code = ('import sys, time; start = time.perf_counter(); import %s; '
            'print(time.perf_counter() - start, "msal" in sys.modules)' % module)
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


def graph_client(bench):
    """A GraphClient built by the collection's own client factory, for the in-process lookup measurements."""
    from ansible_collections.msgraph.intune.plugins.module_utils._client_factory import ClientFactory
    client = ClientFactory(bench.connection, {'MSGRAPH_INTUNE_CACHE_DIR': tempfile.mkdtemp(prefix='bench-cache-')}).build()
    client.session.trust_env = False  # no proxy from the environment between the benchmark and 127.0.0.1
    return client


def timed_lookup(client, wanted, row, mode):
    """Seconds find_intents takes; stores its request count in row[mode + '_requests']."""
    from ansible_collections.msgraph.intune.plugins.module_utils._intents.lookup import find_intents
    before = client.requests_made
    started = time.perf_counter()
    found = find_intents(client, wanted, TEMPLATE_ID)
    seconds = time.perf_counter() - started
    if len(found) != 1:
        sys.exit('the %s lookup found %d intents named %r' % (mode, len(found), wanted))
    row[mode + '_requests'] = client.requests_made - before
    return seconds


def lookup_costs(bench, sizes, latency_ms, page_size, repeats):
    sys.path.insert(0, bench.collections_root)
    rows = []
    for size in sizes:
        emulator = bench.emulator
        emulator.control.reset()
        emulator.control.config(latency_ms=latency_ms, page_size=page_size, filter_failure='none')
        for index in range(size):
            emulator.store.add_intent('Tenant %05d' % index, TEMPLATE_ID)
        client = graph_client(bench)
        headers = {'Authorization': 'Bearer ' + client.token_provider.token()}
        wanted = 'Tenant %05d' % (size // 2)
        # The same filtered query as one bare GET: what the emulator and the transport cost, without the collection.
        bare_url = '%s/deviceManagement/intents?$filter=%s' % (client.base_url, quote("displayName eq '%s'" % wanted))
        row = {'size': size}
        filtered, bare = [], []
        for dummy in range(repeats):
            # Alternated, so that both see the same load.
            filtered.append(timed_lookup(client, wanted, row, 'filtered'))
            started = time.perf_counter()
            client.session.get(bare_url, headers=headers).raise_for_status()
            bare.append(time.perf_counter() - started)
        emulator.control.config(filter_failure='400')
        # The full list of a large tenant is read once: it is hundreds of requests.
        full_list = [timed_lookup(client, wanted, row, 'full_list') for dummy in range(repeats if size <= 1000 else 1)]
        row.update(filtered_ms=1000 * statistics.median(filtered), bare_ms=1000 * statistics.median(bare),
                   full_list_ms=1000 * statistics.median(full_list))
        row['overhead_ms'] = row['filtered_ms'] - row['bare_ms']
        rows.append(row)
    return rows


# --------------------------------------------------------------------------------------------------------------------
# Report


def ratio(numerator, denominator):
    return numerator / denominator if denominator else float('nan')


def job_table(rows, floor, uri_by_phase):
    lines = ['| scenario | profiles | ms per profile | Graph req / profile | token req / profile | OIDC discovery | '
             'template reads (whole run) | module process ms (median) | peak RSS of module process | x floor | '
             'x uri playbook |',
             '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|']
    for phase, measurement in rows:
        uri = uri_by_phase.get(phase)
        lines.append('| %s | %d | %.0f | %.2f | %.2f | %d | %d | %s | %s | %.2f | %s |' % (
            measurement.label, measurement.count, measurement.ms_per_profile, measurement.per_profile(measurement.graph),
            measurement.per_profile(measurement.tokens), measurement.discovery, measurement.template_reads,
            '%.0f' % measurement.process_ms if measurement.process_ms else '',
            '%.1f MiB' % (measurement.rss_kib / 1024.0) if measurement.rss_kib else '',
            ratio(measurement.ms_per_profile, floor.ms_per_profile),
            '%.2f' % ratio(measurement.ms_per_profile, uri.ms_per_profile) if uri and uri is not measurement else ''))
    return '\n'.join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n', maxsplit=1)[0])
    parser.add_argument('--count', type=int, default=50, help='profiles managed in the loop (default 50, at most %d)' % MAX_COUNT)
    parser.add_argument('--latency-ms', type=int, default=30, help='emulated latency of every request (default 30)')
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
    if not 1 <= args.count <= MAX_COUNT or not 1 <= args.rounds <= 9 or any(not 1 <= size <= MAX_TENANT_SIZE for size in sizes):
        parser.error('--count must be 1..%d, --rounds 1..9 and tenant sizes 1..%d' % (MAX_COUNT, MAX_TENANT_SIZE))

    workdir = tempfile.mkdtemp(prefix='msgraph-intune-bench-')
    emulator = Emulator(os.path.join(workdir, 'emulator'), port=0).start()
    bench = Bench(workdir, emulator, sys.executable)
    count, latency = args.count, args.latency_ms
    started = time.time()
    try:
        print('msgraph.intune benchmark: %d profiles, %d ms per request, emulator at %s, Python %s'
              % (count, latency, emulator.url, sys.version.split()[0]))
        connection = bench.connection
        module, uri, ping = module_play(connection), uri_play(connection), ping_play()
        emulator.control.reset()
        # Every phase runs the module and the uri playbook back to back, on profiles of their own (name prefixes),
        # and every round repeats all phases on new profiles; the median round is shown. So a change in the host's
        # load hits both sides, and no reset (which would also revoke the cached token) is needed between them.
        runs = dict((key, []) for key in ('mod_create', 'uri_create', 'mod_steady', 'uri_steady', 'floor', 'mod_drift',
                                          'uri_drift', 'mod_steady_0', 'floor_0'))
        for round_number in range(1, args.rounds + 1):
            mod, via_uri = 'Module r%d' % round_number, 'Uri r%d' % round_number
            emulator.control.config(latency_ms=latency)
            runs['mod_create'].append(run_job(bench, 'module: 1st run (creates)', module, mod, count, True))
            runs['uri_create'].append(run_job(bench, 'uri playbook: 1st run (creates)', uri, via_uri, count, True))
            runs['mod_steady'].append(run_job(bench, 'module: 2nd run (no drift)', module, mod, count, True))
            runs['uri_steady'].append(run_job(bench, 'uri playbook: 2nd run (no drift)', uri, via_uri, count, True))
            runs['floor'].append(run_job(bench, 'floor: ansible.builtin.ping', ping, mod, count, True))
            runs['mod_drift'].append(run_job(bench, 'module: 3rd run (1 drifted setting each)', module, mod, count, False))
            runs['uri_drift'].append(run_job(bench, 'uri playbook: 3rd run (1 drifted setting each)', uri, via_uri, count, False))
            emulator.control.config(latency_ms=0)
            runs['mod_steady_0'].append(run_job(bench, 'module: no drift at 0 ms latency', module, mod, count, False))
            runs['floor_0'].append(run_job(bench, 'floor: ansible.builtin.ping (0 ms)', ping, mod, count, True))
        cold = runs['mod_create'][0]
        median = dict((key, median_run(measurements)) for key, measurements in runs.items())
        mod_create, uri_create, mod_steady, uri_steady = (median[key] for key in ('mod_create', 'uri_create', 'mod_steady', 'uri_steady'))
        mod_drift, uri_drift, floor, mod_steady_0, floor_0 = (median[key] for key in ('mod_drift', 'uri_drift', 'floor',
                                                                                      'mod_steady_0', 'floor_0'))
        measure_processes(bench, mod_steady_0, module, 'Module r1', args.process_count, False)
        measure_processes(bench, floor_0, ping, 'Module r1', args.process_count, True)
        measure_processes(bench, uri_steady, uri, 'Uri r1', args.process_count, False)

        print('\n## Jobs (%d ms per request; median of %d rounds)\n' % (latency, args.rounds))
        print(job_table([('create', mod_create), ('steady', mod_steady), ('drift', mod_drift),
                         ('create', uri_create), ('steady', uri_steady), ('drift', uri_drift), ('floor', floor)],
                        floor, {'create': uri_create, 'steady': uri_steady, 'drift': uri_drift}))
        print('\nThe first task of the first round found no cache: that run made %d token request(s), %d OIDC discovery '
              'and %d template reads in all.' % (cold.tokens, cold.discovery, cold.template_reads))
        print('\n## Jobs (0 ms per request; median of %d rounds)\n' % args.rounds)
        print(job_table([('steady', mod_steady_0), ('floor', floor_0)], floor_0, {}))

        print('\n## Start-up (median of %d interpreter processes)\n' % args.repeats)
        print('| import | import ms | whole process ms | msal imported |')
        print('|---|---:|---:|---|')
        startup = {}
        for label, name in (('floor: ansible.module_utils.basic (ping)', 'ansible.modules.ping'),
                            ('ansible.builtin.uri', 'ansible.modules.uri'),
                            ('ping + requests (what any Graph call needs)', 'ansible.modules.ping, requests'),
                            ('intune_template_instance', 'ansible_collections.msgraph.intune.plugins.modules.intune_template_instance')):
            startup[name] = import_time(bench, name, args.repeats)
            print('| %s | %.0f | %.0f | %s |' % ((label,) + startup[name][:2] + ('yes' if startup[name][2] else 'no',)))

        print('\n## Intent lookup (%d ms per request, page size %d, median of %d)\n' % (latency, args.page_size, args.repeats))
        rows = lookup_costs(bench, sizes, latency, args.page_size, args.repeats)
        print('| intents in tenant | filtered ms | filtered requests | same query as one bare GET ms | '
              'collection overhead ms | full list ms | full list requests |')
        print('|---:|---:|---:|---:|---:|---:|---:|')
        for row in rows:
            print('| %(size)d | %(filtered_ms).0f | %(filtered_requests)d | %(bare_ms).0f | %(overhead_ms).1f | '
                  '%(full_list_ms).0f | %(full_list_requests)d |' % row)

        print('\n## Targets\n')
        smallest, largest = rows[0], rows[-1]
        checks = [
            ('no-drift task: Graph requests per task <= 2', mod_steady.per_profile(mod_steady.graph) <= 2,
             '%.2f' % mod_steady.per_profile(mod_steady.graph)),
            ('no-drift run with a warm token cache: token requests', mod_steady.tokens == 0, '%d' % mod_steady.tokens),
            ('no-drift run with a warm token cache: OIDC discovery', mod_steady.discovery == 0, '%d' % mod_steady.discovery),
            ('create: Graph requests per task <= 3 + the lookup, template data read once per run',
             mod_create.per_profile(mod_create.graph - mod_create.template_reads) <= 4,
             '%.2f + %d template reads in the run' % (mod_create.per_profile(mod_create.graph - mod_create.template_reads),
                                                      mod_create.template_reads)),
            ('no-drift task at 0 ms <= 1.3 x floor', mod_steady_0.ms_per_profile <= 1.3 * floor_0.ms_per_profile,
             '%.2f x' % ratio(mod_steady_0.ms_per_profile, floor_0.ms_per_profile)),
            ('no-drift loop at %d ms >= 2 x faster than the uri playbook' % latency,
             uri_steady.ms_per_profile >= 2 * mod_steady.ms_per_profile,
             '%.2f x' % ratio(uri_steady.ms_per_profile, mod_steady.ms_per_profile)),
            ('filtered lookup: %d intents <= 1.2 x %d intents' % (largest['size'], smallest['size']),
             largest['filtered_ms'] <= 1.2 * smallest['filtered_ms'],
             '%.2f x; collection overhead %.1f ms vs %.1f ms' % (ratio(largest['filtered_ms'], smallest['filtered_ms']),
                                                                 largest['overhead_ms'], smallest['overhead_ms'])),
            ('module start-up does not import msal', not startup[
                'ansible_collections.msgraph.intune.plugins.modules.intune_template_instance'][2], ''),
        ]
        print('| target | met | measured |')
        print('|---|---|---|')
        for text, met, measured in checks:
            print('| %s | %s | %s |' % (text, 'yes' if met else 'NO', measured))
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
