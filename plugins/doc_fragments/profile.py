# -*- coding: utf-8 -*-
# Copyright: msgraph.intune contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type


class ModuleDocFragment(object):
    """The options every profile module shares, intents and configuration policies alike: role scope tags and assignments."""

    DOCUMENTATION = r'''
options:
  role_scope_tag_ids:
    description:
      - Role scope tag IDs of the profile, compared regardless of order. Not managed when omitted.
      - Intune gives a profile without scope tags the Default tag (ID V(0)), so V([]) and V(["0"]) are the same.
    type: list
    elements: str
  assignments:
    description:
      - Who receives the profile, as the complete set. Not managed when omitted; V([]) assigns the profile to nobody.
      - Each element gives exactly one of O(assignments[].group_id), O(assignments[].group_name),
        O(assignments[].all_devices), O(assignments[].all_users), O(assignments[].collection_id) and
        O(assignments[].unsupported_target); only O(assignments[].group_name) may also stand beside
        O(assignments[].group_id), as its label.
      - Every element is checked before any request is sent; an error names the element and the field, for example
        C(assignments[1].group_id).
      - A current assignment of a target type this collection cannot express is never removed silently. The task fails
        and names it unless the list keeps it (as O(assignments[].unsupported_target), which
        M(msgraph.intune.intune_intent_info) exports) or O(remove_unsupported_targets=true) removes it on purpose.
      - On creation the profile is created first and then assigned. Used with O(state=present) only.
    type: list
    elements: dict
    suboptions:
      group_id:
        description:
          - Object ID (GUID) of a Microsoft Entra group.
          - The info modules export a group with both O(assignments[].group_id) and O(assignments[].group_name).
        type: str
      group_name:
        description:
          - Display name of a Microsoft Entra group.
          - Given alone, it is resolved to the group's ID with C(GET /groups?$filter=displayName eq '...'). Exactly
            one group must have this name; no match or several matches fail the task and name what was found. This
            needs the C(Group.Read.All) Microsoft Graph application permission.
          - Given beside O(assignments[].group_id), it is a label for the people who review the task, and
            O(assignments[].group_id) alone decides which group is assigned. The label is checked against the
            group's current name only when the task reads group names anyway (it writes the assignments, or runs
            with C(--diff)); a label that no longer matches, or an ID the directory does not have, is a warning,
            never a failure. Without drift the label costs no request.
          - Group names are read with one C(POST /directoryObjects/getByIds) for all groups of the task, which needs
            the C(Directory.Read.All) Microsoft Graph application permission. Without it the diff shows group IDs only
            and the task warns once; nothing else changes.
        type: str
      all_devices:
        description:
          - V(true) assigns the profile to all devices (C(#microsoft.graph.allDevicesAssignmentTarget)).
        type: bool
      all_users:
        description:
          - V(true) assigns the profile to all licensed users (C(#microsoft.graph.allLicensedUsersAssignmentTarget)).
        type: bool
      collection_id:
        description:
          - ID of a Configuration Manager collection, for example V(MEM00001), for co-managed devices
            (C(#microsoft.graph.configurationManagerCollectionAssignmentTarget)). Compared case-insensitively.
        type: str
        version_added: 0.2.0
      unsupported_target:
        description:
          - An assignment target of a type this collection has no option for, as Graph returns it (a dictionary with
            its C(@odata.type)); sent back unchanged. The info modules export such targets so.
          - Takes no O(assignments[].mode), O(assignments[].filter_id) or O(assignments[].filter_type); the target
            carries its own filter members.
        type: dict
        version_added: 0.2.0
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
  remove_unsupported_targets:
    description:
      - Remove current assignments of target types this collection cannot express when O(assignments) does not list
        them. Without it such a target fails the task, so that it is never dropped silently.
    type: bool
    default: false
    version_added: 0.2.0
'''
