# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A task's arguments checked as AnsibleModule checks them: same params, same messages, the no_log values."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import pytest

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.msgraph.intune.plugins.module_utils._runners import intent_info, template_instance
from ansible_collections.msgraph.intune.plugins.plugin_utils._task_arguments import validate_task_arguments
from ansible_collections.msgraph.intune.tests.unit.utils.identity import SECRET, TOKEN
from ansible_collections.msgraph.intune.tests.unit.utils.module_runs import run_main

NAME = 'msgraph.intune.intune_template_instance'
TEMPLATE = 'd1174162-1dd2-4976-affc-6667049ab0ae'


def module_outcome(runner, args, capsys):
    """What AnsibleModule itself makes of ``args``: its failure message, or its params."""
    seen = {}

    def main():
        module = AnsibleModule(argument_spec=runner.ARGUMENT_SPEC, **runner.MODULE_KWARGS)
        seen['params'] = dict(module.params)
        module.exit_json(changed=False)
    result, dummy = run_main(main, dict(args, _ansible_module_name=NAME), capsys)
    return result.get('msg') if result.get('failed') else None, seen.get('params')


@pytest.mark.parametrize('args', [
    {'template_id': TEMPLATE, 'display_name': 'x', 'bogus': 1},
    {'template_id': TEMPLATE, 'template_name': 'BitLocker', 'display_name': 'x'},
    {'template_id': TEMPLATE},
    {'template_version': '1', 'template_id': TEMPLATE, 'display_name': 'x'},
    {'template_id': TEMPLATE, 'display_name': 'x', 'state': 'gone'},
    {'template_id': TEMPLATE, 'display_name': 'x', 'timeout': 'soon'},
    {'display_name': 'x'},
], ids=['unsupported', 'mutually_exclusive', 'required', 'required_by', 'choices', 'type', 'required_one_of'])
def test_bad_arguments_fail_with_ansible_modules_own_message(capsys, args):
    expected, dummy = module_outcome(template_instance, args, capsys)
    checked = validate_task_arguments(template_instance, args, NAME)
    assert expected and checked.error == expected


def test_good_arguments_get_the_same_params_as_in_the_module(capsys):
    args = {'template_id': TEMPLATE, 'display_name': 'x', 'timeout': '7', 'settings_delta': [{'definition_id': 'd', 'value': 1}]}
    error, params = module_outcome(template_instance, args, capsys)
    checked = validate_task_arguments(template_instance, args, NAME)
    assert error is None and checked.error is None
    assert checked.params == params and checked.params['timeout'] == 7 and checked.params['state'] == 'present'


def test_the_values_of_no_log_options_are_collected():
    checked = validate_task_arguments(intent_info, {'client_secret': SECRET, 'access_token': TOKEN, 'tenant_id': 't'},
                                      'msgraph.intune.intune_intent_info')
    assert checked.no_log_values == {SECRET, TOKEN}
