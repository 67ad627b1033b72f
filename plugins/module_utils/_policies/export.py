# -*- coding: utf-8 -*-
# Copyright: msgraph.intune contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# FOR INTERNAL COLLECTION USE ONLY: this file may change without notice.

"""intune_configuration_policy_info: which policies, their details, and each as the intune_configuration_policy
options that recreate it (an export that, given back to the module, changes nothing)."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

from ansible_collections.msgraph.intune.plugins.module_utils._assignments.names import name_exported_groups
from ansible_collections.msgraph.intune.plugins.module_utils._assignments.plan import assignments_as_options, read_assignments
from ansible_collections.msgraph.intune.plugins.module_utils._filtered_list import list_filtered
from ansible_collections.msgraph.intune.plugins.module_utils._odata import (
    CONFIGURATION_POLICIES_PATH,
    odata_string_literal,
    policy_path,
)
from ansible_collections.msgraph.intune.plugins.module_utils._policies.lookup import (
    find_policies,
    get_policy,
    policy_template_id,
    read_policy_settings,
)
from ansible_collections.msgraph.intune.plugins.module_utils._policies.setting_view import root_settings, setting_option
from ansible_collections.msgraph.intune.plugins.module_utils._warnings import Warnings


def list_policies(client, policy_id=None, name=None, template_id=None, template_family=None, warnings=None):
    """Policies matching every filter given (none: all). An unknown ``policy_id`` matches nothing."""
    if policy_id is not None:
        policy = get_policy(client, policy_id)
        candidates = [policy] if policy is not None else []
    elif name is not None:
        candidates = find_policies(client, name, None, warnings)
    elif template_family is not None:
        candidates = list_filtered(client, CONFIGURATION_POLICIES_PATH,
                                   'templateReference/templateFamily eq ' + odata_string_literal(template_family),
                                   warnings, label='templateFamily', plural='configuration policies')
    else:
        candidates = client.get_all(CONFIGURATION_POLICIES_PATH)
    return [policy for policy in candidates
            if (name is None or policy.get('name') == name)
            and (template_id is None or policy_template_id(policy).lower() == template_id.lower())
            and (template_family is None or (policy.get('templateReference') or {}).get('templateFamily') == template_family)]


def read_policy_details(client, policies, include_settings=True, include_assignments=False, by_id=False, warnings=None):
    """Copies of ``policies`` with their ``settings`` and ``assignments`` as asked and, with settings, ``policy_args``.

    ``policy_args`` carries ``policy_id`` when another listed policy of the same template shares the name (every
    such policy is listed, whatever filter selected them, but for ``by_id``: the policies were selected by id, and
    always carry it), so that the export addresses exactly this policy. The groups of every ``policy_args`` get their
    names with one request for all of them (``warnings``, a Warnings, says when Graph refuses it)."""
    shared = _names_shared(policies)
    detailed = []
    for policy in policies:
        policy = dict(policy)
        if include_assignments:
            policy['assignments'] = read_assignments(client, policy_path(policy['id']))
        if include_settings:
            policy['settings'] = read_policy_settings(client, policy['id'])
            policy['policy_args'] = policy_args(policy, with_id=by_id or _name_key(policy) in shared)
        detailed.append(policy)
    name_exported_groups(client, [policy['policy_args'] for policy in detailed if 'policy_args' in policy],
                         Warnings() if warnings is None else warnings)
    return detailed


def policy_args(policy, with_id=False):
    """The intune_configuration_policy options that recreate ``policy`` (which carries its ``settings``): every
    setting it holds, in exact mode, so that a rerun reports no change."""
    args = {
        'name': policy.get('name'),
        'template_id': policy_template_id(policy) or None,
        'description': policy.get('description') or '',
        'role_scope_tag_ids': [str(tag) for tag in policy.get('roleScopeTagIds') or []],
        'settings_mode': 'exact',
        'settings': [setting_option(instance) for instance in root_settings(policy.get('settings'))],
    }
    if with_id:
        args['policy_id'] = policy.get('id')
    if 'assignments' in policy:
        args['assignments'] = assignments_as_options(policy['assignments'])
    return args


def _name_key(policy):
    return (str(policy.get('name')), policy_template_id(policy).rpartition('_')[0].lower())


def _names_shared(policies):
    seen, shared = set(), set()
    for policy in policies:
        key = _name_key(policy)
        (shared if key in seen else seen).add(key)
    return shared
