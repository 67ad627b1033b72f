# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The settings of a policy plan: defaults under a create and exact mode, delta merging children, what is sent and
what is shown."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

from ansible_collections.msgraph.intune.plugins.module_utils._policies.settings_plan import (
    as_held,
    merged_choice,
    overlay,
    plan_settings,
)

NS = '#microsoft.graph.deviceManagementConfiguration'


def choice(definition_id, option, *children):
    return {'@odata.type': NS + 'ChoiceSettingInstance', 'settingDefinitionId': definition_id,
            'choiceSettingValue': {'value': '%s_%s' % (definition_id, option), 'children': list(children)}}


def integer(definition_id, value):
    return {'@odata.type': NS + 'SimpleSettingInstance', 'settingDefinitionId': definition_id,
            'simpleSettingValue': {'@odata.type': NS + 'IntegerSettingValue', 'value': value}}


def secret(definition_id, value, state='notEncrypted'):
    return {'@odata.type': NS + 'SimpleSettingInstance', 'settingDefinitionId': definition_id,
            'simpleSettingValue': {'@odata.type': NS + 'SecretSettingValue', 'value': value, 'valueState': state}}


def ids(instances):
    return [instance['settingDefinitionId'] for instance in instances]


def test_a_create_is_the_defaults_under_the_listed_settings():
    defaults = [choice('a', '1'), integer('b', 50)]
    plan = plan_settings(defaults, None, [integer('b', 30), choice('c', '0')], 'delta')
    assert plan.drift and plan.send == [choice('a', '1'), integer('b', 30), choice('c', '0')] and plan.shown == plan.send
    assert plan_settings(defaults, None, None, 'exact').send == defaults


def test_delta_keeps_unlisted_settings_and_exact_returns_them_to_the_defaults():
    defaults = [choice('a', '1')]
    existing = [choice('a', '0'), integer('b', 80)]
    delta = plan_settings(defaults, existing, [integer('b', 30)], 'delta')
    assert delta.drift and delta.send == [choice('a', '0'), integer('b', 30)]
    exact = plan_settings(defaults, existing, [integer('b', 30)], 'exact')
    assert exact.drift and exact.send == [choice('a', '1'), integer('b', 30)]


def test_no_drift_shows_the_policy_as_it_holds_it():
    existing = [choice('a', '1', integer('a1', 5)), integer('b', 30)]
    plan = plan_settings([], existing, [integer('b', 30)], 'delta')
    assert not plan.drift and plan.shown == existing
    assert not plan_settings([], existing, None, 'exact').drift


def test_delta_merges_the_children_of_a_choice_that_keeps_its_option():
    held = choice('fw', 'true', choice('fw_in', '1'), choice('fw_out', '0'))
    given = choice('fw', 'true', choice('fw_notify', 'false'))
    merged = merged_choice(held, given)
    assert ids(merged['choiceSettingValue']['children']) == ['fw_in', 'fw_out', 'fw_notify']
    # Another option: its children replace the old option's, which no longer apply.
    assert merged_choice(held, choice('fw', 'false')) == choice('fw', 'false')
    plan = plan_settings([], [held], [given], 'delta')
    assert plan.drift and ids(plan.send[0]['choiceSettingValue']['children']) == ['fw_in', 'fw_out', 'fw_notify']
    assert ids(plan_settings([], [held], [given], 'exact').send[0]['choiceSettingValue']['children']) == ['fw_notify']


def test_overlay_replaces_in_place_and_appends_the_rest():
    assert ids(overlay([integer('a', 1), integer('b', 2)], [integer('c', 3), integer('a', 9)], merge=False)) == [
        'a', 'b', 'c']


def test_a_changed_secret_alone_is_no_drift_unless_always():
    existing = [secret('blob', 'token-1', 'encryptedValueToken')]
    given = [secret('blob', 'new-blob')]
    assert not plan_settings([], existing, given, 'delta').drift
    always = plan_settings([], existing, given, 'delta', update_secrets='always')
    assert always.drift and always.send == given
    # The shown policy keeps Graph's token, never the secret in clear.
    assert always.shown == existing


def test_a_write_for_another_drift_sends_the_secret_the_task_gives():
    existing = [secret('blob', 'token-1', 'encryptedValueToken'), integer('b', 1)]
    plan = plan_settings([], existing, [secret('blob', 'new-blob'), integer('b', 2)], 'delta')
    assert plan.drift and plan.send[0] == secret('blob', 'new-blob')
    assert as_held(plan.send, existing)[0] == existing[0]
