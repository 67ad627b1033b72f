# -*- coding: utf-8 -*-
# Copyright: msgraph.intune contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# FOR INTERNAL COLLECTION USE ONLY: this file may change without notice.

"""The runner of intune_template_info: its options, and the run that the module and the action plugin call."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

from ansible_collections.msgraph.intune.plugins.module_utils._connection import module_argument_spec
from ansible_collections.msgraph.intune.plugins.module_utils._setting_definitions import with_setting_definitions
from ansible_collections.msgraph.intune.plugins.module_utils._templates import select_templates

ARGUMENT_SPEC = module_argument_spec(dict(
    template_id=dict(type='str'),
    template_name=dict(type='str'),
    template_type=dict(type='str'),
    include_deprecated=dict(type='bool', default=False),
    migratable_from=dict(type='str'),
    include_setting_definitions=dict(type='bool', default=False),
))

MODULE_KWARGS = dict(supports_check_mode=True)


def run(params, connect, check_mode=False, diff=False):
    """The task's result: ``templates`` (read-only, so check mode and diff change nothing)."""
    client = connect()
    templates = select_templates(
        client,
        template_id=params['template_id'],
        template_name=params['template_name'],
        template_type=params['template_type'],
        include_deprecated=params['include_deprecated'],
        migratable_from=params['migratable_from'],
    )
    if params['include_setting_definitions']:
        templates = with_setting_definitions(client, templates)
    return dict(changed=False, templates=templates)
