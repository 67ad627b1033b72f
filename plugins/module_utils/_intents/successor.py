# -*- coding: utf-8 -*-
# Copyright: msgraph.intune contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# FOR INTERNAL COLLECTION USE ONLY: this file may change without notice.

"""Intune's move of endpoint security profiles from intents to settings catalog policies, as the intent module
meets it: the policy family that succeeds an intent template, a policy already standing where an intent would be
created (a migrated profile gets a new id in configurationPolicies and leaves intents), and what to say when Graph
refuses an intent write on a Windows endpoint security template (security baselines are exempt from the move)."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

from ansible_collections.msgraph.intune.plugins.module_utils._policies.lookup import PoliciesByFamily, policy_template_id

# deviceManagementTemplateSubtype of an endpoint security intent template -> its settings catalog template family.
SUCCESSOR_FAMILIES = {
    'antivirus': 'endpointSecurityAntivirus',
    'firewall': 'endpointSecurityFirewall',
    'firewallSharedSettings': 'endpointSecurityFirewall',
    'firewallSharedAppList': 'endpointSecurityFirewall',
    'firewallSharedIpList': 'endpointSecurityFirewall',
    'diskEncryption': 'endpointSecurityDiskEncryption',
    'attackSurfaceReduction': 'endpointSecurityAttackSurfaceReduction',
    'endpointDetectionReponse': 'endpointSecurityEndpointDetectionAndResponse',
    'accountProtection': 'endpointSecurityAccountProtection',
}
WINDOWS_PLATFORMS = ('windows10AndLater', 'windows10AndWindowsServer')
# Graph statuses with which a refused write comes back.
REFUSAL_STATUSES = (400, 403, 405)


def successor_family(template):
    """The settings catalog template family that succeeds an intent template: its endpoint security subtype's, or
    ``baseline`` for a security baseline; None when there is none."""
    template = template or {}
    if template.get('templateType') == 'securityTemplate':
        return SUCCESSOR_FAMILIES.get(template.get('templateSubtype'))
    if 'baseline' in str(template.get('templateType') or '').lower():
        return 'baseline'
    return None


def is_windows_endpoint_security(template):
    """An intent template of Windows endpoint security, which Intune no longer creates or changes as intents."""
    template = template or {}
    return template.get('templateType') == 'securityTemplate' and template.get('platformType') in WINDOWS_PLATFORMS


def successor_policies(client, name, template, warnings=None):
    """The settings catalog policies named ``name`` in the family that succeeds ``template``: the profile itself,
    migrated or recreated in Intune's current format."""
    family = successor_family(template)
    if family is None or not is_windows_endpoint_security(template):
        # Security baselines are exempt from the move: an intent and a policy of one name may stand side by side.
        return []
    return PoliciesByFamily(client).named(family, name, warnings)


def describe_successors(policies):
    return ', '.join('%s (template %s)' % (policy.get('id'), policy_template_id(policy)) for policy in policies)


def refusal_hint(error, template):
    """What to do instead, for a Graph refusal of a write on an intent of ``template``; None when it does not apply."""
    if getattr(error, 'status', None) not in REFUSAL_STATUSES or not is_windows_endpoint_security(template):
        return None
    family = successor_family(template)
    return ('Intune no longer creates or changes Windows endpoint security profiles through intents (security '
            'baselines are exempt); if that is why Graph refused, manage the profile as a settings catalog policy with '
            'msgraph.intune.intune_configuration_policy%s, and find a migrated copy with '
            'msgraph.intune.intune_configuration_policy_info' % (' (template_family: %s)' % family if family else ''))
