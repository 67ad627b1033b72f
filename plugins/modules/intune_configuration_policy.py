#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: msgraph.intune contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

DOCUMENTATION = r'''
---
module: intune_configuration_policy
short_description: Manage an Intune settings catalog policy created from a configuration policy template
version_added: 0.2.0
description:
  - Creates, updates or deletes a Microsoft Intune settings catalog policy (a Microsoft Graph
    C(deviceManagementConfigurationPolicy)) built from a configuration policy template, the form of Intune's current
    Endpoint Security profiles (antivirus, firewall, disk encryption, attack surface reduction, EDR, account protection)
    and security baselines.
  - The policy is identified by O(policy_id) when given, else by O(name) and its template. The template is given by
    O(template_id) (C(<baseId>_<version>)), or by O(template_family) and/or O(template_name), as Intune lists them; the
    newest version that is neither deprecated nor retired is used unless O(template_version) names one. A policy is
    looked up on every version of its template, so that a policy on an older version is managed where it is (with a
    warning) rather than created again. A policy is created exactly once; a rerun finds it and changes only what
    drifted.
  - O(settings) are written by hand (the setting definition ID and its value) and checked against the template's
    setting templates and setting definitions before anything is sent (option IDs, integer ranges, string length and
    pattern, required children, instance types, collection sizes); an error names the field and the setting
    definition ID.
  - Writes follow Microsoft's API for this resource; a create is one C(POST configurationPolicies), never repeated
    blindly (after a lost response the policy is looked up before anything is sent again); a change of settings is
    one C(PUT) of the whole policy (Graph's C(PATCH) cannot carry settings), which carries a change of name,
    description or scope tags too; a change of those alone is one C(PATCH).
  - O(assignments), when given, is the whole set of recipients, written with one C(assign) call that replaces it.
  - Check mode and the diff predict the policy as Graph will hold it; the diff of a real run shows the policy read
    back. Throttled (429) and unavailable (503, 504) responses are retried, honouring C(Retry-After).
author:
  - msgraph.intune contributors (@msgraph-intune)
options:
  policy_id:
    description:
      - ID (GUID) of the policy to manage, for example to tell apart policies that share a name (their IDs are in the
        error that reports them).
      - With it, O(name) and the template options are optional. A given O(name) that differs renames the policy.
    type: str
  name:
    description:
      - Name of the policy. With the template, identifies the policy when O(policy_id) is not given.
      - Compared case-sensitively, as Intune stores it.
    type: raw
  description:
    description:
      - Description of the policy. Not managed when omitted.
    type: raw
  template_id:
    description:
      - ID of the configuration policy template, C(<baseId>_<version>), for example
        V(804339ad-1553-4478-a742-138fb5807418_1).
    type: str
  template_name:
    description:
      - Display name of the template, compared case-insensitively, for example V(Microsoft Defender Antivirus).
    type: str
  template_version:
    description:
      - Version of the template, as its C(version) number or its C(displayVersion). Default is the newest version
        that is neither deprecated nor retired. Needs O(template_family) or O(template_name).
    type: str
  template_platform:
    description:
      - Platform of the template (C(platforms)), for example V(windows10), V(macOS) or V(linux), where templates of
        several platforms share a name.
    type: str
  settings:
    description:
      - The settings of the policy. Each element names a setting by O(settings[].definition_id) and gives its value,
        or gives a raw Graph setting instance as O(settings[].setting_instance).
      - Only the top-level settings of the template can be listed here; their children go in
        O(settings[].children) or, for a group collection, in the groups of O(settings[].value).
      - Not managed when omitted; a policy created without it gets the template's default values (a baseline's
        recommended values).
    type: list
    elements: dict
    suboptions:
      definition_id:
        description:
          - The setting definition ID, for example V(device_vendor_msft_policy_config_defender_allowrealtimemonitoring).
        type: str
      value:
        description:
          - A choice setting takes the option's ID or its name or display name (V(true) and V(false) name the options
            of those names).
          - A simple setting takes an integer (or a string of digits) or a string. A secret string is never shown
            and, since Graph never returns it, compared by presence only; see O(update_secrets).
          - A collection takes a list of such values; a group collection a list of groups, each a list of child
            settings in this same form.
        type: raw
      children:
        description:
          - The settings under the chosen option of a choice setting, or in a group setting, in this same form.
        type: list
        elements: dict
      setting_instance:
        description:
          - A Graph C(settingInstance) as Graph returns it (a dictionary with C(@odata.type) and
            C(settingDefinitionId)), sent as it is. For settings the other form cannot express.
        type: dict
  settings_mode:
    description:
      - With V(delta), settings that O(settings) does not list keep whatever the policy has. So do the children of a
        listed choice setting whose option stays the same, when the task does not list them; a group collection
        (firewall rules, say) is replaced as a whole, since its groups have no identity.
      - With V(exact), the policy holds exactly the listed settings over the template's default values (a
        baseline's recommended values); every other setting is removed, which Intune shows as C(Not configured).
      - A policy is always created with the template's default values under the listed settings.
    type: str
    choices: [delta, exact]
    default: delta
  update_secrets:
    description:
      - Graph never returns a secret setting's value (it returns an encrypted token), so a changed secret alone is
        not seen as drift.
      - With V(on_change), the secrets the task gives are written on create and whenever the policy's settings are
        written for another drift.
      - With V(always), a task that gives a secret writes the policy's settings on every run (and reports a change),
        which rotates the secret, for example a new onboarding package.
    type: str
    choices: [on_change, always]
    default: on_change
  state:
    description:
      - V(present) creates or updates the policy, V(absent) deletes it.
    type: str
    choices: [present, absent]
    default: present
extends_documentation_fragment:
  - msgraph.intune.graph_auth
  - msgraph.intune.graph_auth.action_group
  - msgraph.intune.template_family
  - msgraph.intune.profile
attributes:
  check_mode:
    support: full
    description: Check mode performs only reads and reports what a real run would change.
  diff_mode:
    support: full
    description:
      - Shows the policy before and after, its settings keyed by definition ID (a choice as its option ID, children
        under C(children), secrets masked).
notes:
  - Needs C(Group.Read.All) as well when an O(assignments[].group_name) is given.
  - Two or more existing policies with the same name on the template make the task fail without writing; the error
    lists their IDs, and O(policy_id) manages exactly one of them.
seealso:
  - module: msgraph.intune.intune_template_instance
    description: The older profiles created from device management templates (intents).
  - name: Create deviceManagementConfigurationPolicy (Microsoft Graph beta)
    description: The Graph call that creates a policy.
    link: https://learn.microsoft.com/en-us/graph/api/intune-deviceconfigv2-devicemanagementconfigurationpolicy-create?view=graph-rest-beta
  - name: assign action (Microsoft Graph beta)
    description: The Graph call that replaces a policy's assignments.
    link: https://learn.microsoft.com/en-us/graph/api/intune-deviceconfigv2-devicemanagementconfigurationpolicy-assign?view=graph-rest-beta
'''

EXAMPLES = r'''
- name: Microsoft Defender Antivirus policy for Windows
  msgraph.intune.intune_configuration_policy:
    template_family: endpointSecurityAntivirus
    template_name: Microsoft Defender Antivirus
    name: Corp - Defender Antivirus
    description: Managed by Ansible
    settings:
      - definition_id: device_vendor_msft_policy_config_defender_allowrealtimemonitoring
        value: device_vendor_msft_policy_config_defender_allowrealtimemonitoring_1
      - definition_id: device_vendor_msft_policy_config_defender_avgcpuloadfactor
        value: 50
    assignments:
      - all_devices: true

- name: Windows Firewall policy, the domain profile on and inbound connections blocked
  msgraph.intune.intune_configuration_policy:
    template_family: endpointSecurityFirewall
    template_name: Windows Firewall
    name: Corp - Firewall
    settings:
      - definition_id: vendor_msft_firewall_mdmstore_domainprofile_enablefirewall
        value: vendor_msft_firewall_mdmstore_domainprofile_enablefirewall_true
        children:
          - definition_id: vendor_msft_firewall_mdmstore_domainprofile_defaultinboundaction
            value: vendor_msft_firewall_mdmstore_domainprofile_defaultinboundaction_1

- name: Security baseline, newest version, the recommended values with one change; portal edits are undone
  msgraph.intune.intune_configuration_policy:
    template_family: baseline
    template_name: Security Baseline for Windows 10 and later
    name: Corp - Windows baseline
    settings_mode: exact
    settings:
      - definition_id: device_vendor_msft_policy_config_defender_cloudblocklevel
        value: High

- name: Delete a policy by its ID
  msgraph.intune.intune_configuration_policy:
    policy_id: 1f0c3a52-8d3e-4b8e-9a63-0d7c1b4e2f10
    state: absent
'''

RETURN = r'''
policy:
  description:
    - The policy as Graph holds it after the task (predicted in check mode), with its C(settings) as Graph lists them
      and, when O(assignments) is given, its C(assignments). Empty once deleted.
  returned: success
  type: dict
actions:
  description: The writes made (predicted in check mode), in order.
  returned: always
  type: list
  elements: str
  sample: [create, assign]
field:
  description: The option that was wrong, for example C(settings[0].value).
  returned: when an option had a wrong value
  type: str
definition_id:
  description: The setting definition ID the wrong value was for.
  returned: when a setting had a wrong value
  type: str
error:
  description: Graph's error, with its code, message and request-id.
  returned: when Graph refused a request
  type: dict
'''

from ansible_collections.msgraph.intune.plugins.module_utils._module import GraphModule
from ansible_collections.msgraph.intune.plugins.module_utils._runners import configuration_policy


def main():
    GraphModule(configuration_policy).execute()


if __name__ == '__main__':
    main()
