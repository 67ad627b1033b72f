# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Configuration policy templates: reading them and choosing the one a task names."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import pytest

from ansible_collections.msgraph.intune.plugins.module_utils._errors import GraphError, InputError, TaskError
from ansible_collections.msgraph.intune.plugins.module_utils._policies.inputs import parse_policy_inputs
from ansible_collections.msgraph.intune.plugins.module_utils._policies.templates import (
    base_id,
    choose_policy_template,
    describe_policy_template,
    get_policy_template,
    lifecycle_warning,
    list_policy_templates,
    setting_templates,
)
from ansible_collections.msgraph.intune.tests.unit.utils.fake_graph import graph_error
from ansible_collections.msgraph.intune.tests.unit.utils.policy_data import (
    ANTIVIRUS,
    ANTIVIRUS_BASE,
    ANTIVIRUS_SETTINGS,
    BASELINE_1,
    BASELINE_2,
    BASELINE_BASE,
    FIREWALL,
    MAC_ANTIVIRUS,
    UNKNOWN_TEMPLATE,
    params,
    template,
)

TEMPLATES_PATH = 'deviceManagement/configurationPolicyTemplates'
BASELINE_NAME = 'Security Baseline for Windows 10 and later'


def choose(graph, **options):
    options.setdefault('template_id', None)
    return choose_policy_template(graph, parse_policy_inputs(params(**options)))


def test_base_id():
    assert base_id(ANTIVIRUS) == ANTIVIRUS_BASE
    assert base_id('a_b_12') == 'a_b'
    assert base_id('no-version') == 'no-version'


def test_get_by_id_and_absent(graph):
    assert get_policy_template(graph, ANTIVIRUS)['displayName'] == 'Microsoft Defender Antivirus'
    assert get_policy_template(graph, UNKNOWN_TEMPLATE) is None
    assert graph.calls == [('GET', '%s/%s' % (TEMPLATES_PATH, ANTIVIRUS), None),
                           ('GET', '%s/%s' % (TEMPLATES_PATH, UNKNOWN_TEMPLATE), None)]


def test_another_error_than_404_is_raised(graph):
    graph.fail('GET', ANTIVIRUS, graph_error(403, code='Forbidden'))
    with pytest.raises(GraphError):
        get_policy_template(graph, ANTIVIRUS)


def test_list_by_family_uses_the_filter(graph):
    listed = list_policy_templates(graph, 'baseline')
    assert [t['id'] for t in listed] == [BASELINE_1, BASELINE_2]
    assert graph.calls == [('GET', TEMPLATES_PATH, {'$filter': "templateFamily eq 'baseline'"})]


def test_list_without_family_lists_every_template(graph):
    assert len(list_policy_templates(graph)) == 5
    assert graph.calls == [('GET', TEMPLATES_PATH, None)]


def test_a_refused_family_filter_lists_all_and_keeps_the_family(graph):
    graph.fail('GET', TEMPLATES_PATH, graph_error(400, message='filter not supported'))
    assert [t['id'] for t in list_policy_templates(graph, 'endpointSecurityAntivirus')] == [ANTIVIRUS, MAC_ANTIVIRUS]
    assert graph.calls == [('GET', TEMPLATES_PATH, {'$filter': "templateFamily eq 'endpointSecurityAntivirus'"}),
                           ('GET', TEMPLATES_PATH, None)]


def test_describe_and_lifecycle_warning(graph):
    assert describe_policy_template(graph.policy_templates[ANTIVIRUS]) == (
        "'Microsoft Defender Antivirus' (Version 1, active, %s)" % ANTIVIRUS)
    assert describe_policy_template({'displayName': 'X', 'version': 3, 'lifecycleState': 'draft', 'id': 'x_3'}) == (
        "'X' (version 3, draft, x_3)")
    assert lifecycle_warning(graph.policy_templates[FIREWALL]) == (
        "template 'Windows Firewall Rules (legacy)' (Version 1, deprecated, %s) is deprecated: Intune creates no new "
        "policies from it; move the policy to a current version of the template" % FIREWALL)
    assert lifecycle_warning(graph.policy_templates[BASELINE_1]) is None
    assert lifecycle_warning(graph.policy_templates[ANTIVIRUS]) is None


def test_setting_templates_are_read_with_their_definitions(graph):
    assert setting_templates(graph, ANTIVIRUS) == ANTIVIRUS_SETTINGS
    assert graph.calls == [('GET', '%s/%s/settingTemplates' % (TEMPLATES_PATH, ANTIVIRUS),
                            {'$expand': 'settingDefinitions'})]


def test_choose_by_id(graph):
    assert choose(graph, template_id=ANTIVIRUS)['id'] == ANTIVIRUS
    assert graph.calls == [('GET', '%s/%s' % (TEMPLATES_PATH, ANTIVIRUS), None)]


def test_choose_by_an_unknown_id(graph):
    with pytest.raises(InputError) as raised:
        choose(graph, template_id=UNKNOWN_TEMPLATE)
    assert raised.value.field == 'template_id'
    assert "no configuration policy template has the id '%s'" % UNKNOWN_TEMPLATE in raised.value.message


def test_choose_by_name_takes_the_newest_usable_version(graph):
    assert choose(graph, template_name=BASELINE_NAME.upper())['id'] == BASELINE_2
    assert graph.calls == [('GET', TEMPLATES_PATH, None)]
    assert choose(graph, template_family='baseline')['id'] == BASELINE_2


def test_a_draft_version_is_passed_over(graph):
    graph.add_policy_template(template(BASELINE_BASE + '_3', BASELINE_NAME, 'baseline', version=3, state='draft'))
    assert choose(graph, template_family='baseline', template_name=BASELINE_NAME)['id'] == BASELINE_2


@pytest.mark.parametrize('version', ['1', 'Version 1', ' version 1 '])
def test_choose_a_version_by_number_or_display_version(graph, version):
    assert choose(graph, template_name=BASELINE_NAME, template_version=version)['id'] == BASELINE_1


def test_an_unknown_version(graph):
    with pytest.raises(InputError) as raised:
        choose(graph, template_name=BASELINE_NAME, template_version='3')
    assert raised.value.field == 'template_version'
    assert raised.value.message == (
        "template '%s' has no version '3'; it has '%s' (Version 1, superseded, %s), '%s' (Version 2, active, %s)"
        % (BASELINE_NAME, BASELINE_NAME, BASELINE_1, BASELINE_NAME, BASELINE_2))


def test_one_name_on_two_platforms_needs_the_platform(graph):
    with pytest.raises(InputError) as raised:
        choose(graph, template_family='endpointSecurityAntivirus', template_name='Microsoft Defender Antivirus')
    assert raised.value.field == 'template_name'
    assert raised.value.message.startswith(
        "2 different templates match name 'Microsoft Defender Antivirus' and family 'endpointSecurityAntivirus': ")
    assert raised.value.message.endswith('. Give template_platform or template_id')
    assert ANTIVIRUS in raised.value.message and MAC_ANTIVIRUS in raised.value.message
    assert choose(graph, template_name='Microsoft Defender Antivirus', template_platform='Windows10')['id'] == ANTIVIRUS
    assert choose(graph, template_name='Microsoft Defender Antivirus', template_platform='macos')['id'] == MAC_ANTIVIRUS


def test_no_template_with_the_name_names_close_ones(graph):
    with pytest.raises(InputError) as raised:
        choose(graph, template_name='Microsoft Defender Antivirs')
    assert raised.value.field == 'template_name'
    assert raised.value.message == ("no configuration policy template matches name 'Microsoft Defender Antivirs'; "
                                    "close names: 'Microsoft Defender Antivirus'")


def test_no_template_of_the_family(graph):
    with pytest.raises(InputError) as raised:
        choose(graph, template_family='endpointSecurityDiskEncryption')
    assert raised.value.field == 'template_family'
    assert raised.value.message == "no configuration policy template matches family 'endpointSecurityDiskEncryption'"


def test_a_template_whose_every_version_is_closed(graph):
    with pytest.raises(TaskError) as raised:
        choose(graph, template_name='Windows Firewall Rules (legacy)')
    assert not isinstance(raised.value, InputError)
    assert str(raised.value).startswith("every version of template 'Windows Firewall Rules (legacy)' is deprecated or "
                                        "retired or draft or invalid: ")
    # Named with its version, it is chosen (a policy on it can still be managed).
    assert choose(graph, template_name='Windows Firewall Rules (legacy)', template_version='1')['id'] == FIREWALL
