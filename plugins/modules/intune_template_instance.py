#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: msgraph.intune contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

DOCUMENTATION = r'''
---
module: intune_template_instance
short_description: Manage an Intune profile created from a device management template (intent)
version_added: 0.1.0
description:
  - Creates, updates or deletes a Microsoft Intune Endpoint Security or security baseline profile (a Microsoft Graph
    C(deviceManagementIntent)) built from a device management template with the Graph beta C(createInstance) action.
  - The profile is identified by O(display_name) and the effective template (O(migrate_to) when given, else the
    template). A profile is created exactly once; a rerun finds it and changes only what drifted.
  - Settings listed in O(settings_delta) are compared by their decoded JSON value; settings that are not listed keep
    whatever value the profile has.
  - O(assignments), when given, is the whole set of groups (or all devices, all users) that receive the profile. It is
    compared with the profile's assignments regardless of order, and a difference is written with one C(assign) call
    that replaces the set.
  - Throttled (429) and unavailable (503, 504) responses are retried, honouring C(Retry-After). The C(createInstance)
    call is never retried blindly; after a lost response the module looks the profile up again before it retries.
author:
  - msgraph.intune contributors (@msgraph-intune)
requirements:
  - requests
  - msal (not needed with O(auth_method=access_token))
options:
  template_id:
    description:
      - ID (GUID) of the device management template, as listed by C(GET /deviceManagement/templates).
      - Exactly one of O(template_id) and O(template_name) is required.
    type: str
  template_name:
    description:
      - Display name of the template, matched case-insensitively.
      - Resolves to the newest version that is not deprecated, unless O(template_version) is given.
      - Exactly one of O(template_id) and O(template_name) is required.
    type: str
  template_version:
    description:
      - The template's C(versionInfo) to pick when O(template_name) matches several versions.
    type: str
  migrate_to:
    description:
      - ID (GUID) of a newer template that the template can migrate to (one of its C(migratableTo) templates).
      - The profile is then created with C(POST /deviceManagement/templates/{template}/migratableTo/{migrate_to}/createInstance)
        and is looked up as a profile of the O(migrate_to) template.
      - Required with O(state=present) when the template is deprecated.
    type: str
  display_name:
    description:
      - Display name of the profile. Together with the effective template it identifies the profile.
      - A string; any other type (a list, a number) is refused rather than converted.
    type: raw
    required: true
  description:
    description:
      - Description of the profile. Not managed when omitted.
      - A string; any other type is refused rather than converted.
    type: raw
  settings_delta:
    description:
      - Settings that differ from the template's defaults.
      - Each item gives exactly one of O(settings_delta[].value) and O(settings_delta[].value_json).
    type: list
    elements: dict
    suboptions:
      definition_id:
        description:
          - The setting definition ID, for example
            C(deviceConfiguration--windows10EndpointProtectionConfiguration_bitLockerEncryptDevice).
        type: str
        required: true
        aliases: [definitionId]
      value:
        description:
          - The setting's value as YAML data (boolean, integer, string, list or dictionary).
        type: raw
      value_json:
        description:
          - The setting's value as JSON text, as Graph stores it in C(valueJson). Use V(null) to unset a setting.
        type: str
        aliases: [valueJson]
      odata_type:
        description:
          - The setting instance type, for example C(#microsoft.graph.deviceManagementBooleanSettingInstance).
          - Derived from the setting definition's C(valueType) when omitted, else from the value's type.
        type: str
        aliases: ['@odata.type']
  role_scope_tag_ids:
    description:
      - Role scope tag IDs of the profile, compared regardless of order. Not managed when omitted.
    type: list
    elements: str
  assignments:
    description:
      - Who receives the profile, as the complete set. Not managed when omitted; V([]) assigns the profile to nobody.
      - Each element gives exactly one of O(assignments[].group_id), O(assignments[].group_name),
        O(assignments[].all_devices) and O(assignments[].all_users).
      - Every element is checked before any request is sent; an error names the element and the field, for example
        C(assignments[1].group_id).
      - On creation the profile is created first and then assigned. Used with O(state=present) only.
    type: list
    elements: dict
    suboptions:
      group_id:
        description:
          - Object ID (GUID) of a Microsoft Entra group.
        type: str
      group_name:
        description:
          - Display name of a Microsoft Entra group, resolved to its ID with C(GET /groups?$filter=displayName eq '...').
          - Exactly one group must have this name; no match or several matches fail the task and name what was found.
          - Needs the C(Group.Read.All) Microsoft Graph application permission.
        type: str
      all_devices:
        description:
          - V(true) assigns the profile to all devices (C(#microsoft.graph.allDevicesAssignmentTarget)).
        type: bool
      all_users:
        description:
          - V(true) assigns the profile to all licensed users (C(#microsoft.graph.allLicensedUsersAssignmentTarget)).
        type: bool
      mode:
        description:
          - V(include) assigns the profile to the group, V(exclude) excludes the group's members
            (C(#microsoft.graph.exclusionGroupAssignmentTarget)).
          - V(exclude) is only possible for a group, and takes no assignment filter.
        type: str
        choices: [include, exclude]
        default: include
      filter_id:
        description:
          - ID (GUID) of an Intune assignment filter that narrows the assignment
            (C(deviceAndAppManagementAssignmentFilterId)).
        type: str
      filter_type:
        description:
          - Whether the devices that match the filter are included or excluded
            (C(deviceAndAppManagementAssignmentFilterType)).
          - Needs O(assignments[].filter_id); defaults to V(include) when O(assignments[].filter_id) is given.
        type: str
        choices: [include, exclude]
  state:
    description:
      - V(present) creates or updates the profile, V(absent) deletes it.
    type: str
    choices: [present, absent]
    default: present
  validate_settings:
    description:
      - Check every O(settings_delta) item against the template's setting definitions (known ID, value type, enum
        values, integer range, string length) before anything is written.
    type: bool
    default: true
extends_documentation_fragment:
  - msgraph.intune.graph_auth
  - msgraph.intune.graph_auth.action_group
attributes:
  check_mode:
    support: full
    description: Check mode performs only reads and reports what a real run would change.
  diff_mode:
    support: full
    description:
      - Shows the profile before and after, settings keyed by definition ID with decoded values.
      - With O(assignments), also the assignment set before and after, in the option's shape and a fixed order.
notes:
  - Needs the C(DeviceManagementConfiguration.ReadWrite.All) Microsoft Graph application permission, and
    C(Group.Read.All) when an O(assignments[].group_name) is given.
  - Two or more existing profiles with the same display name and template make the task fail without writing; their
    IDs are listed so that the duplicates can be removed.
seealso:
  - name: createInstance action (Microsoft Graph beta)
    description: The Graph call that creates a profile from a template.
    link: https://learn.microsoft.com/en-us/graph/api/intune-deviceintent-devicemanagementtemplate-createinstance?view=graph-rest-beta
  - name: assign action (Microsoft Graph beta)
    description: The Graph call that replaces a profile's assignments.
    link: https://learn.microsoft.com/en-us/graph/api/intune-deviceintent-devicemanagementintent-assign?view=graph-rest-beta
'''

EXAMPLES = r'''
- name: BitLocker disk encryption profile
  msgraph.intune.intune_template_instance:
    tenant_id: "{{ intune_tenant_id }}"
    client_id: "{{ intune_client_id }}"
    client_secret: "{{ intune_client_secret }}"
    template_name: BitLocker
    display_name: Corp - BitLocker
    description: Managed by Ansible
    settings_delta:
      - definition_id: deviceConfiguration--windows10EndpointProtectionConfiguration_bitLockerEncryptDevice
        value: true
      - definition_id: deviceConfiguration--windows10EndpointProtectionConfiguration_bitLockerRecoveryPasswordRotation
        value: enabledForAzureAd
    role_scope_tag_ids: ["0"]

- name: Assign the profile to a group and all devices except a group, with an assignment filter
  msgraph.intune.intune_template_instance:
    template_name: BitLocker
    display_name: Corp - BitLocker
    assignments:
      - group_name: Corp Laptops
      - all_devices: true
        filter_id: 7f6b2c1e-2f4d-4c7b-9a51-3c9e1b2d4f60
        filter_type: include
      - group_id: 5d2a1c0f-9b3e-4f60-a7d8-e9f0a1b2c3d4
        mode: exclude

- name: Unassign the profile (assigned to nobody)
  msgraph.intune.intune_template_instance:
    template_name: BitLocker
    display_name: Corp - BitLocker
    assignments: []

- name: Create the profile on the newer baseline version a deprecated template migrates to
  msgraph.intune.intune_template_instance:
    template_id: 034ccd46-190c-4afc-adf1-ad7cc11262eb
    migrate_to: cef15778-c3b9-4d53-a00a-042929f0aad0
    display_name: Corp - Windows baseline

- name: Remove a profile
  msgraph.intune.intune_template_instance:
    template_name: BitLocker
    display_name: Corp - BitLocker
    state: absent
'''

RETURN = r'''
intent:
  description:
    - The profile as Microsoft Graph returns it (Graph's own field names), with its C(settings), each as in
      RV(msgraph.intune.intune_intent_info#module:intents[].settings).
    - In check mode, the profile as the run would leave it. Empty after O(state=absent).
    - With O(assignments), it also carries C(assignments), Graph's C(deviceManagementIntentAssignment) list.
  returned: always
  type: dict
  sample:
    id: 8b2b6b0a-4a5e-4a55-8d1c-0f6f3f0a9c11
    displayName: Corp - BitLocker
    description: Managed by Ansible
    templateId: d1174162-1dd2-4976-affc-6667049ab0ae
    roleScopeTagIds: ["0"]
    isAssigned: false
    settings: []
    assignments:
      - id: 2f0c5d9a-6b1e-4f3a-8c7d-9e0f1a2b3c4d
        target:
          '@odata.type': '#microsoft.graph.groupAssignmentTarget'
          groupId: 4c1f0b9e-8a2d-4e5f-b6c7-d8e9f0a1b2c3
          deviceAndAppManagementAssignmentFilterId: null
          deviceAndAppManagementAssignmentFilterType: none
actions:
  description:
    - The Graph writes the run made (or would make in check mode), in order.
    - V(create) is C(createInstance), V(update_settings) is C(updateSettings), V(patch) updates description or role
      scope tags, V(assign) replaces the assignments, V(delete) removes the profile. Empty when nothing changed.
  returned: always
  type: list
  elements: str
  sample: [update_settings, patch]
error:
  description: Details of the Graph error that failed the task.
  returned: when Graph refused a request
  type: dict
  contains:
    status:
      description: HTTP status.
      type: int
    code:
      description: Graph's C(error.code).
      type: str
    message:
      description: Graph's message, with Intune's nested JSON message unwrapped.
      type: str
    request_id:
      description: The C(request-id) to quote to Microsoft support.
      type: str
    client_request_id:
      description: The C(client-request-id) the module sent.
      type: str
'''

from ansible_collections.msgraph.intune.plugins.module_utils._module import GraphModule
from ansible_collections.msgraph.intune.plugins.module_utils._runners import template_instance


def main():
    GraphModule(template_instance).execute()


if __name__ == '__main__':
    main()
