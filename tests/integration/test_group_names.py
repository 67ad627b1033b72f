# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Group names for the people who review exports and diffs (issue 18, item 7).

Exports give each group with ``group_id`` and ``group_name``; a ``--diff`` names every group, added or removed,
included or excluded; a ``group_name`` beside a ``group_id`` is a label that the module checks (a warning, never a
failure) only where it reads names anyway. Names cost one ``POST directoryObjects/getByIds`` per task or export, none
on the no-drift path, and a refusal costs the names only. Every test runs real ansible-playbook against the emulator.
"""

import pytest

from graph_emulator.catalog_seed import ANTIVIRUS_TEMPLATE_ID
from graph_emulator.seed import (
    BITLOCKER_TEMPLATE_ID,
    FIREWALL_TEMPLATE_ID,
    GROUP_FINANCE_ID,
    GROUP_KIOSKS_ID,
    GROUP_LAPTOPS_ID,
    GROUP_PILOT_ID,
)

# Runs with the default series only (noxfile.py deselects "slow" on the other ansible-core series).
pytestmark = pytest.mark.slow

INSTANCE = 'msgraph.intune.intune_template_instance'
INTENT_INFO = 'msgraph.intune.intune_intent_info'
POLICY = 'msgraph.intune.intune_configuration_policy'
POLICY_INFO = 'msgraph.intune.intune_configuration_policy_info'
AV = 'device_vendor_msft_policy_config_defender_'

LAPTOPS = {'group_id': GROUP_LAPTOPS_ID, 'group_name': 'Corp Laptops', 'mode': 'include'}
KIOSKS_OUT = {'group_id': GROUP_KIOSKS_ID, 'group_name': 'Corp Kiosks', 'mode': 'exclude'}
PILOT = {'group_id': GROUP_PILOT_ID, 'group_name': 'Pilot Ring', 'mode': 'include'}
FINANCE_OUT = {'group_id': GROUP_FINANCE_ID, 'group_name': 'Finance', 'mode': 'exclude'}


def ids_only(*options):
    return [dict((key, value) for key, value in option.items() if key != 'group_name') for option in options]


def intent(name='Corp - BitLocker named groups', **args):
    return dict({'template_id': BITLOCKER_TEMPLATE_ID, 'display_name': name}, **args)


def antivirus(name='Corp - Antivirus named groups', **args):
    return dict({'template_id': ANTIVIRUS_TEMPLATE_ID, 'name': name,
                 'settings': [{'definition_id': AV + 'avgcpuloadfactor', 'value': 30}]}, **args)


# The suite runs every playbook with --diff (noxfile.py, for its leak check); the task keyword turns it off where
# a test is about a run without a diff.
NO_DIFF = {'diff': False}


def warnings(result):
    """The task's warnings as texts (ansible-core 2.19 registers them as WarningSummary objects, shown by repr)."""
    return [str(warning) for warning in result.get('warnings') or []]


def ok(run, changed=None):
    assert run.rc == 0 and not run.failed, run
    if changed is not None:
        assert run.changed is changed, run
    return run.result


# ---------------------------------------------------------------------------------------------------------------------
# Exports


def test_intent_export_names_every_group_with_one_read_for_the_whole_export(intune, graph_log):
    ok(intune.run(module=INSTANCE, args=intent(assignments=ids_only(LAPTOPS, KIOSKS_OUT))), changed=True)
    ok(intune.run(module=INSTANCE, args=intent('Other', template_id=FIREWALL_TEMPLATE_ID,
                                               assignments=[{'group_id': GROUP_PILOT_ID}, {'all_devices': True}])))
    graph_log.clear()

    export = ok(intune.run(module=INTENT_INFO, args={'include_assignments': True}))

    by_name = dict((i['displayName'], i['instance_args']['assignments']) for i in export['intents'])
    assert by_name == {'Corp - BitLocker named groups': [LAPTOPS, KIOSKS_OUT], 'Other': [{'all_devices': True}, PILOT]}
    [read] = graph_log.name_reads()
    assert read['body'] == {'ids': sorted([GROUP_LAPTOPS_ID, GROUP_KIOSKS_ID, GROUP_PILOT_ID]), 'types': ['group']}
    assert graph_log.writes() == [] and not export.get('warnings')


def test_policy_export_names_groups_and_round_trips_unchanged_with_and_without_diff(intune, graph, graph_log):
    ok(intune.run(module=POLICY, args=antivirus(assignments=ids_only(LAPTOPS, FINANCE_OUT))), changed=True)
    export = ok(intune.run(module=POLICY_INFO, args={'include_assignments': True}))
    [policy] = export['policies']
    assert policy['policy_args']['assignments'] == [LAPTOPS, FINANCE_OUT]

    graph_log.clear()
    again = ok(intune.run(module=POLICY, args=policy['policy_args'], task=NO_DIFF), changed=False)
    assert graph_log.name_reads() == [] and not again.get('warnings') and 'diff' not in again

    graph_log.clear()
    shown = ok(intune.run(module=POLICY, args=policy['policy_args'], diff=True), changed=False)
    # The diff reads the names once and finds every label current.
    assert len(graph_log.name_reads()) == 1 and not shown.get('warnings')
    assert shown['diff']['before']['assignments'] == shown['diff']['after']['assignments'] == [LAPTOPS, FINANCE_OUT]


# ---------------------------------------------------------------------------------------------------------------------
# Diffs


def test_intent_diff_names_added_and_removed_groups_included_and_excluded(intune, graph_log):
    ok(intune.run(module=INSTANCE, args=intent(assignments=ids_only(LAPTOPS, KIOSKS_OUT))), changed=True)
    graph_log.clear()

    run = intune.run(module=INSTANCE, args=intent(assignments=ids_only(PILOT, FINANCE_OUT)), check=True, diff=True)

    result = ok(run, changed=True)
    assert result['diff']['before']['assignments'] == [LAPTOPS, KIOSKS_OUT]
    assert result['diff']['after']['assignments'] == [PILOT, FINANCE_OUT]
    # ansible-playbook --diff prints the removed and the added groups by name.
    for name in ('Corp Laptops', 'Corp Kiosks', 'Pilot Ring', 'Finance'):
        assert name in run.stdout, name
    [read] = graph_log.name_reads()
    assert sorted(read['body']['ids']) == sorted([GROUP_LAPTOPS_ID, GROUP_KIOSKS_ID, GROUP_PILOT_ID, GROUP_FINANCE_ID])
    assert graph_log.writes() == [] and not result.get('warnings')


def test_policy_diff_of_a_real_run_names_the_groups_on_both_sides(intune, graph_log):
    ok(intune.run(module=POLICY, args=antivirus(assignments=ids_only(KIOSKS_OUT))), changed=True)
    graph_log.clear()

    result = ok(intune.run(module=POLICY, args=antivirus(assignments=ids_only(LAPTOPS)), diff=True), changed=True)

    assert result['actions'] == ['assign']
    assert result['diff']['before']['assignments'] == [KIOSKS_OUT]
    assert result['diff']['after']['assignments'] == [LAPTOPS]
    assert len(graph_log.name_reads()) == 1


def test_a_transient_failure_of_the_name_read_is_retried_as_a_get_is(intune, graph, graph_log):
    ok(intune.run(module=INSTANCE, args=intent(assignments=ids_only(LAPTOPS))), changed=True)
    graph.control.add_fault('directoryObjects/getByIds$', method='POST', status=503, headers={'Retry-After': '0'})
    graph_log.clear()

    result = ok(intune.run(module=INSTANCE, args=intent(assignments=ids_only(LAPTOPS)), diff=True), changed=False)

    assert [entry['status'] for entry in graph_log.name_reads()] == [503, 200]
    assert result['diff']['after']['assignments'] == [LAPTOPS] and not result.get('warnings')


# ---------------------------------------------------------------------------------------------------------------------
# group_name beside group_id: a label


def test_a_renamed_group_is_a_warning_where_names_are_read_and_never_a_change(intune, graph, graph_log):
    ok(intune.run(module=INSTANCE, args=intent(assignments=[LAPTOPS])), changed=True)
    graph.control.rename_group(GROUP_LAPTOPS_ID, 'Corp Laptops (EU)')
    graph_log.clear()

    # No drift and no diff: the label is not looked at, and costs nothing.
    quiet = ok(intune.run(module=INSTANCE, args=intent(assignments=[LAPTOPS]), task=NO_DIFF), changed=False)
    assert not quiet.get('warnings') and graph_log.name_reads() == []

    shown = ok(intune.run(module=INSTANCE, args=intent(assignments=[LAPTOPS]), diff=True), changed=False)
    warning = ("assignments[0].group_name: group 'Corp Laptops' (%s) is now named 'Corp Laptops (EU)'; group_id decides "
               "which group is assigned, so only the label is out of date" % GROUP_LAPTOPS_ID)
    assert len(warnings(shown)) == 1 and warning in warnings(shown)[0]
    assert shown['diff']['after']['assignments'] == [dict(LAPTOPS, group_name='Corp Laptops (EU)')]

    # A run that writes the assignments checks the label too, without --diff.
    graph_log.clear()
    written = ok(intune.run(module=INSTANCE, args=intent(assignments=[LAPTOPS, {'all_devices': True}]), task=NO_DIFF),
                 changed=True)
    assert written['actions'] == ['assign']
    assert len(warnings(written)) == 1 and warning in warnings(written)[0]
    assert len(graph_log.name_reads()) == 1


# ---------------------------------------------------------------------------------------------------------------------
# Graph refuses the name read


def test_without_directory_read_all_a_diff_shows_ids_with_one_warning_and_the_task_goes_on(intune, graph, graph_log):
    ok(intune.run(module=POLICY, args=antivirus(assignments=ids_only(KIOSKS_OUT))), changed=True)
    graph.control.config(directory_read_all=False)
    graph_log.clear()

    result = ok(intune.run(module=POLICY, args=antivirus(assignments=[LAPTOPS]), diff=True), changed=True)

    assert result['actions'] == ['assign']
    assert result['diff']['before']['assignments'] == ids_only(KIOSKS_OUT)
    assert result['diff']['after']['assignments'] == ids_only(LAPTOPS)
    [warning] = warnings(result)
    assert 'group names are not shown, only group ids' in warning and '403 Authorization_RequestDenied' in warning
    assert 'Directory.Read.All' in warning
    assert [entry['status'] for entry in graph_log.name_reads()] == [403]
    [stored] = graph.control.policies()
    assert [a['target']['groupId'] for a in stored['assignments']] == [GROUP_LAPTOPS_ID]


def test_without_directory_read_all_an_export_gives_ids_with_one_warning(intune, graph):
    ok(intune.run(module=INSTANCE, args=intent(assignments=ids_only(LAPTOPS, KIOSKS_OUT))), changed=True)
    ok(intune.run(module=INSTANCE, args=intent('Other', template_id=FIREWALL_TEMPLATE_ID,
                                               assignments=ids_only(PILOT))), changed=True)
    graph.control.config(directory_read_all=False)

    export = ok(intune.run(module=INTENT_INFO, args={'include_assignments': True}))

    exported = [i['instance_args']['assignments'] for i in export['intents']]
    assert exported == [ids_only(LAPTOPS, KIOSKS_OUT), ids_only(PILOT)]
    [warning] = warnings(export)
    assert 'Directory.Read.All' in warning


# ---------------------------------------------------------------------------------------------------------------------
# Cost


def test_labels_add_no_request_to_the_no_drift_path(intune, graph, graph_log):
    """A settings catalog task without drift costs the same with group_name labels as with ids only: what it costs
    without assignments plus the read of the assignments, and no getByIds. (Each run here starts without the
    collection's cache, so the template is read too; in a warm run the task without assignments costs 2.)"""
    ok(intune.run(module=POLICY, args=antivirus(assignments=ids_only(LAPTOPS, FINANCE_OUT))), changed=True)
    requests = {}
    for label, assignments in (('none', None), ('ids', ids_only(LAPTOPS, FINANCE_OUT)), ('labels', [LAPTOPS, FINANCE_OUT])):
        graph_log.clear()
        args = antivirus(assignments=assignments) if assignments else antivirus()
        ok(intune.run(module=POLICY, args=args, task=NO_DIFF), changed=False)
        requests[label] = [(entry['method'], entry['path'].rsplit('/', 1)[-1]) for entry in graph_log.graph()]
    assert requests['labels'] == requests['ids'] == requests['none'] + [('GET', 'assignments')]
    assert graph_log.name_reads() == []
