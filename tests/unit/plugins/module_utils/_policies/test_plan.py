# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Planning a configuration policy task: which policy, which template, what would change; reads only."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import pytest

from ansible_collections.msgraph.intune.plugins.module_utils._assignments.targets import ALL_DEVICES_TARGET
from ansible_collections.msgraph.intune.plugins.module_utils._cache import GraphCache
from ansible_collections.msgraph.intune.plugins.module_utils._errors import InputError, TaskError
from ansible_collections.msgraph.intune.plugins.module_utils._policies.plan import describe_policy_result
from ansible_collections.msgraph.intune.tests.unit.utils.policy_data import (
    ANTIVIRUS,
    BASELINE_1,
    BASELINE_2,
    CPU,
    EXTENSIONS,
    FIREWALL,
    PASSWORD_MANAGER,
    PROXY_PASSWORD,
    REALTIME,
    UNKNOWN_TEMPLATE,
    choice,
    existing_policy,
    integer,
    plan_for,
    string,
    strings,
)
from ansible_collections.msgraph.intune.tests.unit.utils.policy_graph import encrypted

POLICIES = 'deviceManagement/configurationPolicies'
TEMPLATES = 'deviceManagement/configurationPolicyTemplates'
SETTING = '#microsoft.graph.deviceManagementConfigurationSetting'
BASELINE_NAME = 'Security Baseline for Windows 10 and later'
MISSING = '0f0f0f0f-0000-4000-8000-000000000000'
ALLOW = {'definition_id': REALTIME, 'value': 'Allowed'}


def entries(*instances):
    return [{'@odata.type': SETTING, 'settingInstance': instance} for instance in instances]


def numbered(*instances):
    return [{'id': str(index), 'settingInstance': instance} for index, instance in enumerate(instances)]


def reads_of_an_update(policy_id, template_id=ANTIVIRUS, name='Corp - Antivirus'):
    # The template named by the task is the policy's own: it is read once, not again by the policy's templateId.
    return [('GET', '%s/%s' % (TEMPLATES, template_id), None),
            ('GET', POLICIES, {'$filter': "name eq '%s'" % name}),
            ('GET', '%s/%s/settingTemplates' % (TEMPLATES, template_id), {'$expand': 'settingDefinitions'}),
            ('GET', '%s/%s/settings' % (POLICIES, policy_id), None)]


# --- create --------------------------------------------------------------------------------------------------------


def test_create_body_prediction_and_diff(graph):
    plan = plan_for(graph, description='Managed', role_scope_tag_ids=['0', '5'],
                    settings=[ALLOW, {'definition_id': CPU, 'value': '20'}])
    assert plan.actions == ['create'] and plan.changed and plan.policy is None
    assert plan.create_body == {
        'name': 'Corp - Antivirus', 'description': 'Managed', 'platforms': 'windows10',
        'technologies': 'mdm,microsoftSense', 'roleScopeTagIds': ['0', '5'], 'templateReference': {'templateId': ANTIVIRUS},
        'settings': entries(choice(REALTIME, '1'), integer(CPU, 20)),
    }
    assert plan.predicted_policy == dict(
        plan.create_body, isAssigned=False, settingCount=2, settings=numbered(choice(REALTIME, '1'), integer(CPU, 20)),
        templateReference={'templateId': ANTIVIRUS, 'templateFamily': 'endpointSecurityAntivirus',
                           'templateDisplayName': 'Microsoft Defender Antivirus', 'templateDisplayVersion': 'Version 1'})
    assert plan.before == {}
    assert plan.after == {'name': 'Corp - Antivirus', 'description': 'Managed', 'roleScopeTagIds': ['0', '5'],
                          'templateId': ANTIVIRUS, 'settings': {REALTIME: REALTIME + '_1', CPU: 20}}
    assert graph.calls == [('GET', '%s/%s' % (TEMPLATES, ANTIVIRUS), None),
                           ('GET', POLICIES, {'$filter': "name eq 'Corp - Antivirus'"}),
                           ('GET', '%s/%s/settingTemplates' % (TEMPLATES, ANTIVIRUS), {'$expand': 'settingDefinitions'})]
    assert plan.warnings == []


def test_a_create_gets_the_default_scope_tag_and_an_empty_description(graph):
    plan = plan_for(graph, settings=[ALLOW], role_scope_tag_ids=[])
    assert plan.create_body['roleScopeTagIds'] == ['0'] and plan.create_body['description'] == ''


def test_a_create_without_a_required_setting_is_refused(graph):
    with pytest.raises(InputError) as raised:
        plan_for(graph, settings=[{'definition_id': CPU, 'value': 20}])
    assert raised.value.field == 'settings'
    assert raised.value.message == 'template %s requires the settings %s' % (ANTIVIRUS, REALTIME)


def test_exact_mode_without_a_required_setting_is_refused_before_the_put(graph):
    existing_policy(graph)
    with pytest.raises(InputError) as raised:
        plan_for(graph, settings_mode='exact', settings=[{'definition_id': CPU, 'value': 20}])
    assert raised.value.message == 'template %s requires the settings %s' % (ANTIVIRUS, REALTIME)
    assert graph.writes() == []


def test_a_bad_setting_is_refused_before_any_write(graph):
    with pytest.raises(InputError) as raised:
        plan_for(graph, settings=[ALLOW, {'definition_id': CPU, 'value': 101}])
    assert (raised.value.field, raised.value.definition_id) == ('settings[1].value', CPU)
    assert graph.writes() == []


def test_a_closed_template_is_refused_for_a_create(graph):
    with pytest.raises(TaskError) as raised:
        plan_for(graph, template_id=FIREWALL, name='Corp - Firewall')
    assert str(raised.value) == (
        "template 'Windows Firewall Rules (legacy)' (Version 1, deprecated, %s) is deprecated: Intune creates new "
        "policies from the active version of a template only. Leave template_version out for the newest version; "
        "nothing was changed" % FIREWALL)
    assert [call[1] for call in graph.calls] == ['%s/%s' % (TEMPLATES, FIREWALL), POLICIES]


def test_create_on_the_newest_version_named_by_name(graph):
    plan = plan_for(graph, template_id=None, template_name=BASELINE_NAME, name='Corp - Baseline',
                    settings=[{'definition_id': PASSWORD_MANAGER, 'value': 'Block'}])
    assert plan.template['id'] == BASELINE_2
    assert plan.create_body['templateReference'] == {'templateId': BASELINE_2}
    assert plan.create_body['technologies'] == 'mdm'


# --- update: PUT, PATCH, nothing -------------------------------------------------------------------------------------


def test_delta_replaces_the_listed_setting_in_place_and_keeps_the_others(graph):
    policy = existing_policy(graph)
    plan = plan_for(graph, settings=[{'definition_id': CPU, 'value': 40}, {'definition_id': PROXY_PASSWORD, 'value': 'pw'}])
    assert plan.actions == ['put'] and plan.patch_body == {}
    assert plan.put_body == {
        'name': 'Corp - Antivirus', 'description': 'Managed', 'platforms': 'windows10',
        'technologies': 'mdm,microsoftSense', 'roleScopeTagIds': ['0'], 'templateReference': {'templateId': ANTIVIRUS},
        'settings': entries(choice(REALTIME, '1'), integer(CPU, 40), strings(EXTENSIONS, ['.log', '.tmp']),
                            string(PROXY_PASSWORD, 'pw', top_level=True, secret=True)),
    }
    assert plan.before['settings'] == {REALTIME: REALTIME + '_1', CPU: 30, EXTENSIONS: ['.log', '.tmp']}
    assert plan.after['settings'] == {REALTIME: REALTIME + '_1', CPU: 40, EXTENSIONS: ['.log', '.tmp'],
                                      PROXY_PASSWORD: '********'}
    assert plan.predicted_policy['settingCount'] == 4 and plan.predicted_policy['id'] == policy['id']
    assert graph.calls == reads_of_an_update(policy['id'])


def test_exact_removes_the_settings_not_listed(graph):
    policy = existing_policy(graph)
    plan = plan_for(graph, settings_mode='exact', settings=[{'definition_id': CPU, 'value': 30}, ALLOW])
    assert plan.actions == ['put']
    assert plan.put_body['settings'] == entries(integer(CPU, 30), choice(REALTIME, '1'))
    assert plan.after['settings'] == {REALTIME: REALTIME + '_1', CPU: 30}
    assert plan.predicted_policy['settings'] == numbered(integer(CPU, 30), choice(REALTIME, '1'))
    assert graph.calls == reads_of_an_update(policy['id'])


def test_exact_with_the_same_settings_in_another_order_changes_nothing(graph):
    existing_policy(graph)
    plan = plan_for(graph, settings_mode='exact', settings=[
        {'definition_id': EXTENSIONS, 'value': ['.tmp', '.log']}, {'definition_id': CPU, 'value': '30'}, ALLOW])
    assert plan.actions == [] and not plan.changed and plan.put_body is None


def test_a_put_carries_the_name_and_description_changes(graph):
    policy = existing_policy(graph)
    plan = plan_for(graph, policy_id=policy['id'], template_id=None, name='Corp - AV', description='New',
                    role_scope_tag_ids=['5'], settings=[{'definition_id': CPU, 'value': 35}])
    assert plan.actions == ['put'] and plan.patch_body == {}
    assert (plan.put_body['name'], plan.put_body['description'], plan.put_body['roleScopeTagIds']) == ('Corp - AV', 'New', ['5'])
    assert plan.after == {'name': 'Corp - AV', 'description': 'New', 'roleScopeTagIds': ['5'], 'templateId': ANTIVIRUS,
                          'settings': {REALTIME: REALTIME + '_1', CPU: 35, EXTENSIONS: ['.log', '.tmp']}}
    assert plan.before['name'] == 'Corp - Antivirus' and plan.before['roleScopeTagIds'] == ['0']
    assert graph.calls == [('GET', '%s/%s' % (POLICIES, policy['id']), None),
                           ('GET', '%s/%s' % (TEMPLATES, ANTIVIRUS), None),
                           ('GET', '%s/%s/settingTemplates' % (TEMPLATES, ANTIVIRUS), {'$expand': 'settingDefinitions'}),
                           ('GET', '%s/%s/settings' % (POLICIES, policy['id']), None)]


def test_only_metadata_changes_are_one_patch(graph):
    policy = existing_policy(graph)
    plan = plan_for(graph, description='Now managed elsewhere', role_scope_tag_ids=['5', '0'],
                    settings=[{'definition_id': CPU, 'value': 30}])
    assert plan.actions == ['patch'] and plan.put_body is None
    assert plan.patch_body == {'description': 'Now managed elsewhere', 'roleScopeTagIds': ['5', '0']}
    assert plan.after['roleScopeTagIds'] == ['0', '5'] and plan.after['settings'] == plan.before['settings']
    assert graph.calls == reads_of_an_update(policy['id'])


def test_scope_tags_in_another_order_and_an_empty_description_are_no_change(graph):
    existing_policy(graph, role_scope_tag_ids=['5', '0'], description=None)
    plan = plan_for(graph, role_scope_tag_ids=['0', '5'], description='')
    assert plan.actions == []


@pytest.mark.parametrize('cached', [False, True])
def test_no_drift_means_no_writes_and_only_these_reads(graph, cached):
    policy = existing_policy(graph)
    if cached:
        graph.cache = GraphCache('https://127.0.0.1:8444/beta')
    plan = plan_for(graph, description='Managed', role_scope_tag_ids=['0'],
                    settings=[{'definition_id': REALTIME, 'value': 'allowed'}, {'definition_id': CPU, 'value': '30'},
                              {'definition_id': EXTENSIONS, 'value': ['.log', '.tmp']}])
    assert plan.actions == [] and not plan.changed and plan.warnings == []
    assert plan.put_body is None and plan.patch_body == {} and plan.create_body is None
    # With a cache as without: each template read once (it is the policy's own, so not read again by its id).
    assert graph.calls == reads_of_an_update(policy['id'])
    assert plan.before == plan.after
    assert plan.predicted_policy == dict(policy, settings=numbered(choice(REALTIME, '1'), integer(CPU, 30),
                                                                   strings(EXTENSIONS, ['.log', '.tmp'])))


def test_no_drift_in_another_order_shows_no_difference(graph):
    # Found as a bug: the diff showed the task's order and the result settings Graph did not hold.
    policy = existing_policy(graph)
    plan = plan_for(graph, settings=[{'definition_id': EXTENSIONS, 'value': ['.tmp', '.log']}])
    assert plan.actions == []
    assert plan.after == plan.before
    assert plan.predicted_policy['settings'] == [
        {'id': entry['id'], 'settingInstance': entry['settingInstance']} for entry in
        graph.get_all('%s/%s/settings' % (POLICIES, policy['id']))]


def test_without_the_settings_option_the_settings_are_left_alone(graph):
    existing_policy(graph)
    plan = plan_for(graph, settings_mode='exact')
    assert plan.actions == []


def add_stored_secret(graph, policy):
    graph.policy_settings[policy['id']].append(encrypted(string(PROXY_PASSWORD, 'old', top_level=True, secret=True)))


def test_a_secret_given_again_is_no_drift(graph):
    add_stored_secret(graph, existing_policy(graph))
    plan = plan_for(graph, settings=[{'definition_id': PROXY_PASSWORD, 'value': 'new-S3cret'}])
    # Graph never returns a secret in clear: it compares by presence, so a changed secret alone is not written.
    assert plan.actions == [] and plan.put_body is None
    assert plan.after['settings'][PROXY_PASSWORD] == '********'


def test_a_run_without_change_does_not_return_the_secret(graph):
    # Found as a bug: a run without change returned the task's secret in clear in its policy result.
    add_stored_secret(graph, existing_policy(graph))
    plan = plan_for(graph, settings=[{'definition_id': PROXY_PASSWORD, 'value': 'new-S3cret'}])
    assert plan.actions == []
    assert 'new-S3cret' not in str(plan.predicted_policy)


# --- which policy, which template -------------------------------------------------------------------------------------


def test_a_policy_on_an_older_version_is_managed_where_it_is_with_a_warning(graph):
    policy = graph.add_policy('Corp - Baseline', BASELINE_1, settings=[choice(PASSWORD_MANAGER, '0')])
    plan = plan_for(graph, template_id=None, template_name=BASELINE_NAME, name='Corp - Baseline',
                    settings=[{'definition_id': PASSWORD_MANAGER, 'value': 'Allow'}])
    assert plan.template['id'] == BASELINE_1 and plan.policy['id'] == policy['id']
    assert plan.actions == ['put'] and plan.put_body['templateReference'] == {'templateId': BASELINE_1}
    assert plan.warnings == [
        "policy %s ('Corp - Baseline') is on '%s' (Version 1, superseded, %s), not on '%s' (Version 2, active, %s) that "
        "the task names; it is managed where it is, with the settings of its own version. To move it, create a policy "
        "from the new version and delete this one" % (policy['id'], BASELINE_NAME, BASELINE_1, BASELINE_NAME, BASELINE_2)]
    assert ('GET', '%s/%s/settingTemplates' % (TEMPLATES, BASELINE_1), {'$expand': 'settingDefinitions'}) in graph.calls


def test_a_policy_on_a_deprecated_template_is_managed_with_a_warning(graph):
    policy = graph.add_policy('Corp - Firewall', FIREWALL)
    plan = plan_for(graph, template_id=FIREWALL, name='Corp - Firewall', description='d')
    assert plan.actions == ['patch']
    assert plan.warnings == [
        "policy %s ('Corp - Firewall'): template 'Windows Firewall Rules (legacy)' (Version 1, deprecated, %s) is "
        "deprecated: Intune creates no new policies from it; move the policy to a current version of the template"
        % (policy['id'], FIREWALL)]


def test_duplicate_names_are_an_error(graph):
    first = existing_policy(graph)
    second = graph.add_policy('Corp - Antivirus', ANTIVIRUS)
    graph.add_policy('Corp - Antivirus', BASELINE_2)    # another template: not a duplicate
    with pytest.raises(TaskError) as raised:
        plan_for(graph)
    assert str(raised.value).startswith("2 configuration policies have the name 'Corp - Antivirus': %s (template %s), "
                                        "%s (template %s). Give policy_id" % (first['id'], ANTIVIRUS, second['id'], ANTIVIRUS))
    assert graph.writes() == []


def test_policy_id_picks_one_of_the_duplicates(graph):
    existing_policy(graph)
    second = graph.add_policy('Corp - Antivirus', ANTIVIRUS)
    plan = plan_for(graph, policy_id=second['id'], state='absent')
    assert plan.actions == ['delete'] and plan.policy['id'] == second['id']


def test_policy_id_that_does_not_exist(graph):
    with pytest.raises(TaskError) as raised:
        plan_for(graph, policy_id=MISSING, template_id=None, name=None)
    assert str(raised.value) == ('no configuration policy has the id %s (policy_id); to create a policy, give name and '
                                 'the template instead; nothing was changed' % MISSING)
    plan = plan_for(graph, policy_id=MISSING, template_id=None, name=None, state='absent')
    assert plan.actions == [] and plan.before == {} and plan.after == {}
    assert graph.writes() == []


def test_policy_id_on_another_template_than_the_named_one(graph):
    policy = existing_policy(graph)
    with pytest.raises(InputError) as raised:
        plan_for(graph, policy_id=policy['id'], template_id=BASELINE_2)
    assert raised.value.field == 'template_id'
    assert raised.value.message == (
        "policy %s ('Corp - Antivirus') was created from template %s, not from '%s' (Version 2, active, %s); nothing "
        "was changed" % (policy['id'], ANTIVIRUS, BASELINE_NAME, BASELINE_2))


def test_a_template_mismatch_named_by_family_names_template_family(graph):
    # Found as a bug: the field was template_name, an option the task had not given.
    policy = existing_policy(graph)
    with pytest.raises(InputError) as raised:
        plan_for(graph, policy_id=policy['id'], template_id=None, template_family='baseline')
    assert raised.value.field == 'template_family'


def test_a_policy_without_a_readable_template(graph):
    policy = graph.add_policy('Imported', UNKNOWN_TEMPLATE)
    with pytest.raises(TaskError) as raised:
        plan_for(graph, policy_id=policy['id'], template_id=None, name=None)
    assert str(raised.value) == ("policy %s ('Imported') was not created from a template this collection can read "
                                 "(templateReference '%s'); nothing was changed" % (policy['id'], UNKNOWN_TEMPLATE))


def test_absent_plans_the_delete_with_the_before_view(graph):
    policy = existing_policy(graph)
    plan = plan_for(graph, state='absent')
    assert plan.actions == ['delete'] and plan.after == {}
    assert plan.before == {'name': 'Corp - Antivirus', 'description': 'Managed', 'roleScopeTagIds': ['0'],
                           'templateId': ANTIVIRUS, 'settings': {REALTIME: REALTIME + '_1', CPU: 30,
                                                                 EXTENSIONS: ['.log', '.tmp']}}
    # No setting template is read for a delete.
    assert [call[1] for call in graph.calls] == ['%s/%s' % (TEMPLATES, ANTIVIRUS), POLICIES,
                                                 '%s/%s/settings' % (POLICIES, policy['id'])]


def test_absent_of_a_policy_that_is_not_there_is_no_change(graph):
    plan = plan_for(graph, state='absent')
    assert plan.actions == [] and plan.before == {}


def test_absent_on_a_deprecated_template_is_allowed(graph):
    graph.add_policy('Corp - Firewall', FIREWALL)
    assert plan_for(graph, template_id=FIREWALL, name='Corp - Firewall', state='absent').actions == ['delete']
    assert plan_for(graph, template_id=FIREWALL, name='Other', state='absent').actions == []


# --- assignments ----------------------------------------------------------------------------------------------------


def test_a_create_with_assignments_plans_the_assign(graph):
    plan = plan_for(graph, settings=[ALLOW], assignments=[{'all_devices': True}])
    assert plan.actions == ['create', 'assign']
    assert plan.assign_body == {'assignments': [{'target': {
        '@odata.type': ALL_DEVICES_TARGET, 'deviceAndAppManagementAssignmentFilterId': None,
        'deviceAndAppManagementAssignmentFilterType': 'none'}}]}
    assert plan.predicted_policy['isAssigned'] is True
    assert plan.after['assignments'] == [{'all_devices': True}]


def test_the_same_assignments_are_no_change(graph):
    policy = existing_policy(graph)
    graph.policy_assignments[policy['id']] = [{'id': 'a1', 'target': {
        '@odata.type': ALL_DEVICES_TARGET, 'deviceAndAppManagementAssignmentFilterId': None,
        'deviceAndAppManagementAssignmentFilterType': 'none'}}]
    plan = plan_for(graph, assignments=[{'all_devices': True}])
    assert plan.actions == [] and plan.before['assignments'] == plan.after['assignments'] == [{'all_devices': True}]
    assert ('GET', '%s/%s/assignments' % (POLICIES, policy['id']), None) in graph.calls


def test_describe_policy_result(graph):
    plan = plan_for(graph, settings=[ALLOW])
    assert describe_policy_result(plan, {}) == {}
    result = dict(plan.predicted_policy, assignments=[])
    assert describe_policy_result(plan, result) == dict(plan.after, assignments=[])
