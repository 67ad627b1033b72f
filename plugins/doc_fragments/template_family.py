# -*- coding: utf-8 -*-
# Copyright: msgraph.intune contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type


class ModuleDocFragment(object):
    """The template family of settings catalog policies and their templates, as Graph beta lists its values."""

    DOCUMENTATION = r'''
options:
  template_family:
    description:
      - Template family (C(templateFamily)) as Intune lists it, for example V(endpointSecurityAntivirus),
        V(endpointSecurityFirewall) or V(baseline).
    type: str
    choices: [none, endpointSecurityAntivirus, endpointSecurityDiskEncryption, endpointSecurityFirewall,
              endpointSecurityEndpointDetectionAndResponse, endpointSecurityAttackSurfaceReduction,
              endpointSecurityAccountProtection, endpointSecurityApplicationControl,
              endpointSecurityEndpointPrivilegeManagement, enrollmentConfiguration, appQuietTime, baseline,
              deviceConfigurationScripts, deviceConfigurationPolicies, windowsOsRecoveryPolicies, companyPortal]
'''
