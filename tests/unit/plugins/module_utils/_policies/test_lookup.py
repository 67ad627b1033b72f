# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Reading configuration policies: by name and template, by id, with their settings."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import pytest

from ansible_collections.msgraph.intune.plugins.module_utils._errors import GraphError, TaskError
from ansible_collections.msgraph.intune.plugins.module_utils._policies.lookup import (
    find_policies,
    get_policy,
    policy_template_id,
    read_policy,
    read_policy_settings,
    single_policy,
)
from ansible_collections.msgraph.intune.plugins.module_utils._warnings import Warnings
from ansible_collections.msgraph.intune.tests.unit.utils.fake_graph import graph_error
from ansible_collections.msgraph.intune.tests.unit.utils.policy_data import (
    ANTIVIRUS,
    ANTIVIRUS_BASE,
    BASELINE_1,
    BASELINE_2,
    BASELINE_BASE,
    CPU,
    integer,
)

POLICIES = 'deviceManagement/configurationPolicies'
MISSING = '0f0f0f0f-0000-4000-8000-000000000000'


def test_policy_template_id():
    assert policy_template_id({'templateReference': {'templateId': ANTIVIRUS}}) == ANTIVIRUS
    assert policy_template_id({'templateReference': None}) == '' and policy_template_id(None) == ''


def test_find_by_exact_name_on_any_version_of_the_template(graph):
    old = graph.add_policy('Corp - Baseline', BASELINE_1)
    new = graph.add_policy('Corp - Baseline', BASELINE_2)
    graph.add_policy('corp - baseline', BASELINE_2)        # Graph's filter matches it; the re-check does not
    graph.add_policy('Corp - Baseline', ANTIVIRUS)          # another template
    found = find_policies(graph, 'Corp - Baseline', BASELINE_BASE.upper())
    assert [p['id'] for p in found] == [old['id'], new['id']]
    assert graph.calls == [('GET', POLICIES, {'$filter': "name eq 'Corp - Baseline'"})]
    assert len(find_policies(graph, 'Corp - Baseline', None)) == 3


def test_a_quote_in_the_name_is_doubled(graph):
    mine = graph.add_policy("O'Brien AV", ANTIVIRUS)
    assert find_policies(graph, "O'Brien AV", ANTIVIRUS_BASE) == [mine]
    assert graph.calls[0][2] == {'$filter': "name eq 'O''Brien AV'"}


@pytest.mark.parametrize('status', [400, 500])
def test_a_refused_name_filter_lists_every_policy_and_warns(graph, status):
    mine = graph.add_policy('Corp - Antivirus', ANTIVIRUS)
    graph.add_policy('Other', ANTIVIRUS)
    graph.refuse_name_filter = status
    warnings = Warnings()
    assert find_policies(graph, 'Corp - Antivirus', ANTIVIRUS_BASE, warnings) == [mine]
    assert graph.calls == [('GET', POLICIES, {'$filter': "name eq 'Corp - Antivirus'"}), ('GET', POLICIES, None)]
    assert warnings == ['Graph refused the name filter on %s (HTTP %d); all configuration policies were listed and '
                        'matched locally instead' % (POLICIES, status)]


def test_another_failure_of_the_list_is_raised(graph):
    graph.fail('GET', POLICIES, graph_error(403, code='Forbidden'))
    with pytest.raises(GraphError):
        find_policies(graph, 'x', None)
    assert len(graph.calls) == 1


def test_single_policy(graph):
    assert single_policy([]) is None
    assert single_policy([{'id': 'a'}]) == {'id': 'a'}
    first = graph.add_policy('Twin', BASELINE_1)
    second = graph.add_policy('Twin', BASELINE_2)
    with pytest.raises(TaskError) as raised:
        single_policy([first, second])
    assert str(raised.value) == (
        "2 configuration policies have the name 'Twin': %s (template %s), %s (template %s). Give policy_id to manage "
        "exactly one of them (with state: absent and policy_id to delete the others), or delete or rename all but "
        "one; nothing was changed" % (first['id'], BASELINE_1, second['id'], BASELINE_2))


def test_get_policy_and_absent(graph):
    mine = graph.add_policy('P', ANTIVIRUS)
    assert get_policy(graph, mine['id']) == mine
    assert get_policy(graph, MISSING) is None
    assert graph.calls == [('GET', '%s/%s' % (POLICIES, mine['id']), None), ('GET', '%s/%s' % (POLICIES, MISSING), None)]


def test_read_policy_with_its_settings(graph):
    mine = graph.add_policy('P', ANTIVIRUS, settings=[integer(CPU, 5)])
    assert read_policy_settings(graph, mine['id']) == [{'id': '0', 'settingInstance': integer(CPU, 5)}]
    policy = read_policy(graph, mine['id'])
    assert policy == dict(mine, settings=[{'id': '0', 'settingInstance': integer(CPU, 5)}])
    assert [call[1] for call in graph.calls] == ['%s/%s/settings' % (POLICIES, mine['id']), '%s/%s' % (POLICIES, mine['id']),
                                                 '%s/%s/settings' % (POLICIES, mine['id'])]
