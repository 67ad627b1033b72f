# -*- coding: utf-8 -*-
# Copyright: msgraph.intune contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# FOR INTERNAL COLLECTION USE ONLY: this file may change without notice.

"""The runner of intune_configuration_policy_info: its options, and the run that the module and the action plugin
call."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

from ansible_collections.msgraph.intune.plugins.module_utils._connection import module_argument_spec
from ansible_collections.msgraph.intune.plugins.module_utils._policies.export import list_policies, read_policy_details
from ansible_collections.msgraph.intune.plugins.module_utils._policies.inputs import TEMPLATE_FAMILIES
from ansible_collections.msgraph.intune.plugins.module_utils._warnings import collected_warnings

ARGUMENT_SPEC = module_argument_spec(dict(
    policy_id=dict(type='str'),
    name=dict(type='str'),
    template_id=dict(type='str'),
    template_family=dict(type='str', choices=list(TEMPLATE_FAMILIES)),
    include_settings=dict(type='bool', default=True),
    include_assignments=dict(type='bool', default=False),
))

MODULE_KWARGS = dict(supports_check_mode=True)


def run(params, connect, check_mode=False, diff=False):
    """The task's result: ``policies`` and ``warnings`` (read-only, so check mode and diff change nothing)."""
    client = connect()
    with collected_warnings() as warnings:
        policies = list_policies(client, params['policy_id'], params['name'], params['template_id'],
                                 params['template_family'], warnings)
        policies = read_policy_details(client, policies, include_settings=params['include_settings'],
                                       include_assignments=params['include_assignments'],
                                       by_id=params['policy_id'] is not None, warnings=warnings)
    return dict(changed=False, policies=policies, warnings=list(warnings))
