# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The settings side of a plan: delta and exact mode, and the settings of a created or migrated profile."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

from ansible_collections.msgraph.intune.plugins.module_utils._intents.inputs import parse_intent_inputs
from ansible_collections.msgraph.intune.plugins.module_utils._intents.plan import IntentPlan
from ansible_collections.msgraph.intune.plugins.module_utils._intents.settings_plan import (
    plan_setting_writes,
    predict_created_settings,
    predict_migrated_settings,
    typed_settings,
)
from ansible_collections.msgraph.intune.plugins.module_utils._intents.values import decode_setting_value
from ansible_collections.msgraph.intune.plugins.module_utils._warnings import Warnings
from ansible_collections.msgraph.intune.tests.unit.utils.intent_data import (
    BITLOCKER,
    BOOL,
    ENCRYPT,
    INT,
    LABEL,
    NEW_BASELINE,
    OLD_BASELINE,
    PIN_LENGTH,
    ROTATION,
    STRING,
    instance,
    item,
    params,
)

DEFAULTS = [instance(BOOL, ENCRYPT, False, id='d-1', value=False), instance(STRING, ROTATION, 'disabled', id='d-2'),
            instance(INT, PIN_LENGTH, 6, id='d-3', value=6)]


def plan_for(**overrides):
    return IntentPlan(parse_intent_inputs(params(**overrides)), None, None, Warnings())


def values(instances):
    return dict((i['definitionId'], decode_setting_value(i)) for i in instances)


def test_delta_mode_writes_only_the_listed_drift(graph, existing):
    writes, predicted = plan_setting_writes(graph, plan_for(settings_delta=[item(ENCRYPT, False)]), BITLOCKER,
                                            graph.intent_settings[existing['id']])
    assert [(w['definitionId'], w['id'], w['valueJson']) for w in writes] == [(ENCRYPT, 's-encrypt', 'false')]
    assert values(predicted)[ENCRYPT] is False and values(predicted)[ROTATION] == 'disabled'
    assert graph.requests('GET', BITLOCKER + '/settings') == []


def test_exact_mode_resets_unlisted_drift_and_keeps_listed_values(graph, existing):
    graph.template_settings[BITLOCKER] = DEFAULTS
    current = graph.intent_settings[existing['id']]
    writes, predicted = plan_setting_writes(graph, plan_for(settings_delta=[item(ENCRYPT, True)], settings_mode='exact'),
                                            BITLOCKER, current)
    # ENCRYPT is listed (no drift), ROTATION holds its default, PIN_LENGTH 6 is the default: nothing to reset.
    assert writes == []
    current[1]['valueJson'] = '"enabledForAzureAd"'
    writes, predicted = plan_setting_writes(graph, plan_for(settings_delta=[item(ENCRYPT, True)], settings_mode='exact'),
                                            BITLOCKER, current)
    assert writes == [{'@odata.type': STRING, 'definitionId': ROTATION, 'valueJson': '"disabled"', 'id': 's-rotation'}]
    assert values(predicted)[ROTATION] == 'disabled' and values(predicted)[ENCRYPT] is True


def test_exact_mode_adds_a_default_the_profile_lacks(graph):
    graph.template_settings[BITLOCKER] = DEFAULTS
    writes, _predicted = plan_setting_writes(graph, plan_for(settings_mode='exact'), BITLOCKER,
                                             [instance(BOOL, ENCRYPT, False, id='s-1', value=False)])
    assert sorted(w['definitionId'] for w in writes) == sorted([ROTATION, PIN_LENGTH])
    assert all('id' not in w for w in writes)


def test_a_create_is_predicted_as_the_defaults_with_the_delta(graph):
    graph.template_settings[BITLOCKER] = DEFAULTS
    plan = plan_for(settings_delta=[item(ENCRYPT, True), item(LABEL, 'Hi')])
    typed = typed_settings(graph, plan, BITLOCKER, plan.inputs.settings)
    predicted = predict_created_settings(graph, plan, BITLOCKER, typed)
    assert values(predicted) == {ENCRYPT: True, ROTATION: 'disabled', PIN_LENGTH: 6, LABEL: 'Hi'}
    assert all('id' not in instance for instance in predicted)


def test_a_migration_keeps_customisations_and_takes_the_targets_defaults_for_the_rest(graph):
    graph.template_settings[OLD_BASELINE] = DEFAULTS
    graph.template_settings[NEW_BASELINE] = [instance(BOOL, ENCRYPT, True, value=True),
                                             instance(STRING, ROTATION, 'enabledForAzureAd'),
                                             instance(STRING, LABEL, 'new')]
    existing = [instance(BOOL, ENCRYPT, False, id='s-1', value=False),       # the source's default
                instance(STRING, ROTATION, 'enabledForAzureAdAndHybrid', id='s-2'),  # customised
                instance(INT, PIN_LENGTH, 9, id='s-3', value=9)]             # customised, not on the target
    migrated = predict_migrated_settings(graph, OLD_BASELINE, NEW_BASELINE, existing)
    assert values(migrated) == {ENCRYPT: True, ROTATION: 'enabledForAzureAdAndHybrid', LABEL: 'new'}
    assert [i.get('id') for i in migrated] == ['s-1', 's-2', None]
