# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The runner of intune_intent_info."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

from ansible_collections.msgraph.intune.plugins.module_utils._runners import intent_info
from ansible_collections.msgraph.intune.tests.unit.utils.intent_data import BITLOCKER, existing_intent, template_graph
from ansible_collections.msgraph.intune.tests.unit.utils.module_runs import validated_params


def run(graph, **args):
    return intent_info.run(validated_params(intent_info.ARGUMENT_SPEC, args), lambda: graph)


def test_intents_with_settings_and_their_export_by_default():
    graph = template_graph()
    existing = existing_intent(graph)
    result = run(graph, display_name='Corp - BitLocker')
    assert result['changed'] is False and result['warnings'] == []
    [intent] = result['intents']
    assert intent['id'] == existing['id'] and len(intent['settings']) == 4
    assert intent['instance_args']['template_id'] == BITLOCKER and 'assignments' not in intent


def test_a_refused_filter_is_a_warning_of_the_result():
    graph = template_graph()
    existing_intent(graph)
    graph.filter_refusal = 500
    result = run(graph, display_name='Corp - BitLocker', include_settings=False, include_assignments=True)
    assert [i['assignments'] for i in result['intents']] == [[]]
    assert len(result['warnings']) == 1 and 'HTTP 500' in result['warnings'][0]
