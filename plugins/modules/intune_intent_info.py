#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: msgraph.intune contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

DOCUMENTATION = r'''
---
module: intune_intent_info
short_description: List Intune profiles created from device management templates (intents), with their settings
version_added: 0.1.0
description:
  - Lists Microsoft Intune Endpoint Security and security baseline profiles (Microsoft Graph C(deviceManagementIntent)),
    with their settings unless O(include_settings=false).
  - Every filter given must match. Without filters, every profile is returned.
  - Each profile with its settings also carries RV(intents[].instance_args), the
    M(msgraph.intune.intune_template_instance) options that recreate it. This exports a profile built by hand in
    the Intune portal into a playbook, or copies it to another tenant (see the examples).
author:
  - msgraph.intune contributors (@msgraph-intune)
options:
  intent_id:
    description:
      - ID (GUID) of the profile. An unknown ID returns no profile.
    type: str
  display_name:
    description:
      - Display name of the profiles, matched exactly (case-sensitive).
    type: str
  template_id:
    description:
      - ID (GUID) of the template the profiles were created from.
    type: str
  include_settings:
    description:
      - Return each profile's settings in RV(intents[].settings), and RV(intents[].instance_args).
      - Costs one request per profile, plus one per template for the template's defaults.
    type: bool
    default: true
  include_assignments:
    description:
      - Return each profile's assignments in RV(intents[].assignments), and in RV(intents[].instance_args) in the
        shape of O(msgraph.intune.intune_template_instance#module:assignments).
      - Costs one request per profile, and with O(include_settings=true) one more for the names of all groups
        (C(POST /directoryObjects/getByIds), which needs the C(Directory.Read.All) permission; without it the export
        gives group IDs only, with one warning).
    type: bool
    default: false
extends_documentation_fragment:
  - msgraph.intune.graph_auth
  - msgraph.intune.graph_auth.action_group
  - msgraph.intune.read_only
notes:
  - A profile created from a template that has since been deprecated cannot be recreated from the same template;
    give M(msgraph.intune.intune_template_instance) a O(msgraph.intune.intune_template_instance#module:migrate_to)
    target, which M(msgraph.intune.intune_template_info) lists with O(msgraph.intune.intune_template_info#module:migratable_from).
seealso:
  - module: msgraph.intune.intune_template_instance
  - module: msgraph.intune.intune_template_info
'''

EXAMPLES = r'''
- name: Every profile created from the BitLocker template, without their settings
  msgraph.intune.intune_intent_info:
    template_id: d1174162-1dd2-4976-affc-6667049ab0ae
    include_settings: false
  register: bitlocker_profiles

- name: One profile by name, with its settings and assignments
  msgraph.intune.intune_intent_info:
    display_name: Corp - BitLocker
    include_assignments: true
  register: corp_bitlocker

# Export profiles built by hand in the Intune portal, then create them again with intune_template_instance, in the
# same tenant or, with other connection options, in another one. Without include_assignments the export has no
# assignments, and default(omit) leaves them unmanaged.
- name: Export the BitLocker profiles
  msgraph.intune.intune_intent_info:
    template_id: d1174162-1dd2-4976-affc-6667049ab0ae
    include_assignments: true
  register: exported

- name: Recreate each exported profile
  msgraph.intune.intune_template_instance:
    intent_id: "{{ item.instance_args.intent_id | default(omit) }}"
    template_id: "{{ item.instance_args.template_id }}"
    display_name: "{{ item.instance_args.display_name }}"
    description: "{{ item.instance_args.description }}"
    role_scope_tag_ids: "{{ item.instance_args.role_scope_tag_ids }}"
    settings_delta: "{{ item.instance_args.settings_delta }}"
    assignments: "{{ item.instance_args.assignments | default(omit) }}"
  loop: "{{ exported.intents }}"
  loop_control:
    label: "{{ item.displayName }}"

- name: Or keep the export as variables for a playbook under version control
  block:
    - name: Create the group_vars directory next to the playbook
      ansible.builtin.file:
        path: "{{ playbook_dir }}/group_vars/all"
        state: directory
        mode: '0755'

    - name: Write the exported profiles as the intune_profiles variable
      ansible.builtin.copy:
        content: "{{ {'intune_profiles': exported.intents | map(attribute='instance_args') | list} | to_nice_yaml(indent=2) }}"
        dest: "{{ playbook_dir }}/group_vars/all/intune_profiles.yml"
        mode: '0644'
'''

RETURN = r'''
intents:
  description:
    - The profiles that match, in the order Graph lists them, with Graph's own field names.
  returned: always
  type: list
  elements: dict
  contains:
    id:
      description: Profile ID.
      type: str
      sample: 8b2b6b0a-4a5e-4a55-8d1c-0f6f3f0a9c11
    displayName:
      description: Display name.
      type: str
      sample: Corp - BitLocker
    description:
      description: Description.
      type: str
    templateId:
      description: ID of the template the profile was created from.
      type: str
      sample: d1174162-1dd2-4976-affc-6667049ab0ae
    roleScopeTagIds:
      description: Role scope tag IDs.
      type: list
      elements: str
      sample: ["0"]
    isAssigned:
      description: Whether the profile is assigned to anyone.
      type: bool
    isMigratingToConfigurationPolicy:
      description: Whether Intune is migrating the profile to a Settings Catalog policy.
      type: bool
    lastModifiedDateTime:
      description: When the profile last changed.
      type: str
    settings:
      description:
        - Every setting of the profile as Graph returns it; C(valueJson) holds the value as JSON text, and the
          simple types also carry the typed C(value).
      returned: when O(include_settings=true)
      type: list
      elements: dict
      sample:
        - '@odata.type': '#microsoft.graph.deviceManagementBooleanSettingInstance'
          id: 0a8e2f55-2f8e-4c43-9d9f-2d1b5cbd0f61
          definitionId: deviceConfiguration--windows10EndpointProtectionConfiguration_bitLockerEncryptDevice
          valueJson: 'true'
          value: true
    assignments:
      description: The profile's assignments as Graph returns them, each with its C(target).
      returned: when O(include_assignments=true)
      type: list
      elements: dict
    instance_args:
      description:
        - The M(msgraph.intune.intune_template_instance) options that recreate the profile.
      returned: when O(include_settings=true)
      type: dict
      contains:
        intent_id:
          description:
            - The profile's ID, when another listed profile of the same template has the same display name (the name
              alone would not tell them apart) or when the profile was selected by O(intent_id).
          returned: when the display name is not unique on the template among the listed profiles, or with O(intent_id)
          type: str
        template_id:
          description: The template's ID.
          type: str
        display_name:
          description: The profile's display name.
          type: str
        description:
          description: The profile's description (empty when it has none).
          type: str
        role_scope_tag_ids:
          description: The profile's role scope tag IDs.
          type: list
          elements: str
        settings_delta:
          description:
            - The settings whose value differs from the template's default. A string, number, boolean or list of them
              comes as C(value), as written by hand; a complex value as the profile's own C(valueJson), in
              C(value_json).
            - Every setting when Graph does not know the profile's template.
          type: list
          elements: dict
          sample:
            - definition_id: deviceConfiguration--windows10EndpointProtectionConfiguration_bitLockerRecoveryPasswordRotation
              value: enabledForAzureAd
        assignments:
          description:
            - The profile's assignments in the shape of O(msgraph.intune.intune_template_instance#module:assignments),
              Configuration Manager collections as C(collection_id). A target of a type that option has no key for is
              given as C(unsupported_target) (Graph's target as it is), which the module accepts back unchanged.
            - A group comes with its C(group_id) and, for the reviewer, its current display name as C(group_name) (left
              out when the name cannot be read). The module takes both back; the ID decides, the name is a label.
          returned: when O(include_assignments=true)
          type: list
          elements: dict
          sample:
            - group_id: 5b1f3c2a-9d7e-4f60-8a1b-2c3d4e5f6a7b
              group_name: Corp Laptops
              mode: include
'''

from ansible_collections.msgraph.intune.plugins.module_utils._module import GraphModule
from ansible_collections.msgraph.intune.plugins.module_utils._runners import intent_info


def main():
    GraphModule(intent_info).execute()


if __name__ == '__main__':
    main()
