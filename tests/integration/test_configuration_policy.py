# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""intune_configuration_policy against the emulator: create once, no drift, delta and exact, PUT and PATCH,
assignments, delete, and every check mode prediction equal to the real run."""

import pytest
from graph_emulator.catalog_seed import (
    ANTIVIRUS_TEMPLATE_ID,
    BASELINE_ACTIVE_ID,
    BASELINE_SUPERSEDED_ID,
    FIREWALL_RULES_TEMPLATE_ID,
    FIREWALL_TEMPLATE_ID,
)

pytestmark = pytest.mark.every_path

MODULE = 'msgraph.intune.intune_configuration_policy'
POLICIES = 'deviceManagement/configurationPolicies'
AV = 'device_vendor_msft_policy_config_defender_'
FW = 'vendor_msft_firewall_mdmstore_domainprofile_'
RULE = 'vendor_msft_firewall_mdmstore_firewallrules_{firewallrulename}'

ANTIVIRUS_SETTINGS = [
    {'definition_id': AV + 'allowrealtimemonitoring', 'value': AV + 'allowrealtimemonitoring_1'},
    {'definition_id': AV + 'cloudblocklevel', 'value': 'High'},  # by the option's display name
    {'definition_id': AV + 'avgcpuloadfactor', 'value': 30},
    {'definition_id': AV + 'excludedextensions', 'value': ['.log', '.tmp']},
]
ANTIVIRUS_VIEW = {AV + 'allowrealtimemonitoring': AV + 'allowrealtimemonitoring_1',
                  AV + 'cloudblocklevel': AV + 'cloudblocklevel_2',
                  AV + 'avgcpuloadfactor': 30, AV + 'excludedextensions': ['.log', '.tmp']}


def antivirus(name='Corp - Defender Antivirus', **args):
    task = {'template_family': 'endpointSecurityAntivirus', 'template_name': 'Microsoft Defender Antivirus',
            'name': name, 'settings': ANTIVIRUS_SETTINGS}
    task.update(args)
    return task


def run(intune, args, **kwargs):
    return intune.run(module=MODULE, args=args, **kwargs)


def writes(graph_log):
    return [(entry['method'], entry['path']) for entry in graph_log.writes()]


def test_create_check_then_real_then_no_drift(intune, graph, graph_log):
    predicted = run(intune, antivirus(description='Managed'), check=True, diff=True)
    assert predicted.changed and predicted.result['actions'] == ['create'], predicted
    assert writes(graph_log) == [] and graph.control.policies() == []
    assert predicted.result['diff']['after']['settings'] == ANTIVIRUS_VIEW

    graph_log.clear()
    created = run(intune, antivirus(description='Managed'), diff=True)
    assert created.changed and created.result['actions'] == ['create'], created
    [(method, path)] = writes(graph_log)
    assert (method, path) == ('POST', POLICIES)
    [stored] = graph.control.policies()
    policy = created.result['policy']
    assert policy['id'] == stored['id'] and policy['name'] == 'Corp - Defender Antivirus'
    assert policy['templateReference']['templateId'] == ANTIVIRUS_TEMPLATE_ID
    assert created.result['diff']['after'] == predicted.result['diff']['after']

    graph_log.clear()
    again = run(intune, antivirus(description='Managed'))
    assert not again.changed and again.result['actions'] == [], again
    assert writes(graph_log) == []
    assert len(graph.control.policies()) == 1


@pytest.mark.parametrize('list_expand', ['all', 'refused', 'paged'])
def test_a_create_reads_nothing_back_that_the_lookup_for_a_copy_can_bring(intune, graph, graph_log, list_expand):
    # POST answers without settings; the lookup for a concurrent copy that follows brings them where Graph expands
    # them, else they are read back: the result is the same either way.
    graph.control.config(list_expand=list_expand, settings_page_size=2)
    created = run(intune, antivirus())
    assert created.changed and created.result['actions'] == ['create'], created
    [stored] = graph.control.policies()
    paths = [(entry['method'], entry['path'].replace(stored['id'], '{id}')) for entry in graph_log.graph()]
    after_create = paths[paths.index(('POST', POLICIES)) + 1:]
    expected = {'all': [('GET', POLICIES)],
                'refused': [('GET', POLICIES), ('GET', POLICIES)] + [('GET', POLICIES + '/{id}/settings')] * 2,
                'paged': [('GET', POLICIES), ('GET', POLICIES + '/{id}/settings')]}[list_expand]
    assert after_create == expected
    assert [setting['settingInstance'] for setting in created.result['policy']['settings']] == [
        setting['settingInstance'] for setting in stored['settings']]
    assert len(stored['settings']) > 2 and created.warnings == []


def test_delta_keeps_a_portal_edit_and_exact_removes_it(intune, graph, graph_log):
    run(intune, antivirus())
    [stored] = graph.control.policies()
    # A portal edit: a setting the task does not list, and a changed value of one it does.
    edited = run(intune, {'policy_id': stored['id'], 'settings': [
        {'definition_id': AV + 'avgcpuloadfactor', 'value': 80}]})
    assert edited.result['actions'] == ['put'], edited

    graph_log.clear()
    delta = run(intune, antivirus(settings=[{'definition_id': AV + 'allowrealtimemonitoring', 'value': '1'}]),
                diff=True)
    assert not delta.changed, delta
    assert writes(graph_log) == []

    exact = run(intune, antivirus(settings=ANTIVIRUS_SETTINGS[:1], settings_mode='exact'), diff=True)
    assert exact.result['actions'] == ['put'], exact
    assert exact.result['diff']['after']['settings'] == {AV + 'allowrealtimemonitoring': AV + 'allowrealtimemonitoring_1'}
    assert set(exact.result['diff']['before']['settings']) == set(ANTIVIRUS_VIEW)
    [(method, _path)] = [w for w in writes(graph_log) if w[0] != 'GET']
    assert method == 'PUT'


def test_description_alone_is_one_patch(intune, graph, graph_log):
    run(intune, antivirus())
    graph_log.clear()
    changed = run(intune, antivirus(description='New text', role_scope_tag_ids=['0', '5']))
    assert changed.result['actions'] == ['patch'], changed
    [(method, _path)] = writes(graph_log)
    assert method == 'PATCH'
    [stored] = graph.control.policies()
    assert stored['description'] == 'New text' and sorted(stored['roleScopeTagIds']) == ['0', '5']


def test_firewall_children_and_group_collection(intune, graph):
    firewall = {'template_id': FIREWALL_TEMPLATE_ID, 'name': 'Corp - Firewall', 'settings': [
        {'definition_id': FW + 'enablefirewall', 'value': 'True', 'children': [
            {'definition_id': FW + 'defaultinboundaction', 'value': 'Block'}]}]}
    first = run(intune, firewall)
    assert first.changed, first
    assert not run(intune, firewall).changed
    rules = {'template_id': FIREWALL_RULES_TEMPLATE_ID, 'name': 'Corp - Firewall rules', 'settings': [
        {'definition_id': RULE, 'value': [
            [{'definition_id': RULE + '_name', 'value': 'Web'}, {'definition_id': RULE + '_direction', 'value': 'in'},
             {'definition_id': RULE + '_action_type', 'value': 'Allow'},
             {'definition_id': RULE + '_localportranges', 'value': ['80', '443']}],
            [{'definition_id': RULE + '_name', 'value': 'Telnet'}, {'definition_id': RULE + '_direction', 'value': 'in'},
             {'definition_id': RULE + '_action_type', 'value': 'Block'}]]}]}
    created = run(intune, rules)
    assert created.changed, created
    # The groups in another order are the same set of rules.
    rules['settings'][0]['value'].reverse()
    assert not run(intune, rules).changed


@pytest.mark.parametrize('setting, field, fragment', [
    ({'definition_id': AV + 'avgcpuloadfactor', 'value': 101}, 'settings[0].value', 'out of range'),
    ({'definition_id': AV + 'cloudblocklevel', 'value': 'Extreme'}, 'settings[0].value', 'is not an option'),
    ({'definition_id': AV + 'nosuchsetting', 'value': 1}, 'settings[0].definition_id', 'is not a setting of'),
])
def test_bad_values_fail_before_any_write_naming_field_and_definition(intune, graph_log, setting, field, fragment):
    failed = run(intune, antivirus(settings=[setting]))
    assert failed.failed, failed
    assert failed.result['field'] == field and failed.result['definition_id'] == setting['definition_id']
    assert fragment in failed.result['msg']
    assert writes(graph_log) == []


def test_required_child_of_a_group_is_checked(intune, graph_log):
    failed = run(intune, {'template_id': FIREWALL_RULES_TEMPLATE_ID, 'name': 'Rules', 'settings': [
        {'definition_id': RULE, 'value': [[{'definition_id': RULE + '_name', 'value': 'x'}]]}]})
    assert failed.failed and failed.result['definition_id'] == RULE, failed
    assert 'needs the settings' in failed.result['msg'] and RULE + '_direction' in failed.result['msg']
    assert writes(graph_log) == []


def test_assignments_and_delete(intune, graph, graph_log):
    created = run(intune, antivirus(assignments=[{'all_devices': True}]))
    assert created.result['actions'] == ['create', 'assign'], created
    assert not run(intune, antivirus(assignments=[{'all_devices': True}])).changed
    predicted = run(intune, antivirus(state='absent'), check=True)
    assert predicted.result['actions'] == ['delete'] and len(graph.control.policies()) == 1
    deleted = run(intune, antivirus(state='absent'))
    assert deleted.result['actions'] == ['delete'] and graph.control.policies() == []
    assert not run(intune, antivirus(state='absent')).changed


def test_newest_active_version_and_an_older_policy_managed_where_it_is(intune, graph):
    baseline = {'template_family': 'baseline', 'template_name': 'Security Baseline for Windows 10 and later',
                'name': 'Corp - Baseline', 'settings': []}
    created = run(intune, baseline)
    assert created.result['policy']['templateReference']['templateId'] == BASELINE_ACTIVE_ID, created
    graph.control.seed_policy('Corp - Old baseline', technologies='mdm', template_id=BASELINE_SUPERSEDED_ID)
    old = run(intune, dict(baseline, name='Corp - Old baseline', description='kept'))
    assert old.result['actions'] == ['patch'], old
    assert old.result['policy']['templateReference']['templateId'] == BASELINE_SUPERSEDED_ID
    assert any('is managed where it is' in w for w in old.result.get('warnings', [])), old
    assert len([p for p in graph.control.policies() if p['name'] == 'Corp - Old baseline']) == 1


def test_a_lost_create_answer_creates_one_policy(intune, graph):
    graph.control.add_fault(POLICIES + '$', method='POST', action='commit_then_drop')
    created = run(intune, antivirus())
    assert created.changed and created.result['actions'] == ['create'], created
    assert len(graph.control.policies()) == 1


ATP = 'device_vendor_msft_windowsadvancedthreatprotection_'
ONBOARDING_BLOB = 'ONBOARDING-BLOB-%s-do-not-print' % ('x' * 40)


def edr(blob=ONBOARDING_BLOB, **args):
    task = {'template_family': 'endpointSecurityEndpointDetectionAndResponse', 'name': 'Corp - EDR', 'settings': [
        {'definition_id': ATP + 'configurationtype', 'value': ATP + 'configurationtype_onboard', 'children': [
            {'definition_id': ATP + 'onboarding', 'value': blob}]}]}
    task.update(args)
    return task


def test_a_secret_setting_is_sent_once_and_never_shown(intune, graph, graph_log):
    created = run(intune, edr(), verbosity=4, diff=True)
    assert created.changed, created
    [create] = [entry for entry in graph_log.writes() if entry['method'] == 'POST']
    assert ONBOARDING_BLOB in str(create['body'])  # sent to Graph in clear, as Graph wants it
    for text in (created.stdout, created.stderr, str(created.result)):
        assert ONBOARDING_BLOB not in text
    assert created.result['diff']['after']['settings'][ATP + 'configurationtype']['children'][ATP + 'onboarding'] \
        == '********'
    # Graph never gives the secret back, so it compares by presence: a rerun changes nothing.
    graph_log.clear()
    again = run(intune, edr(), verbosity=4, diff=True)
    assert not again.changed and graph_log.writes() == [], again
    assert ONBOARDING_BLOB not in again.stdout + again.stderr + str(again.result)
    # A change beside it sends the stored secret back as Graph's token: the secret is kept.
    changed = run(intune, edr(settings_mode='delta', settings=[
        {'definition_id': ATP + 'configuration_samplesharing', 'value': 'None'}]))
    assert changed.result['actions'] == ['put'], changed
    [stored] = graph.control.policies()
    assert ONBOARDING_BLOB in str(stored)


def test_a_bad_secret_fails_without_showing_it(intune, graph_log):
    failed = run(intune, edr(blob='x' * 175033), verbosity=4)
    assert failed.failed and failed.result['definition_id'] == ATP + 'onboarding', failed
    assert 'x' * 100 not in failed.stdout + failed.stderr + str(failed.result)
    assert graph_log.writes() == []


def test_throttled_create_waits_for_retry_after_and_creates_once(intune, graph):
    graph.control.add_fault(POLICIES + '$', method='POST', status=429, headers={'Retry-After': '2'})
    created = run(intune, antivirus())
    assert created.changed and created.result['actions'] == ['create'], created
    assert len(graph.control.policies()) == 1
    posts = [entry for entry in graph.control.requests('graph') if entry['method'] == 'POST']
    assert len(posts) == 2


def test_export_round_trip_changes_nothing(intune, graph):
    excluded = {'group_id': '5d2a1c0f-9b3e-4f60-a7d8-e9f0a1b2c3d4', 'mode': 'exclude'}
    run(intune, antivirus(assignments=[{'all_devices': True}, excluded]))
    run(intune, edr())
    exported = intune.run(module='msgraph.intune.intune_configuration_policy_info',
                          args={'include_assignments': True})
    assert not exported.failed, exported
    policies = exported.result['policies']
    assert sorted(p['name'] for p in policies) == ['Corp - Defender Antivirus', 'Corp - EDR']
    assert ONBOARDING_BLOB not in str(exported.result)
    again = intune.run(module=MODULE, args='{{ item.policy_args }}',
                       task={'loop': policies, 'loop_control': {'label': '{{ item.name }}'}})
    assert not again.failed and not again.changed, again


def test_template_info_summarises_settings_as_the_module_takes_them(intune):
    listed = intune.run(module='msgraph.intune.intune_configuration_policy_template_info',
                        args={'template_family': 'baseline', 'include_deprecated': True, 'include_settings': False})
    assert [(t['version'], t['lifecycleState']) for t in listed.result['templates']] == [
        (4, 'active'), (3, 'superseded'), (1, 'deprecated')], listed
    firewall = intune.run(module='msgraph.intune.intune_configuration_policy_template_info',
                          args={'template_id': FIREWALL_TEMPLATE_ID})
    [template] = firewall.result['templates']
    enable = next(s for s in template['settings'] if s['definition_id'] == FW + 'enablefirewall')
    assert enable['kind'] == 'choice'
    true_option = next(o for o in enable['options'] if o['id'] == FW + 'enablefirewall_true')
    assert FW + 'defaultinboundaction' in [child['definition_id'] for child in true_option['children']]


def test_delta_keeps_the_children_a_task_does_not_list(intune, graph):
    firewall = {'template_id': FIREWALL_TEMPLATE_ID, 'name': 'Corp - Firewall', 'settings': [
        {'definition_id': FW + 'enablefirewall', 'value': True, 'children': [  # a YAML boolean names option "true"
            {'definition_id': FW + 'defaultinboundaction', 'value': 'Block'}]}]}
    run(intune, firewall)
    firewall['settings'][0]['children'] = [{'definition_id': FW + 'disableinboundnotifications', 'value': 'True'}]
    merged = run(intune, firewall, diff=True)
    assert merged.result['actions'] == ['put'], merged
    children = merged.result['diff']['after']['settings'][FW + 'enablefirewall']['children']
    assert children == {FW + 'defaultinboundaction': FW + 'defaultinboundaction_1',
                        FW + 'disableinboundnotifications': FW + 'disableinboundnotifications_true'}
    assert not run(intune, firewall).changed


def test_a_baseline_gets_its_recommended_values_under_the_listed_ones(intune, graph):
    created = run(intune, {'template_family': 'baseline', 'template_name': 'Security Baseline for Windows 10 and later',
                           'name': 'Corp - Baseline', 'settings': [{'definition_id': AV + 'avgcpuloadfactor', 'value': 30}]},
                  diff=True)
    assert created.result['diff']['after']['settings'] == {
        AV + 'allowrealtimemonitoring': AV + 'allowrealtimemonitoring_1', AV + 'cloudblocklevel': AV + 'cloudblocklevel_4',
        AV + 'avgcpuloadfactor': 30}, created


def test_a_superseded_version_is_refused_for_a_create_before_any_write(intune, graph_log):
    refused = run(intune, {'template_family': 'baseline', 'template_name': 'Security Baseline for Windows 10 and later',
                           'template_version': '3', 'name': 'Corp - Baseline'})
    assert refused.failed and 'is superseded' in refused.result['msg'], refused
    assert graph_log.writes() == []


def test_update_secrets_always_rotates_the_secret(intune, graph):
    run(intune, edr())
    rotated = 'ROTATED-%s' % ONBOARDING_BLOB
    quiet = run(intune, edr(blob=rotated))
    assert not quiet.changed, quiet
    assert rotated not in str(graph.control.policies())
    forced = run(intune, edr(blob=rotated, update_secrets='always'))
    assert forced.result['actions'] == ['put'], forced
    assert rotated in str(graph.control.policies())
    assert rotated not in forced.stdout + forced.stderr + str(forced.result)
