# -*- coding: utf-8 -*-
# Copyright: msgraph.intune contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# FOR INTERNAL COLLECTION USE ONLY: this file may change without notice.

"""PolicyInputs: the options of intune_configuration_policy, checked before any request. The settings' values are
checked against the template's definitions later (setting_input.py), once the template is known."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import dataclasses
import re

from ansible_collections.msgraph.intune.plugins.module_utils._assignments.inputs import normalise_assignments
from ansible_collections.msgraph.intune.plugins.module_utils._errors import InputError
from ansible_collections.msgraph.intune.plugins.module_utils._guids import check_guid
from ansible_collections.msgraph.intune.plugins.module_utils._profile_fields import (
    checked_description,
    checked_name,
    checked_role_scope_tag_ids,
    json_kind,
)

# deviceManagementConfigurationTemplateFamily, as Graph beta lists it.
TEMPLATE_FAMILIES = (
    'none', 'endpointSecurityAntivirus', 'endpointSecurityDiskEncryption', 'endpointSecurityFirewall',
    'endpointSecurityEndpointDetectionAndResponse', 'endpointSecurityAttackSurfaceReduction',
    'endpointSecurityAccountProtection', 'endpointSecurityApplicationControl',
    'endpointSecurityEndpointPrivilegeManagement', 'enrollmentConfiguration', 'appQuietTime', 'baseline',
    'deviceConfigurationScripts', 'deviceConfigurationPolicies', 'windowsOsRecoveryPolicies', 'companyPortal',
)
TEMPLATE_ID = re.compile(r'^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}_\d+$')
SETTINGS_MODES = ('delta', 'exact')
UPDATE_SECRETS = ('on_change', 'always')


@dataclasses.dataclass
class PolicyInputs:
    """The task's options after pure validation (see ``parse_policy_inputs``)."""

    name: str = None
    policy_id: str = None
    template_id: str = None
    template_family: str = None
    template_name: str = None
    template_version: str = None
    template_platform: str = None
    description: str = None
    settings: list = None
    settings_mode: str = 'delta'
    role_scope_tag_ids: list = None
    # A list of _assignments.AssignmentSpec, or None when assignments are not managed.
    assignments: list = None
    remove_unsupported_targets: bool = False
    state: str = 'present'
    update_secrets: str = 'on_change'

    @property
    def names_template(self):
        return any(v is not None for v in (self.template_id, self.template_family, self.template_name))


def parse_policy_inputs(params):
    """Validate the module's options (a mapping with the argspec's keys) into ``PolicyInputs``."""
    policy_id = params.get('policy_id')
    if policy_id is not None:
        check_guid('policy_id', policy_id)
        policy_id = policy_id.lower()
    name = params.get('name')
    if name is not None or policy_id is None:
        name = checked_name('name', name)
    template_id = params.get('template_id')
    if template_id is not None and not TEMPLATE_ID.match(str(template_id)):
        raise InputError('template_id', '%r is not a configuration policy template id (<baseId>_<version>, for example '
                         '804339ad-1553-4478-a742-138fb5807418_1)' % (template_id,))
    family = params.get('template_family')
    if family is not None and family not in TEMPLATE_FAMILIES:
        raise InputError('template_family', '%r is not a template family; Graph knows %s'
                         % (family, ', '.join(TEMPLATE_FAMILIES)))
    template_name = params.get('template_name')
    if template_name is not None and (not isinstance(template_name, str) or not template_name.strip()):
        raise InputError('template_name', 'must be a non-empty string')
    if template_id is not None:
        for other in ('template_family', 'template_name', 'template_version', 'template_platform'):
            if params.get(other) is not None:
                raise InputError(other, 'is not used with template_id, which names one template version already')
    elif family is None and template_name is None:
        if policy_id is None:
            raise InputError('template_id', 'give the template: template_id, or template_family and/or template_name '
                             '(or policy_id for an existing policy)')
        for other in ('template_version', 'template_platform'):
            if params.get(other) is not None:
                raise InputError(other, 'needs template_family or template_name')
    state = params.get('state') or 'present'
    if state not in ('present', 'absent'):
        raise InputError('state', "must be 'present' or 'absent', not %r" % state)
    settings_mode = params.get('settings_mode') or 'delta'
    if settings_mode not in SETTINGS_MODES:
        raise InputError('settings_mode', 'must be one of %s, not %r' % (', '.join(SETTINGS_MODES), settings_mode))
    settings = params.get('settings')
    if settings is not None:
        if not isinstance(settings, list):
            raise InputError('settings', 'must be a list of settings, got %s' % json_kind(settings))
        for index, item in enumerate(settings):
            if not isinstance(item, dict):
                raise InputError('settings[%d]' % index, 'must be a dictionary with definition_id and value, got %s'
                                 % json_kind(item))
    update_secrets = params.get('update_secrets') or 'on_change'
    if update_secrets not in UPDATE_SECRETS:
        raise InputError('update_secrets', 'must be one of %s, not %r' % (', '.join(UPDATE_SECRETS), update_secrets))
    version = params.get('template_version')
    return PolicyInputs(
        name=name,
        policy_id=policy_id,
        template_id=template_id.lower() if template_id is not None else None,
        template_family=family,
        template_name=template_name,
        template_version=str(version) if version is not None else None,
        template_platform=params.get('template_platform'),
        description=checked_description(params.get('description')),
        settings=settings,
        settings_mode=settings_mode,
        role_scope_tag_ids=checked_role_scope_tag_ids(params.get('role_scope_tag_ids')),
        assignments=normalise_assignments(params.get('assignments')),
        remove_unsupported_targets=bool(params.get('remove_unsupported_targets')),
        state=state,
        update_secrets=update_secrets,
    )
