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
    INT,
    PIN_LENGTH,
    ROTATION,
    STRING,
    instance,
    item,
    run,
)
from ansible_collections.msgraph.intune.tests.unit.utils.fake_graph import graph_error, transport_error


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


# ---------------------------------------------------------------------------------------------------------------------
# migrate_in_place


def migration_graph(graph):
    graph.template_settings[OLD_BASELINE] = [instance(STRING, ROTATION, 'disabled'), instance(INT, PIN_LENGTH, 6, value=6)]
    graph.template_settings[NEW_BASELINE] = [instance(STRING, ROTATION, 'enabledForAzureAd'),
                                             instance(INT, PIN_LENGTH, 6, value=6), instance(STRING, LABEL, 'new')]
    return graph.add_intent('Corp - Baseline', OLD_BASELINE, settings=[
        instance(STRING, ROTATION, 'disabled', id='s-rotation'), instance(INT, PIN_LENGTH, 12, id='s-pin', value=12)])


def test_migrate_in_place_moves_then_writes_the_drift_on_the_target(graph):
    intent = migration_graph(graph)
    options = dict(template_id=OLD_BASELINE, migrate_to=NEW_BASELINE, migrate_in_place=True, display_name='Corp - Baseline',
                   settings_delta=[item(LABEL, 'Corp')], validate_settings=False)
    plan, result = run(graph, check_definitions=False, **options)
    assert plan.actions == ['migrate', 'update_settings']
    migrate, update = graph.writes()
    assert migrate == ('POST', 'deviceManagement/intents/%s/migrateToTemplate' % intent['id'],
                       {'newTemplateId': NEW_BASELINE, 'preserveCustomValues': True}, False)
    assert update[1].endswith('/updateSettings') and [s['definitionId'] for s in update[2]['settings']] == [LABEL]
    assert result['id'] == intent['id'] and result['templateId'] == NEW_BASELINE
    stored = dict((s['definitionId'], decode_setting_value(s)) for s in result['settings'])
    assert stored == {ROTATION: 'enabledForAzureAd', PIN_LENGTH: 12, LABEL: 'Corp'}
    # The prediction was the same.
    assert plan.after['settings'] == stored and plan.after['templateId'] == NEW_BASELINE
    again, _result = run(graph, check_definitions=False, **options)
    assert again.actions == []


@pytest.mark.reliability('fault', 'migrateToTemplate answer lost after the move: the profile is read back, found on '
                                  'the target, and the move is not sent again')
def test_a_migration_whose_answer_was_lost_is_settled_by_reading_the_profile(graph):
    intent = migration_graph(graph)
    graph.fail('POST', '/migrateToTemplate', transport_error(), after_effect=True)
    plan, result = run(graph, check_definitions=False, template_id=OLD_BASELINE, migrate_to=NEW_BASELINE,
                       migrate_in_place=True, display_name='Corp - Baseline')
    assert plan.actions == ['migrate'] and result['templateId'] == NEW_BASELINE
    assert len(graph.requests('POST', '/migrateToTemplate')) == 1
    assert graph.requests('GET', 'deviceManagement/intents/%s' % intent['id'])


def test_a_migration_that_did_not_happen_is_sent_again(graph):
    migration_graph(graph)
    graph.fail('POST', '/migrateToTemplate', graph_error(504, method='POST', code='GatewayTimeout'))
    plan, result = run(graph, check_definitions=False, template_id=OLD_BASELINE, migrate_to=NEW_BASELINE,
                       migrate_in_place=True, display_name='Corp - Baseline')
    assert plan.actions == ['migrate'] and result['templateId'] == NEW_BASELINE
    assert len(graph.requests('POST', '/migrateToTemplate')) == 2


@pytest.mark.reliability('fault', 'migrateToTemplate timed out and committed late: the repeat is refused, the '
                                  'profile is read back on the target, the move counts once')
def test_a_repeat_refused_after_a_late_commit_counts_as_the_move(graph):
    migration_graph(graph)
    graph.fail('POST', '/migrateToTemplate', transport_error(), commit_after=0.5)
    plan, result = run(graph, check_definitions=False, template_id=OLD_BASELINE, migrate_to=NEW_BASELINE,
                       migrate_in_place=True, display_name='Corp - Baseline')
    assert plan.actions == ['migrate'] and result['templateId'] == NEW_BASELINE
    assert len(graph.requests('POST', '/migrateToTemplate')) == 2
