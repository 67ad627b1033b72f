#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: msgraph.intune contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

DOCUMENTATION = r'''
---
module: intune_template_info
short_description: List Intune device management templates and their setting definitions
version_added: 0.1.0
description:
  - Lists the Microsoft Intune device management templates (Endpoint Security templates and security baselines,
    Microsoft Graph C(deviceManagementTemplate)) that profiles are created from with M(msgraph.intune.intune_template_instance).
  - Every filter given must match. Without filters, every template that is not deprecated is returned.
  - With O(include_setting_definitions), each template also lists its setting definitions, which give the
    C(definition_id), value type and allowed values to write in O(msgraph.intune.intune_template_instance#module:settings_delta).
author:
  - msgraph.intune contributors (@msgraph-intune)
options:
  template_id:
    description:
      - ID (GUID) of the template. An unknown ID returns no template.
      - A template asked for by ID is returned even when it is deprecated.
    type: str
  template_name:
    description:
      - Display name of the templates, matched case-insensitively. Several versions of a template share a name.
    type: str
  template_type:
    description:
      - The C(templateType) of the templates, for example V(securityBaseline), V(securityTemplate),
        V(advancedThreatProtectionSecurityBaseline) or V(microsoftEdgeSecurityBaseline); matched case-insensitively.
    type: str
  include_deprecated:
    description:
      - Also return deprecated templates (older versions of a security baseline), from which no profile can be created.
    type: bool
    default: false
  migratable_from:
    description:
      - ID (GUID) of a template; only the templates it can migrate to (its C(migratableTo) templates) are returned.
      - Use one of them as O(msgraph.intune.intune_template_instance#module:migrate_to).
      - An unknown ID fails the task.
    type: str
  include_setting_definitions:
    description:
      - Return the setting definitions of every template in RV(templates[].settingDefinitions).
      - This reads the template's categories, one list of definitions per category and each nested definition, so it
        costs a few requests per template; narrow the selection first.
    type: bool
    default: false
extends_documentation_fragment:
  - msgraph.intune.graph_auth
  - msgraph.intune.graph_auth.action_group
  - msgraph.intune.read_only
seealso:
  - module: msgraph.intune.intune_template_instance
  - module: msgraph.intune.intune_intent_info
'''

EXAMPLES = r'''
- name: List the current security baselines
  msgraph.intune.intune_template_info:
    template_type: securityBaseline
  register: baselines

- name: Show the setting definitions of the BitLocker template, to write settings_delta
  msgraph.intune.intune_template_info:
    template_name: BitLocker
    include_setting_definitions: true
  register: bitlocker

- name: Print each definition ID with its value type and constraints
  ansible.builtin.debug:
    msg: "{{ item.id }} ({{ item.valueType }}): {{ item.constraints | to_json }}"
  loop: "{{ bitlocker.templates[0].settingDefinitions }}"
  loop_control:
    label: "{{ item.id }}"

- name: Every version of the Windows security baseline, deprecated ones included
  msgraph.intune.intune_template_info:
    template_name: Security Baseline for Windows 10 and later
    include_deprecated: true
  register: windows_baselines

- name: The templates that a deprecated baseline version can migrate to
  msgraph.intune.intune_template_info:
    migratable_from: 034ccd46-190c-4afc-adf1-ad7cc11262eb
  register: targets
'''

RETURN = r'''
templates:
  description:
    - The templates that match, in the order Graph lists them, with Graph's own field names.
  returned: always
  type: list
  elements: dict
  contains:
    id:
      description: Template ID, the O(msgraph.intune.intune_template_instance#module:template_id) of profiles created from it.
      type: str
      sample: d1174162-1dd2-4976-affc-6667049ab0ae
    displayName:
      description: Display name.
      type: str
      sample: BitLocker
    description:
      description: Description.
      type: str
    versionInfo:
      description: Version of the template; versions of a baseline share the display name.
      type: str
      sample: December 2022
    isDeprecated:
      description: Whether the template is deprecated. No profile can be created from a deprecated template.
      type: bool
    templateType:
      description: Kind of template, for example C(securityBaseline) or C(securityTemplate).
      type: str
    templateSubtype:
      description: Endpoint Security area, for example C(diskEncryption), C(antivirus) or C(firewall); C(none) for baselines.
      type: str
    platformType:
      description: Platform, for example C(windows10AndLater).
      type: str
    publishedDateTime:
      description: When the template version was published.
      type: str
    intentCount:
      description: Number of profiles created from the template.
      type: int
    settingDefinitions:
      description:
        - The template's setting definitions over all its categories, as Graph describes them.
        - Complex definitions list their C(propertyDefinitionIds), collections their C(elementDefinitionId) and
          abstract complex definitions their C(implementations).
        - After the template's own definitions come the nested definitions those name (C(isTopLevel) false, read
          from C(GET /deviceManagement/settingDefinitions/{id})), that is the properties of complex values, the items
          of collections and the implementations of abstract complex values, with their own types and constraints.
      returned: when O(include_setting_definitions=true)
      type: list
      elements: dict
      contains:
        id:
          description: The definition ID to give as C(definition_id) in O(msgraph.intune.intune_template_instance#module:settings_delta).
          type: str
          sample: deviceConfiguration--windows10EndpointProtectionConfiguration_bitLockerEncryptDevice
        displayName:
          description: The setting's name in the Intune portal.
          type: str
        description:
          description: What the setting does.
          type: str
        valueType:
          description: The value's type, one of C(integer), C(boolean), C(string), C(complex), C(collection), C(abstractComplex).
          type: str
          sample: boolean
        isTopLevel:
          description: Whether the setting is shown on its own, rather than as part of a complex setting.
          type: bool
        constraints:
          description:
            - The value's constraints, each named by its C(@odata.type), for example
              C(#microsoft.graph.deviceManagementEnumConstraint) with C(values), or
              C(#microsoft.graph.deviceManagementSettingIntegerConstraint) with C(minimumValue) and C(maximumValue).
          type: list
          elements: dict
'''

from ansible_collections.msgraph.intune.plugins.module_utils._module import GraphModule
from ansible_collections.msgraph.intune.plugins.module_utils._runners import template_info


def main():
    GraphModule(template_info).execute()


if __name__ == '__main__':
    main()
