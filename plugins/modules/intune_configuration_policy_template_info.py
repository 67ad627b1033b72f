#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: msgraph.intune contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

DOCUMENTATION = r'''
---
module: intune_configuration_policy_template_info
short_description: List Intune configuration policy templates with their settings
version_added: 0.2.0
description:
  - Lists the templates of Intune settings catalog policies (Microsoft Graph
    C(deviceManagementConfigurationPolicyTemplate)), those of Endpoint Security profiles and security baselines, each
    version with its C(baseId), C(version), C(templateFamily) and C(lifecycleState).
  - With O(include_settings=true) (the default), each template also carries its setting templates with their setting
    definitions, as Graph returns them, and RV(templates[].settings), a summary of each top-level setting as
    O(msgraph.intune.intune_configuration_policy#module:settings) takes it.
  - Every filter given must match. Deprecated and retired templates are left out unless O(include_deprecated=true).
author:
  - msgraph.intune contributors (@msgraph-intune)
options:
  template_id:
    description:
      - ID of the template, C(<baseId>_<version>). An unknown ID returns no template.
    type: str
  template_name:
    description:
      - Display name of the templates, compared case-insensitively. Every version of the template is returned.
    type: str
  include_deprecated:
    description:
      - Also return templates whose C(lifecycleState) is C(deprecated) or C(retired).
    type: bool
    default: false
  include_settings:
    description:
      - Return each template's setting templates and setting definitions, and RV(templates[].settings).
      - Costs one request per template (read once per template ID and kept in the cache, since they never change).
    type: bool
    default: true
extends_documentation_fragment:
  - msgraph.intune.graph_auth
  - msgraph.intune.graph_auth.action_group
  - msgraph.intune.template_family
  - msgraph.intune.read_only
seealso:
  - module: msgraph.intune.intune_configuration_policy
  - module: msgraph.intune.intune_configuration_policy_info
'''

EXAMPLES = r'''
- name: The settings of the current Microsoft Defender Antivirus template
  msgraph.intune.intune_configuration_policy_template_info:
    template_family: endpointSecurityAntivirus
    template_name: Microsoft Defender Antivirus
  register: antivirus

- name: Every version of the security baselines, without their settings
  msgraph.intune.intune_configuration_policy_template_info:
    template_family: baseline
    include_deprecated: true
    include_settings: false
'''

RETURN = r'''
templates:
  description: The templates; within one name, the newest version first.
  returned: success
  type: list
  elements: dict
  contains:
    id:
      description: The template's ID, C(<baseId>_<version>).
      type: str
    baseId:
      description: The ID the versions of the template share.
      type: str
    version:
      description: The version number.
      type: int
    displayName:
      description: The template's name.
      type: str
    templateFamily:
      description: The template family.
      type: str
    lifecycleState:
      description: C(draft), C(active), C(superseded), C(deprecated) or C(retired).
      type: str
    settingTemplates:
      description: The setting templates with their C(settingDefinitions), as Graph returns them.
      returned: when O(include_settings=true)
      type: list
      elements: dict
    settings:
      description:
        - One entry per top-level setting, as O(msgraph.intune.intune_configuration_policy#module:settings) takes it -
          C(definition_id), C(display_name), C(kind), C(required), C(options) (each with C(id), C(name),
          C(display_name) and the C(children) allowed under it), the limits (C(minimum), C(maximum), C(min_length),
          C(max_length), C(pattern), C(min_count), C(max_count)) and, for groups, C(children).
      returned: when O(include_settings=true)
      type: list
      elements: dict
'''

from ansible_collections.msgraph.intune.plugins.module_utils._module import GraphModule
from ansible_collections.msgraph.intune.plugins.module_utils._runners import configuration_policy_template_info


def main():
    GraphModule(configuration_policy_template_info).execute()


if __name__ == '__main__':
    main()
