# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Planning: what a task would change, with reads only."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import pytest

from ansible_collections.msgraph.intune.plugins.module_utils._cache import GraphCache
from ansible_collections.msgraph.intune.plugins.module_utils._errors import InputError
from ansible_collections.msgraph.intune.plugins.module_utils._intents.inputs import parse_intent_inputs
from ansible_collections.msgraph.intune.plugins.module_utils._intents.apply import apply_plan
from ansible_collections.msgraph.intune.plugins.module_utils._intents.plan import describe_intent, plan_intent
from ansible_collections.msgraph.intune.plugins.module_utils._setting_definitions import load_setting_definitions
from ansible_collections.msgraph.intune.tests.unit.utils.intent_data import (
    BITLOCKER_CATEGORIES,
    BITLOCKER,
    BOOL,
    COLLECTION,
    ENCRYPT,
    INT,
    LABEL,
    NEW_BASELINE,
    OLD_BASELINE,
    OPTIONS,
    PIN_LENGTH,
    ROTATION,
    RULES,
    STRING,
    instance,
    item,
    params,
    run,
)


def test_plan_records_the_fallback_warning(graph):
    graph.add_intent('Corp - BitLocker', BITLOCKER)
    graph.filter_refusal = 500
    plan = plan_intent(graph, parse_intent_inputs(params()))
    assert any('refused the displayName filter' in w for w in plan.warnings)


def test_migrating_intent_gives_a_warning(graph):
    intent = graph.add_intent('Corp - BitLocker', BITLOCKER, isMigratingToConfigurationPolicy=True)
    plan = plan_intent(graph, parse_intent_inputs(params()))
    assert len(plan.warnings) == 1 and intent['id'] in plan.warnings[0] and 'settings catalog' in plan.warnings[0]


def test_intents_are_matched_on_the_effective_template(graph):
    graph.add_intent('Corp - Baseline', OLD_BASELINE)
    on_target = graph.add_intent('Corp - Baseline', NEW_BASELINE)
    plan = plan_intent(graph, parse_intent_inputs(params(template_id=OLD_BASELINE, migrate_to=NEW_BASELINE, display_name='Corp - Baseline')))
    assert plan.intent == on_target
    assert plan.actions == []


def test_create_plan_predicts_the_intent_graph_makes_and_its_diff(graph):
    graph.template_settings[BITLOCKER] = [instance(BOOL, ENCRYPT, False, id='d-encrypt', value=False),
                                          instance(INT, PIN_LENGTH, 6, id='d-pin', value=6)]
    plan = plan_intent(graph, parse_intent_inputs(params(settings_delta=[item(ENCRYPT, True), item(RULES, ['a'])],
                                                         role_scope_tag_ids=[])))
    # Graph's defaults for what the task leaves out: the Default scope tag, an empty description, the template's
    # default settings with the delta applied.
    assert plan.predicted_intent == {
        'displayName': 'Corp - BitLocker', 'description': '', 'templateId': BITLOCKER, 'roleScopeTagIds': ['0'],
        'isAssigned': False, 'isMigratingToConfigurationPolicy': False,
        'settings': [{'@odata.type': BOOL, 'definitionId': ENCRYPT, 'valueJson': 'true', 'value': True},
                     {'@odata.type': INT, 'definitionId': PIN_LENGTH, 'valueJson': '6', 'value': 6},
                     {'@odata.type': COLLECTION, 'definitionId': RULES, 'valueJson': '["a"]'}],
    }
    assert plan.before == {}
    assert plan.after == {'displayName': 'Corp - BitLocker', 'description': '', 'roleScopeTagIds': ['0'],
                          'templateId': BITLOCKER, 'settings': {ENCRYPT: True, PIN_LENGTH: 6, RULES: ['a']}}
    assert graph.writes() == []
    # The real run leaves exactly that profile.
    intent = apply_plan(graph, plan)
    assert describe_intent(intent, intent['settings']) == plan.after
    kept = dict((key, intent[key]) for key in plan.predicted_intent if key != 'settings')
    assert kept == dict((key, value) for key, value in plan.predicted_intent.items() if key != 'settings')


def test_update_diff_shows_only_the_changed_lines(graph, existing):
    plan = plan_intent(graph, parse_intent_inputs(params(description='Changed', settings_delta=[item(ENCRYPT, False), item(LABEL, 'Hi')])))
    common = {'displayName': 'Corp - BitLocker', 'roleScopeTagIds': ['0', '5'], 'templateId': BITLOCKER}
    context = {ROTATION: 'disabled', PIN_LENGTH: 6, OPTIONS: {'a': 1, 'b': [1, 2]}}
    assert plan.before == dict(common, description='Managed', settings=dict(context, **{ENCRYPT: True}))
    assert plan.after == dict(common, description='Changed', settings=dict(context, **{ENCRYPT: False, LABEL: 'Hi'}))
    predicted = dict((s['definitionId'], s) for s in plan.predicted_intent['settings'])
    assert predicted[ENCRYPT] == {'@odata.type': BOOL, 'id': 's-encrypt', 'definitionId': ENCRYPT, 'valueJson': 'false',
                                  'value': False}
    assert predicted[LABEL] == {'@odata.type': STRING, 'definitionId': LABEL, 'valueJson': '"Hi"', 'value': 'Hi'}
    assert plan.predicted_intent['description'] == 'Changed' and plan.predicted_intent['id'] == existing['id']
    assert graph.writes() == []


def test_a_bad_definition_id_fails_before_any_write(graph, existing):
    with pytest.raises(InputError, match='closest valid ids: %s' % ROTATION):
        plan_intent(graph, parse_intent_inputs(params(description='Changed',
                                                      settings_delta=[item(ENCRYPT, True), item(ROTATION + 'x', 'disabled')])))
    assert graph.writes() == []


def test_a_bad_definition_id_fails_before_create(graph):
    with pytest.raises(InputError) as raised:
        plan_intent(graph, parse_intent_inputs(params(settings_delta=[item(LABEL, 'ok'), item('deviceConfiguration--bitLockerEncryptDevic', True)])))
    assert raised.value.field == 'settings_delta[1].definition_id'
    assert ENCRYPT in str(raised.value)
    assert graph.writes() == []


def test_no_drift_means_no_writes_and_no_definition_reads(graph, existing):
    plan, intent = run(graph, description='Managed', role_scope_tag_ids=['5', '0'],
                       settings_delta=[item(ENCRYPT, value_json='true'), item(PIN_LENGTH, 6)])
    assert not plan.changed and plan.actions == []
    assert graph.writes() == []
    assert [c[1] for c in graph.calls] == ['deviceManagement/templates/%s' % BITLOCKER, 'deviceManagement/intents',
                                           'deviceManagement/intents/%s/settings' % existing['id']]
    assert plan.before == plan.after
    assert intent['id'] == existing['id'] and len(intent['settings']) == 4


def test_drift_loads_definitions_only_when_asked(graph, existing):
    plan_intent(graph, parse_intent_inputs(params(settings_delta=[item(ENCRYPT, False)])), check_definitions=True)
    assert graph.requests('GET', '/categories')
    graph.calls = []
    plan = plan_intent(graph, parse_intent_inputs(params(settings_delta=[item(ENCRYPT, False), item(ROTATION, value_json='null')])),
                       check_definitions=False)
    assert not graph.requests('GET', '/categories')
    # Without definitions the existing instance's type is kept (a null value has no Python type).
    assert [s['@odata.type'] for s in plan.settings_update] == [BOOL, STRING]


def test_empty_description_equals_a_missing_one(graph):
    graph.add_intent('Corp - BitLocker', BITLOCKER, description=None)
    plan = plan_intent(graph, parse_intent_inputs(params(description='')))
    assert plan.actions == []


def test_settings_without_value_json_compare_by_value(graph):
    graph.add_intent('Corp - BitLocker', BITLOCKER, settings=[
        {'@odata.type': BOOL, 'id': 's1', 'definitionId': ENCRYPT, 'value': True}])
    assert plan_intent(graph, parse_intent_inputs(params(settings_delta=[item(ENCRYPT, True)]))).actions == []


@pytest.mark.reliability('fault', 'One bad answer (categories: 200 with an empty list) is never cached; a definition '
                                  'id unknown to the cache makes the template be read again once before failing')
def test_an_unknown_definition_id_rereads_the_template_once_before_failing(graph, existing):
    graph.cache = GraphCache('https://127.0.0.1:8444/beta')
    graph.categories[BITLOCKER] = {}  # the first read of the categories answers an empty list
    load_setting_definitions(graph, BITLOCKER)
    graph.categories[BITLOCKER] = BITLOCKER_CATEGORIES
    reads = len(graph.requests('GET', '/categories'))
    plan = plan_intent(graph, parse_intent_inputs(params(settings_delta=[item(ENCRYPT, False)])))
    assert plan.actions == ['update_settings']
    assert len(graph.requests('GET', '/categories')) == reads + 1
    # A wrong id still fails, after one more read.
    with pytest.raises(InputError, match='not a setting of template %s ' % BITLOCKER):
        plan_intent(graph, parse_intent_inputs(params(settings_delta=[item('deviceConfiguration--nothing', True)])))
    assert len(graph.requests('GET', '/categories')) == reads + 2
