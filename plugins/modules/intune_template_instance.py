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
  - The profile is identified by O(intent_id) when given, else by O(display_name) and its template. With
    O(template_name) and no O(template_version) the profile is looked up on every version of that template, so that a
    profile on an older baseline version is managed where it is (with a warning naming the newer version) rather
    than created again. A profile is created exactly once; a rerun finds it and changes only what drifted.
  - A profile on a deprecated template is updated and deleted like any other, with a warning that names the templates
    it migrates to; only creating a profile from a deprecated template is refused (use O(migrate_to)).
  - Settings listed in O(settings_delta) are compared by their decoded JSON value. With O(settings_mode=delta) (the
    default) settings that are not listed keep whatever value the profile has; with O(settings_mode=exact) they are
    held to the template's defaults.
  - O(assignments), when given, is the whole set of recipients of the profile. It is compared with the profile's
    assignments regardless of order, and a difference is written with one C(assign) call that replaces the set.
  - Check mode and the diff predict the profile as Graph will hold it, including on creation (the template's
    default settings with O(settings_delta) applied, the Default scope tag, an empty description); the diff of a
    real run shows the profile as read back.
  - Throttled (429) and unavailable (503, 504) responses are retried, honouring C(Retry-After). The C(createInstance)
    call is never retried blindly; after a lost response the module looks the profile up again before it retries.
  - Since 2025 Intune no longer creates or changes Windows endpoint security profiles through intents (security
    baselines are exempt) and migrates them to settings catalog policies, which
    M(msgraph.intune.intune_configuration_policy) manages. This module never creates a second profile in the old
    format beside a migrated one (see O(allow_beside_policy)), warns about a profile Intune is migrating, and says
    what to use instead when Graph refuses an intent write on such a template.
author:
  - msgraph.intune contributors (@msgraph-intune)
options:
  intent_id:
    description:
      - ID (GUID) of the profile (intent) to manage, for example to tell apart profiles that share a display name
        (their IDs are in the error that reports them, and in M(msgraph.intune.intune_intent_info)).
      - With it, O(display_name) and the template options are optional. A given O(display_name) that differs renames
        the profile; a given template that is not the profile's fails the task.
      - An unknown ID fails the task with O(state=present) and changes nothing with O(state=absent).
    type: str
    version_added: 0.2.0
  template_id:
    description:
      - ID (GUID) of the device management template, as listed by C(GET /deviceManagement/templates).
      - Exactly one of O(template_id) and O(template_name) is required, unless O(intent_id) is given.
    type: str
  template_name:
    description:
      - Display name of the template, matched case-insensitively.
      - A new profile is created on the newest version that is not deprecated, unless O(template_version) is given.
      - Without O(template_version) an existing profile is looked up on every version of the template and managed
        where it is; a warning names the newer version and how to move the profile (O(migrate_to),
        O(migrate_in_place)).
      - Exactly one of O(template_id) and O(template_name) is required, unless O(intent_id) is given.
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
      - Required to create a profile when the template is deprecated.
      - This creates a new profile from the target's defaults plus O(settings_delta); nothing is carried over from a
        profile on the template, which stays as it is (a warning says so). To move that profile instead, set
        O(migrate_in_place).
    type: str
  migrate_in_place:
    description:
      - With O(migrate_to), when the profile exists on the template and not on O(migrate_to), move it there with
        C(POST /deviceManagement/intents/{id}/migrateToTemplate) (C(preserveCustomValues=true)), as the portal's
        C(Change version) does. The profile keeps its ID and assignments, and its custom values for the settings the
        target has; the target's defaults fill the rest. Then the task's drift is applied on the target.
      - Check mode and the diff predict the move (action V(migrate)).
      - With O(state=absent) nothing is moved. By name, only a profile on O(migrate_to) is deleted, and one left on the
        source template is named in a warning; with O(intent_id), exactly that profile is deleted, on whichever
        template it is.
    type: bool
    default: false
    version_added: 0.2.0
  display_name:
    description:
      - Display name of the profile. Together with the template it identifies the profile.
      - Required unless O(intent_id) is given; with O(intent_id), a different name renames the profile.
      - A string; any other type (a list, a number) is refused rather than converted.
      - Before a create, a warning names any profile of the template whose name differs only by case, blanks or
        invisible characters.
    type: raw
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
          - A complex value (a dictionary) replaces the whole value; properties left out are dropped, as the diff
            shows. Its properties are named by their definition IDs' last part after C(_), for example
            C(encryptionMethod) for C(deviceConfiguration--bitLockerSystemDrivePolicy_encryptionMethod); they,
            collection items and abstract complex values are checked against their definitions, which
            M(msgraph.intune.intune_template_info) lists with O(msgraph.intune.intune_template_info#module:include_setting_definitions).
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
  settings_mode:
    description:
      - V(delta) compares only the settings O(settings_delta) lists.
      - V(exact) also holds every other setting of the template to the template's default value (read once per
        template with C(GET /deviceManagement/templates/{id}/settings)). Drift in those settings, for example an edit
        in the portal, is reset in the same single C(updateSettings) call, shown in the diff and counted as a change.
    type: str
    choices: [delta, exact]
    default: delta
    version_added: 0.2.0
  state:
    description:
      - V(present) creates or updates the profile, V(absent) deletes it.
    type: str
    choices: [present, absent]
    default: present
  validate_settings:
    description:
      - Check every O(settings_delta) item against the template's setting definitions (known ID, value type, enum
        values, integer range, string length, collection size, and the properties and items of complex, collection and
        abstract complex values) before anything is written. Every message about a setting names its definition ID.
    type: bool
    default: true
  allow_beside_policy:
    description:
      - Intune moves endpoint security profiles from intents to settings catalog policies; a migrated profile gets a
        new ID in C(configurationPolicies) and leaves C(intents), after which a lookup by name finds no intent.
      - So before it creates an intent, the module looks for a settings catalog policy of the same name in the
        template family that succeeds the template (for example V(endpointSecurityAntivirus) for the Microsoft
        Defender Antivirus intent template, V(baseline) for a security baseline). When there is one, the task fails
        without writing and names it; manage it with M(msgraph.intune.intune_configuration_policy) instead.
      - V(true) creates the intent anyway, beside the policy.
    type: bool
    default: false
    version_added: 0.2.0
extends_documentation_fragment:
  - msgraph.intune.graph_auth
  - msgraph.intune.graph_auth.action_group
  - msgraph.intune.profile
attributes:
  check_mode:
    support: full
    description: Check mode performs only reads and reports what a real run would change.
  diff_mode:
    support: full
    description:
      - Shows the profile before and after, settings keyed by definition ID with decoded values, every setting of the
        profile included.
      - With O(assignments), also the assignment set before and after, in the option's shape and a fixed order, with
        the group's name beside its ID where the task gave O(assignments[].group_name).
notes:
  - Needs C(Group.Read.All) as well when an O(assignments[].group_name) is given.
  - Two or more existing profiles with the same display name make the task fail without writing; the error lists
    their IDs, and O(intent_id) manages exactly one of them (O(state=absent) with O(intent_id) deletes the others).
seealso:
  - name: createInstance action (Microsoft Graph beta)
    description: The Graph call that creates a profile from a template.
    link: https://learn.microsoft.com/en-us/graph/api/intune-deviceintent-devicemanagementtemplate-createinstance?view=graph-rest-beta
  - name: migrateToTemplate action (Microsoft Graph beta)
    description: The Graph call that moves a profile to another template version in place.
    link: https://learn.microsoft.com/en-us/graph/api/intune-deviceintent-devicemanagementintent-migratetotemplate?view=graph-rest-beta
  - name: assign action (Microsoft Graph beta)
    description: The Graph call that replaces a profile's assignments.
    link: https://learn.microsoft.com/en-us/graph/api/intune-deviceintent-devicemanagementintent-assign?view=graph-rest-beta
'''

EXAMPLES = r'''
- name: BitLocker disk encryption profile
  msgraph.intune.intune_template_instance:
    tenant_id: "{{ intune_tenant_id | default(omit) }}"
    client_id: "{{ intune_client_id | default(omit) }}"
    client_secret: "{{ intune_client_secret | default(omit) }}"
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

- name: Move the existing profile to the newer version instead (same ID, assignments and custom values)
  msgraph.intune.intune_template_instance:
    template_id: 034ccd46-190c-4afc-adf1-ad7cc11262eb
    migrate_to: cef15778-c3b9-4d53-a00a-042929f0aad0
    migrate_in_place: true
    display_name: Corp - Windows baseline

- name: Hold every setting the task does not list to the template's default (portal edits are reset)
  msgraph.intune.intune_template_instance:
    template_name: BitLocker
    display_name: Corp - BitLocker
    settings_mode: exact
    settings_delta:
      - definition_id: deviceConfiguration--windows10EndpointProtectionConfiguration_bitLockerEncryptDevice
        value: true

- name: Rename one of two profiles that share a name, by its ID
  msgraph.intune.intune_template_instance:
    intent_id: 8b2b6b0a-4a5e-4a55-8d1c-0f6f3f0a9c11
    display_name: Corp - BitLocker (old)

- name: Assign to a Configuration Manager collection (co-managed devices) and a group
  msgraph.intune.intune_template_instance:
    template_name: BitLocker
    display_name: Corp - BitLocker
    assignments:
      - collection_id: MEM00001
      - group_name: Corp Laptops

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
    - V(migrate) is C(migrateToTemplate) (O(migrate_in_place)), V(create) is C(createInstance), V(update_settings) is
      C(updateSettings), V(patch) updates the name, description or role scope tags, V(assign) replaces the
      assignments, V(delete) removes the profile. Empty when nothing changed.
    - V(delete_own_copy) follows V(create) when another run created the same profile at the same time and first;
      this run deleted its own copy and manages that one.
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
