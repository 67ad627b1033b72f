#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: msgraph.intune contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

DOCUMENTATION = r'''
---
module: intune_configuration_policy_info
short_description: List Intune settings catalog policies, with their settings and assignments
version_added: 0.2.0
description:
  - Lists Microsoft Intune settings catalog policies (Microsoft Graph C(deviceManagementConfigurationPolicy)), the
    form of Intune's current Endpoint Security profiles and security baselines, with their settings unless
    O(include_settings=false).
  - Every filter given must match. Without filters, every policy is returned.
  - Each policy with its settings also carries RV(policies[].policy_args), the
    M(msgraph.intune.intune_configuration_policy) options that recreate it, in exact mode; given back to the module
    they change nothing. This exports a policy built in the Intune portal into a playbook.
author:
  - msgraph.intune contributors (@msgraph-intune)
options:
  policy_id:
    description:
      - ID (GUID) of the policy. An unknown ID returns no policy.
    type: str
  name:
    description:
      - Name of the policies, matched exactly (case-sensitive).
    type: str
  template_id:
    description:
      - ID of the template the policies were created from, C(<baseId>_<version>).
    type: str
  include_settings:
    description:
      - Return each policy's settings in RV(policies[].settings), and RV(policies[].policy_args).
      - Costs one request per policy (more when its settings span several pages).
    type: bool
    default: true
  include_assignments:
    description:
      - Return each policy's assignments in RV(policies[].assignments), and in RV(policies[].policy_args) in the
        shape of O(msgraph.intune.intune_configuration_policy#module:assignments).
      - Costs one request per policy, and with O(include_settings=true) one more for the names of all groups
        (C(POST /directoryObjects/getByIds), which needs the C(Directory.Read.All) permission; without it the export
        gives group IDs only, with one warning).
    type: bool
    default: false
extends_documentation_fragment:
  - msgraph.intune.graph_auth
  - msgraph.intune.graph_auth.action_group
  - msgraph.intune.template_family
  - msgraph.intune.read_only
notes:
  - A setting that holds a secret is exported as its raw C(setting_instance), with the encrypted token Graph returns
    in place of the secret, which Graph takes back unchanged; the secret itself is never returned.
seealso:
  - module: msgraph.intune.intune_configuration_policy
  - module: msgraph.intune.intune_configuration_policy_template_info
'''

EXAMPLES = r'''
- name: Export every antivirus policy
  msgraph.intune.intune_configuration_policy_info:
    template_family: endpointSecurityAntivirus
    include_assignments: true
  register: exported

# Given back to intune_configuration_policy, the export changes nothing in the same tenant; with other connection
# options it recreates the policies in another one. Without include_assignments the export has no assignments, and
# default(omit) leaves them unmanaged.
- name: Apply the export again
  msgraph.intune.intune_configuration_policy:
    policy_id: "{{ item.policy_args.policy_id | default(omit) }}"
    name: "{{ item.policy_args.name }}"
    template_id: "{{ item.policy_args.template_id }}"
    description: "{{ item.policy_args.description }}"
    role_scope_tag_ids: "{{ item.policy_args.role_scope_tag_ids }}"
    settings_mode: "{{ item.policy_args.settings_mode }}"
    settings: "{{ item.policy_args.settings }}"
    assignments: "{{ item.policy_args.assignments | default(omit) }}"
  loop: "{{ exported.policies }}"
  loop_control:
    label: "{{ item.name }}"
'''

RETURN = r'''
policies:
  description: The policies, in Graph's order.
  returned: success
  type: list
  elements: dict
  contains:
    id:
      description: The policy's ID.
      type: str
    name:
      description: The policy's name.
      type: str
    templateReference:
      description: The template the policy was created from (C(templateId), C(templateFamily), ...).
      type: dict
    settings:
      description: The policy's settings as Graph lists them (C(id), C(settingInstance)).
      returned: when O(include_settings=true)
      type: list
      elements: dict
    assignments:
      description: The policy's assignments as Graph returns them.
      returned: when O(include_assignments=true)
      type: list
      elements: dict
    policy_args:
      description:
        - The M(msgraph.intune.intune_configuration_policy) options that recreate the policy, with
          O(msgraph.intune.intune_configuration_policy#module:settings_mode=exact). Carries C(policy_id) when another
          listed policy of the same template has the same name, or when the policy was selected by O(policy_id).
        - With O(include_assignments=true), C(assignments) gives each group with its C(group_id) and, for the
          reviewer, its current display name as C(group_name) (left out when the name cannot be read). The module
          takes both back; the ID decides, the name is a label.
      returned: when O(include_settings=true)
      type: dict
'''

from ansible_collections.msgraph.intune.plugins.module_utils._module import GraphModule
from ansible_collections.msgraph.intune.plugins.module_utils._runners import configuration_policy_info


def main():
    GraphModule(configuration_policy_info).execute()


if __name__ == '__main__':
    main()
