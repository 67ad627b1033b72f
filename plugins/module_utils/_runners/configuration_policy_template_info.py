# -*- coding: utf-8 -*-
# Copyright: msgraph.intune contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# FOR INTERNAL COLLECTION USE ONLY: this file may change without notice.

"""The runner of intune_configuration_policy_template_info: its options, and the run that the module and the action
plugin call."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

from ansible_collections.msgraph.intune.plugins.module_utils._connection import module_argument_spec
from ansible_collections.msgraph.intune.plugins.module_utils._policies.inputs import TEMPLATE_FAMILIES
from ansible_collections.msgraph.intune.plugins.module_utils._policies.template_info import (
    no_match_warning,
    select_policy_templates,
    with_settings,
)

ARGUMENT_SPEC = module_argument_spec(dict(
    template_id=dict(type='str'),
    template_family=dict(type='str', choices=list(TEMPLATE_FAMILIES)),
    template_name=dict(type='str'),
    include_deprecated=dict(type='bool', default=False),
    include_settings=dict(type='bool', default=True),
))

MODULE_KWARGS = dict(supports_check_mode=True)


def run(params, connect, check_mode=False, diff=False):
    """The task's result: ``templates`` (read-only, so check mode and diff change nothing)."""
    client = connect()
    templates = select_policy_templates(client, params['template_id'], params['template_family'],
                                        params['template_name'], params['include_deprecated'])
    warnings = []
    if not templates and params['template_name'] is not None:
        warnings.append(no_match_warning(client, params['template_family'], params['template_name']))
    if params['include_settings']:
        templates = with_settings(client, templates)
    return dict(changed=False, templates=templates, warnings=warnings)
