# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The intent lookup of benchmarks/run.py: find_intents called in this process through the collection's own
GraphClient, in tenants of several sizes, with the filtered query and with the full-list fallback, next to the same
filtered query sent as one bare GET."""

import statistics
import sys
import tempfile
import time

from urllib.parse import quote

from harness import TEMPLATE_ID


def graph_client(bench):
    """A GraphClient built by the collection's own client factory."""
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
    """A row per tenant size: median ms and request count of the filtered lookup, of the same query as one bare GET,
    and of the full-list fallback (read once in tenants above 1,000 intents: it is hundreds of requests)."""
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
        full_list = [timed_lookup(client, wanted, row, 'full_list') for dummy in range(repeats if size <= 1000 else 1)]
        row.update(filtered_ms=1000 * statistics.median(filtered), bare_ms=1000 * statistics.median(bare),
                   full_list_ms=1000 * statistics.median(full_list))
        row['overhead_ms'] = row['filtered_ms'] - row['bare_ms']
        rows.append(row)
    return rows
