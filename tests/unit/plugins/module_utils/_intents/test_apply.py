# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Applying a plan: the writes in order, then the intent read back."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import pytest

from ansible_collections.msgraph.intune.plugins.module_utils._intents.values import decode_setting_value
from ansible_collections.msgraph.intune.tests.unit.utils.intent_data import (
    ENCRYPT,
    LABEL,
    NEW_BASELINE,
    OLD_BASELINE,
    OPTIONS,
    PIN_LENGTH,
    ROTATION,
    STRING,
    item,
    run,
)


def test_absent_with_migrate_to_deletes_the_intent_on_the_target(graph):
    on_source = graph.add_intent('Corp - Baseline', OLD_BASELINE)
    on_target = graph.add_intent('Corp - Baseline', NEW_BASELINE)
    run(graph, template_id=OLD_BASELINE, migrate_to=NEW_BASELINE, display_name='Corp - Baseline', state='absent')
    assert list(graph.intents) == [on_source['id']]
    assert graph.writes() == [('DELETE', 'deviceManagement/intents/%s' % on_target['id'], None)]


def test_update_sends_only_the_changed_settings_with_their_ids(graph, existing):
    plan, intent = run(graph, settings_delta=[
        item(ENCRYPT, True), item(ROTATION, 'enabledForAzureAd'), item(PIN_LENGTH, value_json='6'),
        item(OPTIONS, {'b': [1, 2], 'a': 1.0}), item(LABEL, 'Call IT')])
    assert plan.actions == ['update_settings']
    assert graph.writes() == [('POST', 'deviceManagement/intents/%s/updateSettings' % existing['id'], {'settings': [
        {'@odata.type': STRING, 'id': 's-rotation', 'definitionId': ROTATION, 'valueJson': '"enabledForAzureAd"'},
        {'@odata.type': STRING, 'definitionId': LABEL, 'valueJson': '"Call IT"'},
    ]}, True)]
    values = dict((s['definitionId'], decode_setting_value(s)) for s in intent['settings'])
    assert values[ROTATION] == 'enabledForAzureAd' and values[LABEL] == 'Call IT'


@pytest.mark.parametrize('overrides, patch', [
    (dict(role_scope_tag_ids=['5', '0']), None),
    (dict(role_scope_tag_ids=['5']), {'roleScopeTagIds': ['5']}),
    (dict(description='Managed'), None),
    (dict(description='Other'), {'description': 'Other'}),
    (dict(description='Other', role_scope_tag_ids=['0', '5', '7']), {'description': 'Other', 'roleScopeTagIds': ['0', '5', '7']}),
])
def test_description_and_tags_are_patched_only_when_they_differ(graph, existing, overrides, patch):
    plan, intent = run(graph, **overrides)
    if patch is None:
        assert graph.writes() == []
        assert plan.actions == []
    else:
        assert graph.writes() == [('PATCH', 'deviceManagement/intents/%s' % existing['id'], patch)]
        assert plan.actions == ['patch']
        for key, value in patch.items():
            assert intent[key] == value


def test_settings_and_patch_together(graph, existing):
    plan, intent = run(graph, description='Other', settings_delta=[item(PIN_LENGTH, 8)])
    assert plan.actions == ['update_settings', 'patch']
    assert [c[0] for c in graph.writes()] == ['POST', 'PATCH']
    assert 'templateId' not in graph.writes()[1][2] and 'displayName' not in graph.writes()[1][2]


def test_absent_deletes_the_intent(graph, existing):
    plan, result = run(graph, state='absent')
    assert plan.actions == ['delete'] and plan.changed
    assert plan.before['settings'][ENCRYPT] is True and plan.after == {}
    assert graph.writes() == [('DELETE', 'deviceManagement/intents/%s' % existing['id'], None)]
    assert result == {} and graph.intents == {}


def test_absent_without_an_intent_changes_nothing(graph):
    plan, result = run(graph, state='absent', template_id=OLD_BASELINE)
    assert not plan.changed and result == {} and plan.before == plan.after == {}
    assert graph.writes() == []
