# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The Markdown tables benchmarks/run.py prints: the jobs of one latency side by side, start-up, the intent lookup,
and the targets with their measured values. Nothing is asserted: a missed target is a NO in its row."""

from playbooks import SCENARIOS


def ratio(numerator, denominator):
    return numerator / denominator if denominator else float('nan')


def table(header, align, rows):
    """A Markdown table; `align` has an 'l' or an 'r' per column."""
    lines = ['| %s |' % ' | '.join(header), '|%s|' % '|'.join('---:' if side == 'r' else '---' for side in align)]
    lines.extend('| %s |' % ' | '.join(row) for row in rows)
    return '\n'.join(lines)


def job_table(results, latency, jobs):
    """Every compared job in every scenario at one latency, then the floor; ratios of the time per item."""
    ordered = [(scenario, label, job) for scenario, label, dummy in SCENARIOS for job in jobs if not job.floor]
    ordered.extend(('steady', 'floor', job) for job in jobs if job.floor)
    ping = results.median(latency, 'steady', 'ping')
    rows = []
    for scenario, label, job in ordered:
        measurement = results.median(latency, scenario, job.key)
        module, uri = results.median(latency, scenario, 'module'), results.median(latency, scenario, 'uri')
        rows.append([
            label, job.label, '%d' % measurement.count, '%.0f' % measurement.ms_per_item,
            '%.0f' % measurement.cpu_ms_per_item, '%.2f' % measurement.per_item(measurement.graph),
            '%.2f' % measurement.per_item(measurement.tokens), '%d' % measurement.discovery,
            '%d' % measurement.template_reads, '%.0f' % measurement.process_ms if measurement.process_ms else '',
            '%.1f MiB' % (measurement.rss_kib / 1024.0) if measurement.rss_kib else '',
            '%.2f' % ratio(measurement.ms_per_item, ping.ms_per_item),
            '%.2f' % ratio(measurement.ms_per_item, module.ms_per_item) if job.key == 'inproc' else '',
            '%.2f' % ratio(measurement.ms_per_item, uri.ms_per_item) if job.key in ('inproc', 'module') else '',
        ])
    return table(['scenario', 'job', 'items', 'ms per item', 'CPU ms per item', 'Graph req / item', 'token req / item',
                  'OIDC discovery', 'template reads (whole run)', 'module process ms (median)',
                  'peak RSS of module process', 'x ping', 'x module path', 'x uri playbook'], 'llrrrrrrrrrrrr', rows)


def startup_table(rows):
    """rows: (label, preloaded, (import ms, whole process ms, msal imported))."""
    return table(['import', 'import ms', 'whole process ms', 'msal imported'], 'lrrl', [
        [label, '%.0f' % measured[0], '' if preloaded else '%.0f' % measured[1], 'yes' if measured[2] else 'no']
        for label, preloaded, measured in rows])


def lookup_table(rows):
    return table(['intents in tenant', 'filtered ms', 'filtered requests', 'same query as one bare GET ms',
                  'collection overhead ms', 'full list ms', 'full list requests'], 'rrrrrrr', [
        ('%(size)d|%(filtered_ms).0f|%(filtered_requests)d|%(bare_ms).0f|%(overhead_ms).1f|%(full_list_ms).0f|'
         '%(full_list_requests)d' % row).split('|') for row in rows])


def targets(results, latency, lookup_rows, startup):
    """(target, met: True / False / None for information, measured) for every target; `startup` maps the keys of
    playbooks.STARTUP_IMPORTS to their measurements."""
    def median(scenario, job_key, at=latency):
        return results.median(at, scenario, job_key)

    def times(numerator, denominator):
        return ratio(numerator.ms_per_item, denominator.ms_per_item)

    def versus(numerator, denominator):
        return '%.2f x (%.0f vs %.0f ms per item)' % (times(numerator, denominator), numerator.ms_per_item, denominator.ms_per_item)

    def and_at_0(numerator, denominator, numerator_0, denominator_0):
        measured = versus(numerator, denominator)
        return '%s; at 0 ms %s' % (measured, versus(numerator_0, denominator_0)) if latency else measured

    steady, create, ping, uri_steady = median('steady', 'inproc'), median('create', 'inproc'), median('steady', 'ping'), median('steady', 'uri')
    steady_0, create_0, ping_0 = median('steady', 'inproc', 0), median('create', 'inproc', 0), median('steady', 'ping', 0)
    module_steady, module_steady_0 = median('steady', 'module'), median('steady', 'module', 0)
    smallest, largest = lookup_rows[0], lookup_rows[-1]
    create_graph = create.per_item(create.graph - create.template_reads)
    policy_steady, policy_create = median('steady', 'policy'), median('create', 'policy')
    policy_steady_0, policy_create_0 = median('steady', 'policy', 0), median('create', 'policy', 0)
    policy_create_graph = policy_create.per_item(policy_create.graph - policy_create.template_reads)
    return [
        ('(a) no-drift loop item, in-process, at %d ms <= 0.35 x a ping loop item' % latency,
         times(steady, ping) <= 0.35, and_at_0(steady, ping, steady_0, ping_0)),
        ('(b) no-drift loop, in-process, at %d ms >= 6 x faster than the uri playbook' % latency,
         times(uri_steady, steady) >= 6, versus(uri_steady, steady)),
        ('(c) create item, in-process, at %d ms <= 0.5 x a ping item' % latency,
         times(create, ping) <= 0.5, and_at_0(create, ping, create_0, ping_0)),
        ('no-drift task, in-process: Graph requests per task <= 2', steady.per_item(steady.graph) <= 2,
         '%.2f' % steady.per_item(steady.graph)),
        ('no-drift run, in-process, with a warm token cache: token requests', steady.tokens == 0, '%d' % steady.tokens),
        ('no-drift run, in-process, with a warm token cache: OIDC discovery', steady.discovery == 0, '%d' % steady.discovery),
        ('create, in-process: Graph requests per task <= 3 + the lookup, template data read once per run',
         create_graph <= 4, '%.2f + %d template reads in the run' % (create_graph, create.template_reads)),
        ('settings catalog no-drift task, in-process: Graph requests per task <= 2',
         policy_steady.per_item(policy_steady.graph) <= 2, '%.2f' % policy_steady.per_item(policy_steady.graph)),
        ('settings catalog no-drift run, in-process, with a warm token cache: token requests', policy_steady.tokens == 0,
         '%d' % policy_steady.tokens),
        ('settings catalog create, in-process: Graph requests per task <= 4 + the lookup, template data read once per run',
         policy_create_graph <= 5, '%.2f + %d template reads in the run' % (policy_create_graph, policy_create.template_reads)),
        ('settings catalog (information): no-drift loop item x a ping item at %d ms' % latency, None,
         and_at_0(policy_steady, ping, policy_steady_0, ping_0)),
        ('settings catalog (information): create item x a ping item at %d ms' % latency, None,
         and_at_0(policy_create, ping, policy_create_0, ping_0)),
        ('filtered lookup: %d intents <= 1.2 x %d intents' % (largest['size'], smallest['size']),
         largest['filtered_ms'] <= 1.2 * smallest['filtered_ms'],
         '%.2f x; collection overhead %.1f ms vs %.1f ms' % (ratio(largest['filtered_ms'], smallest['filtered_ms']),
                                                             largest['overhead_ms'], smallest['overhead_ms'])),
        ('start-up does not import msal (module; action plugin)', not startup['module'][2] and not startup['action'][2],
         'module: %s; action plugin: %s' % tuple('msal imported' if startup[key][2] else 'no msal' for key in ('module', 'action'))),
        ('module path (information): no-drift loop item x a ping item at %d ms (old target <= 1.3 x at 0 ms)' % latency,
         None, and_at_0(module_steady, ping, module_steady_0, ping_0)),
        ('module path (information): no-drift loop at %d ms, x faster than the uri playbook (old target >= 2 x)' % latency,
         None, versus(uri_steady, module_steady)),
        ('in-process (information): no-drift loop at %d ms, x faster than the module path' % latency, None,
         and_at_0(module_steady, steady, module_steady_0, steady_0)),
    ]


def targets_table(checks):
    return table(['target', 'met', 'measured'], 'lll', [
        [text, 'info' if met is None else 'yes' if met else 'NO', measured] for text, met, measured in checks])
