# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The runner of intune_template_info."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

from ansible_collections.msgraph.intune.plugins.module_utils._runners import template_info
from ansible_collections.msgraph.intune.tests.unit.utils.intent_data import (
    BITLOCKER,
    ENCRYPT,
    NEWER_BASELINE,
    OLD_BASELINE,
    template_graph,
)
from ansible_collections.msgraph.intune.tests.unit.utils.module_runs import validated_params


def run(graph, **args):
    return template_info.run(validated_params(template_info.ARGUMENT_SPEC, args), lambda: graph)


def test_current_templates_without_their_definitions():
    graph = template_graph()
    result = run(graph, template_name='mdm security baseline')
    assert result['changed'] is False
    assert [t['id'] for t in result['templates']] == [template['id'] for template in graph.templates.values()
                                                      if template['displayName'] == 'MDM Security Baseline'
                                                      and not template['isDeprecated']]
    assert OLD_BASELINE not in [t['id'] for t in result['templates']]
    assert not graph.requests('GET', '/categories')


def test_migration_targets_with_their_definitions():
    graph = template_graph()
    result = run(graph, migratable_from=OLD_BASELINE, include_setting_definitions=True, template_id=NEWER_BASELINE)
    [template] = result['templates']
    assert template['id'] == NEWER_BASELINE
    assert ENCRYPT in [definition['id'] for definition in template['settingDefinitions']]


def test_a_template_by_id_is_read_fresh():
    graph = template_graph()
    assert [t['id'] for t in run(graph, template_id=BITLOCKER)['templates']] == [BITLOCKER]
    assert [c[1] for c in graph.calls] == ['deviceManagement/templates/%s' % BITLOCKER]
