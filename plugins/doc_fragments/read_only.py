# -*- coding: utf-8 -*-
# Copyright: msgraph.intune contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type


class ModuleDocFragment(object):
    # What the read-only (info) modules share: their attributes and the permission they need.
    DOCUMENTATION = r'''
options: {}
attributes:
  check_mode:
    support: full
    description: The module only reads, so it runs unchanged in check mode.
  diff_mode:
    support: none
    description: Nothing changes, so there is no diff.
notes:
  - The module only reads; it never reports a change.
  - Needs the C(DeviceManagementConfiguration.Read.All) Microsoft Graph application permission.
'''
