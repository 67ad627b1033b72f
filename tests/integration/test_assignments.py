# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Assignments: the ``assignments`` option is the whole set of recipients, written with one ``assign`` call.

Every test drives real ansible-playbook against the emulator and checks both the module's result and what the
emulator received (its request log) and stores.
"""

import pytest

from graph_emulator.seed import (
    BITLOCKER_TEMPLATE_ID,
    GROUP_FINANCE_ID,
    GROUP_FINANCE_TWIN_ID,
    GROUP_KIOSKS_ID,
    GROUP_LAPTOPS_ID,
    GROUP_OBRIEN_ID,
    GROUP_PILOT_ID,
)

from playbook_runner import assert_clean_failure

# Runs with the full series only (noxfile.py deselects "slow" on the other ansible-core series).
pytestmark = pytest.mark.slow

DISPLAY_NAME = 'Corp - BitLocker assigned'
FILTER_ID = '0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0'
GROUP = '#microsoft.graph.groupAssignmentTarget'
EXCLUDE = '#microsoft.graph.exclusionGroupAssignmentTarget'
ALL_DEVICES = '#microsoft.graph.allDevicesAssignmentTarget'
ALL_USERS = '#microsoft.graph.allLicensedUsersAssignmentTarget'

THREE = [
    {'group_name': 'Corp Laptops'},
    {'all_devices': True, 'filter_id': FILTER_ID, 'filter_type': 'exclude'},
    {'group_id': GROUP_KIOSKS_ID, 'mode': 'exclude'},
]
# THREE in the option's shape as the diff shows it: broad targets first, then groups, each group's current name
# beside its id (from the group_name lookup, or else from directoryObjects/getByIds).
LAPTOPS_NAMED = {'group_id': GROUP_LAPTOPS_ID, 'group_name': 'Corp Laptops', 'mode': 'include'}
KIOSKS_NAMED = {'group_id': GROUP_KIOSKS_ID, 'group_name': 'Corp Kiosks', 'mode': 'exclude'}
THREE_AS_NAMED = [{'all_devices': True, 'filter_id': FILTER_ID, 'filter_type': 'exclude'}, LAPTOPS_NAMED, KIOSKS_NAMED]


def task(**args):
    base = {'template_id': BITLOCKER_TEMPLATE_ID, 'display_name': DISPLAY_NAME}
    base.update(args)
    return base


def stored_targets(graph):
    """The targets of the one intent the emulator holds, as (type, groupId, filter id, filter type), sorted."""
    (intent,) = graph.control.intents()
    return sorted((a['target']['@odata.type'], a['target'].get('groupId'),
                   a['target']['deviceAndAppManagementAssignmentFilterId'],
                   a['target']['deviceAndAppManagementAssignmentFilterType']) for a in intent['assignments'])


THREE_STORED = sorted([(GROUP, GROUP_LAPTOPS_ID, None, 'none'), (ALL_DEVICES, None, FILTER_ID, 'exclude'),
                       (EXCLUDE, GROUP_KIOSKS_ID, None, 'none')])


def assign_calls(graph_log):
    return [entry for entry in graph_log.writes() if entry['path'].endswith('/assign')]


@pytest.fixture
def assigned(intune, graph, graph_log):
    """An intent created with THREE assigned; the request log is cleared afterwards."""
    run = intune.run(args=task(assignments=THREE))
    assert run.changed and not run.failed, run
    graph_log.clear()
    return run.result['intent']


def test_create_sets_three_targets_with_one_assign_after_create_instance(intune, graph, graph_log):
    run = intune.run(args=task(assignments=THREE))

    assert run.changed and not run.failed, run
    assert run.result['actions'] == ['create', 'assign']
    writes = graph_log.writes()
    assert [(entry['method'], entry['path'].rsplit('/', 1)[-1], entry['status']) for entry in writes] == [
        ('POST', 'createInstance', 200), ('POST', 'assign', 204)]
    intent_id = run.result['intent']['id']
    assert writes[1]['path'] == 'deviceManagement/intents/%s/assign' % intent_id
    assert sorted(item['target']['@odata.type'] for item in writes[1]['body']['assignments']) == sorted(
        [GROUP, ALL_DEVICES, EXCLUDE])
    # The group name was resolved with an OData filter on /groups.
    assert [entry['query']['$filter'] for entry in graph_log.calls('GET', 'groups')] == ["displayName eq 'Corp Laptops'"]
    assert stored_targets(graph) == THREE_STORED
    returned = run.result['intent']
    assert returned['isAssigned'] is True
    assert sorted((a['target']['@odata.type'], a['target'].get('groupId')) for a in returned['assignments']) == sorted(
        [(GROUP, GROUP_LAPTOPS_ID), (ALL_DEVICES, None), (EXCLUDE, GROUP_KIOSKS_ID)])


def test_same_set_in_another_order_sends_no_assign(intune, graph, graph_log, assigned):
    # Two per page: the current assignments and the group lookup are both read across pages.
    graph.control.config(page_size=2)
    reordered = [THREE[2], {'group_id': GROUP_LAPTOPS_ID.upper()}, THREE[1]]

    run = intune.run(args=task(assignments=reordered))

    assert not run.changed and not run.failed, run
    assert run.result['actions'] == []
    assert graph_log.writes() == []
    pages = graph_log.calls('GET', 'deviceManagement/intents/%s/assignments' % assigned['id'])
    assert len(pages) == 2 and '$skiptoken' in pages[1]['query']
    assert len(run.result['intent']['assignments']) == 3
    assert stored_targets(graph) == THREE_STORED


def test_task_without_the_option_leaves_assignments_alone(intune, graph, graph_log, assigned):
    run = intune.run(args=task(description='changed'))

    assert run.changed and run.result['actions'] == ['patch'], run
    assert assign_calls(graph_log) == []
    assert not any(entry['path'].endswith('/assignments') for entry in graph_log.graph())
    assert 'assignments' not in run.result['intent']
    assert stored_targets(graph) == THREE_STORED


def test_shrink_to_one_target_sends_the_whole_set_once(intune, graph, graph_log, assigned):
    run = intune.run(args=task(assignments=[{'all_users': True}]), diff=True)

    assert run.changed and run.result['actions'] == ['assign'], run
    (call,) = assign_calls(graph_log)
    assert call['body'] == {'assignments': [{'target': {
        '@odata.type': ALL_USERS, 'deviceAndAppManagementAssignmentFilterId': None,
        'deviceAndAppManagementAssignmentFilterType': 'none'}}]}
    assert stored_targets(graph) == [(ALL_USERS, None, None, 'none')]
    # The removed groups are named too.
    assert run.result['diff']['before']['assignments'] == THREE_AS_NAMED
    assert run.result['diff']['after']['assignments'] == [{'all_users': True}]


def test_empty_list_unassigns_with_an_empty_assign(intune, graph, graph_log, assigned):
    run = intune.run(args=task(assignments=[]))

    assert run.changed and run.result['actions'] == ['assign'], run
    (call,) = assign_calls(graph_log)
    assert call['body'] == {'assignments': []}
    assert stored_targets(graph) == []
    assert run.result['intent']['isAssigned'] is False and run.result['intent']['assignments'] == []

    graph_log.clear()
    rerun = intune.run(args=task(assignments=[]))
    assert not rerun.changed and graph_log.writes() == [], rerun


def test_create_with_an_empty_set_makes_no_assign(intune, graph, graph_log):
    run = intune.run(args=task(assignments=[]))

    assert run.changed and run.result['actions'] == ['create'], run
    assert assign_calls(graph_log) == []
    assert run.result['intent']['assignments'] == []


def test_group_name_with_a_quote_is_escaped_and_resolved(intune, graph, graph_log):
    run = intune.run(args=task(assignments=[{'group_name': "O'Brien Team"}]))

    assert run.changed and not run.failed, run
    assert [entry['query']['$filter'] for entry in graph_log.calls('GET', 'groups')] == [
        "displayName eq 'O''Brien Team'"]
    assert stored_targets(graph) == [(GROUP, GROUP_OBRIEN_ID, None, 'none')]


@pytest.mark.parametrize('name, fragments', [
    ('Nobody Here', ["no group is named 'Nobody Here'"]),
    ('Finance', ["2 groups are named 'Finance'", GROUP_FINANCE_ID, GROUP_FINANCE_TWIN_ID, 'give group_id']),
], ids=['not found', 'ambiguous'])
def test_unresolvable_group_name_fails_before_any_write(intune, graph, graph_log, name, fragments):
    run = intune.run(args=task(assignments=[{'all_users': True}, {'group_name': name}]))

    assert_clean_failure(run, 'assignments[1].group_name', *fragments)
    assert run.result['field'] == 'assignments[1].group_name'
    assert graph_log.writes() == []
    assert graph.control.intents() == []


def test_filter_change_is_an_assign(intune, graph, graph_log, assigned):
    changed_filter = [THREE[0], dict(THREE[1], filter_type='include'), THREE[2]]

    run = intune.run(args=task(assignments=changed_filter))

    assert run.changed and run.result['actions'] == ['assign'], run
    (call,) = assign_calls(graph_log)
    assert len(call['body']['assignments']) == 3
    assert (ALL_DEVICES, None, FILTER_ID, 'include') in stored_targets(graph)

    graph_log.clear()
    default_type = [THREE[0], {'all_devices': True, 'filter_id': FILTER_ID}, THREE[2]]
    rerun = intune.run(args=task(assignments=default_type))
    assert not rerun.changed and graph_log.writes() == [], rerun


def test_check_mode_predicts_without_writing(intune, graph, graph_log, assigned):
    run = intune.run(args=task(assignments=[{'group_id': GROUP_PILOT_ID}, {'all_devices': True}]), check=True,
                     diff=True)

    assert run.changed and run.result['actions'] == ['assign'], run
    assert graph_log.writes() == []
    assert stored_targets(graph) == THREE_STORED
    predicted = run.result['intent']
    assert predicted['isAssigned'] is True
    assert sorted((a['target']['@odata.type'], a['target'].get('groupId')) for a in predicted['assignments']) == sorted(
        [(GROUP, GROUP_PILOT_ID), (ALL_DEVICES, None)])
    assert run.result['diff']['after']['assignments'] == [{'all_devices': True}, {
        'group_id': GROUP_PILOT_ID, 'group_name': 'Pilot Ring', 'mode': 'include'}]


def test_check_mode_on_create_predicts_create_and_assign(intune, graph, graph_log):
    run = intune.run(args=task(assignments=THREE), check=True, diff=True)

    assert run.changed and run.result['actions'] == ['create', 'assign'], run
    assert graph_log.writes() == [] and graph.control.intents() == []
    assert run.result['diff']['before'] == {}
    assert run.result['diff']['after']['assignments'] == THREE_AS_NAMED
    assert len(run.result['intent']['assignments']) == 3


def test_diff_output_shows_the_assignment_sets(intune, graph, assigned):
    run = intune.run(args=task(assignments=[THREE[0]]), diff=True)

    assert run.changed, run
    assert run.result['diff']['before']['assignments'] == THREE_AS_NAMED
    assert run.result['diff']['after']['assignments'] == [LAPTOPS_NAMED]
    # ansible-playbook --diff prints the removed targets, a removed group with its name.
    assert '-' in run.stdout and FILTER_ID in run.stdout and GROUP_KIOSKS_ID in run.stdout
    assert 'Corp Kiosks' in run.stdout

    unchanged = intune.run(args=task(assignments=[THREE[0]]), diff=True)
    assert not unchanged.changed
    assert unchanged.result['diff']['before']['assignments'] == unchanged.result['diff']['after']['assignments']


def test_assign_refused_by_graph_fails_with_its_message_and_request_id(intune, graph, graph_log, assigned):
    graph.control.add_fault('/assign$', method='POST', status=400, body={'error': {
        'code': 'BadRequest', 'message': 'Assignment filter 0f1e2d3c is not compatible with this profile'}})

    run = intune.run(args=task(assignments=[{'all_users': True}]))

    message = assert_clean_failure(run, 'assign', '400', 'Assignment filter 0f1e2d3c is not compatible')
    error = run.result['error']
    assert error['status'] == 400 and error['request_id'] and error['request_id'] in message
    assert error['request_body'] == assign_calls(graph_log)[0]['body']
    assert stored_targets(graph) == THREE_STORED


# (assignments, field, fragments of the message)
BAD_ASSIGNMENTS = {
    'group_id and all_devices': (
        [{'group_id': GROUP_LAPTOPS_ID, 'all_devices': True}], 'assignments[0].all_devices',
        ['cannot be combined with group_id']),
    'malformed group_id': (
        [{'all_users': True}, {'group_id': 'corp-laptops'}], 'assignments[1].group_id', ['must be a GUID', 'corp-laptops']),
    'exclude with all_users': (
        [{'all_users': True, 'mode': 'exclude'}], 'assignments[0].mode', ['only possible for a group']),
    'filter_type without filter_id': (
        [{'all_devices': True, 'filter_type': 'include'}], 'assignments[0].filter_type', ['needs filter_id']),
    'malformed filter_id': (
        [{'all_devices': True, 'filter_id': 'not-a-guid'}], 'assignments[0].filter_id', ['must be a GUID']),
    'filter on an excluded group': (
        [{'group_id': GROUP_LAPTOPS_ID, 'mode': 'exclude', 'filter_id': FILTER_ID}], 'assignments[0].filter_id',
        ['excluded group']),
    'no recipient': ([{'filter_id': FILTER_ID}], 'assignments[0]', ['give one of group_id']),
    'unknown mode': ([{'group_id': GROUP_LAPTOPS_ID, 'mode': 'only'}], 'assignments[0].mode', ['include, exclude']),
    'unknown key': ([{'group': GROUP_LAPTOPS_ID}], 'assignments[0].group', ['not a supported key']),
}


@pytest.mark.parametrize('assignments, field, fragments', list(BAD_ASSIGNMENTS.values()), ids=list(BAD_ASSIGNMENTS))
def test_bad_assignment_fails_naming_element_and_field_before_any_request(intune, graph_log, assignments, field,
                                                                          fragments):
    run = intune.run(args=task(assignments=assignments))

    assert_clean_failure(run, field, *fragments)
    assert run.result.get('field') == field, run
    assert graph_log.everything() == []
