# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Finding intents by display name and template."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import pytest

from ansible_collections.msgraph.intune.plugins.module_utils._errors import TaskError
from ansible_collections.msgraph.intune.plugins.module_utils._intents.inputs import parse_intent_inputs
from ansible_collections.msgraph.intune.plugins.module_utils._intents.apply import apply_plan
from ansible_collections.msgraph.intune.plugins.module_utils._intents.lookup import ProfileNames, find_intents
from ansible_collections.msgraph.intune.plugins.module_utils._intents.plan import plan_intent
from ansible_collections.msgraph.intune.plugins.module_utils._odata import odata_string_literal
from ansible_collections.msgraph.intune.plugins.module_utils._warnings import Warnings
from ansible_collections.msgraph.intune.tests.unit.utils.fake_graph import graph_error, transport_error
from ansible_collections.msgraph.intune.tests.unit.utils.intent_data import (
    BITLOCKER,
    NEW_BASELINE,
    params,
)


@pytest.mark.parametrize('name', ["Corp's BitLocker", 'Ünïcode ✓', "a''b'"])
def test_find_intents_filters_by_escaped_name(graph, name):
    wanted = graph.add_intent(name, BITLOCKER)
    graph.add_intent('Other', BITLOCKER)
    assert find_intents(graph, name, BITLOCKER) == [wanted]
    assert graph.calls == [('GET', 'deviceManagement/intents', {'$filter': 'displayName eq ' + odata_string_literal(name)})]


def test_find_intents_rechecks_name_and_template_locally(graph):
    wanted = graph.add_intent('Corp', BITLOCKER.upper())
    graph.add_intent('corp', BITLOCKER)
    graph.add_intent('Corp', NEW_BASELINE)
    graph.add_intent('Corp', None)
    assert find_intents(graph, 'Corp', BITLOCKER) == [wanted]


@pytest.mark.parametrize('status', [400, 500, 501])
def test_find_intents_falls_back_to_the_full_list_when_the_filter_is_refused(graph, status):
    wanted = graph.add_intent('Corp [x]', BITLOCKER)
    graph.add_intent('Other', BITLOCKER)
    graph.filter_refusal = status
    warnings = Warnings()
    assert find_intents(graph, 'Corp [x]', BITLOCKER, warnings) == [wanted]
    assert [c[2] for c in graph.calls] == [{'$filter': "displayName eq 'Corp [x]'"}, None]
    assert len(warnings) == 1 and 'HTTP %d' % status in warnings[0]


@pytest.mark.parametrize('error', [graph_error(403, code='Forbidden'), transport_error('GET')])
def test_find_intents_does_not_fall_back_on_other_errors(graph, error):
    graph.fail('GET', 'deviceManagement/intents', error)
    with pytest.raises(type(error)):
        find_intents(graph, 'Corp', BITLOCKER, Warnings())
    assert len(graph.calls) == 1


def test_duplicate_intents_fail_naming_their_ids_without_writing(graph):
    first = graph.add_intent('Corp - BitLocker', BITLOCKER)
    second = graph.add_intent('Corp - BitLocker', BITLOCKER)
    for state in ('present', 'absent'):
        with pytest.raises(TaskError) as raised:
            plan_intent(graph, parse_intent_inputs(params(state=state, description='new')))
        assert first['id'] in str(raised.value) and second['id'] in str(raised.value)
    assert graph.writes() == []


def template_scans(graph):
    return [call for call in graph.requests('GET', 'deviceManagement/intents')
            if call[2].get('$filter', '').startswith('templateId eq')]


def test_the_profiles_of_a_template_are_listed_once_per_client_and_kept_current(graph):
    kept = graph.add_intent('Kept', BITLOCKER)
    gone = graph.add_intent('Gone', BITLOCKER)
    names = ProfileNames(graph)
    assert names.on_template(BITLOCKER) == sorted([(kept['id'], 'Kept'), (gone['id'], 'Gone')])
    names.created({'id': 'ABC', 'templateId': BITLOCKER.upper(), 'displayName': 'New'})
    names.renamed(kept['id'].upper(), 'Kept 2')
    names.deleted(gone['id'])
    # Another ProfileNames of the same client (the next loop item) sees the same, without listing again.
    assert ProfileNames(graph).on_template(BITLOCKER) == sorted([('ABC', 'New'), (kept['id'], 'Kept 2')])
    assert len(template_scans(graph)) == 1
    ProfileNames(graph).moved()
    ProfileNames(graph).on_template(BITLOCKER)
    assert len(template_scans(graph)) == 2


def test_a_loop_of_creates_lists_the_template_once_and_still_warns_about_its_own_near_misses(graph):
    for name in ('Loop - AV', 'loop - av'):
        plan = plan_intent(graph, parse_intent_inputs(params(display_name=name)))
        apply_plan(graph, plan)
    assert len(template_scans(graph)) == 1
    # The second create's near miss is the profile the first one created, which the listing did not hold.
    assert any("'Loop - AV'" in warning for warning in plan.warnings), list(plan.warnings)
