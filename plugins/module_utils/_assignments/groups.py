# -*- coding: utf-8 -*-
# Copyright: msgraph.intune contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# FOR INTERNAL COLLECTION USE ONLY: this file may change without notice.

"""Resolving validated ``assignments`` elements into canonical targets (reads only): group names become ids."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

from ansible_collections.msgraph.intune.plugins.module_utils._errors import InputError
from ansible_collections.msgraph.intune.plugins.module_utils._odata import odata_string_literal

GROUPS_PATH = 'groups'


def resolve_targets(client, specs, group_names=None):
    """The canonical targets of validated specs, in order: group names resolved, each recipient given once.

    ``group_names`` (a dict), when given, receives ``{group id: name}`` for the elements that named their group only
    (``group_name`` without ``group_id``), as Graph spells the name: the lookup ignores case, and a diff shows the
    group as the directory names it. A ``group_name`` beside a ``group_id`` is a label, not looked up here.
    """
    targets = []
    first_field = {}
    for spec in specs:
        group = find_group(client, spec) if spec.subject == 'group_name' else None
        target = spec.target(group['id'] if group else None)
        if group is not None and group_names is not None:
            group_names[target.group_id] = group.get('displayName') or spec.group_name
        if target.recipient in first_field:
            raise InputError(spec.field, 'assigns %s, which %s already assigns; give each recipient once'
                             % (_recipient_text(spec, target), first_field[target.recipient]))
        first_field[target.recipient] = spec.field
        targets.append(target)
    return targets


def find_group(client, spec):
    """The one group (id, displayName) named ``spec.group_name``; zero or several matches fail and name what was
    found."""
    groups = find_groups(client, spec.group_name)
    field = spec.field + '.group_name'
    if not groups:
        raise InputError(field, 'no group is named %r; check the name or give group_id' % spec.group_name)
    if len(groups) > 1:
        raise InputError(field, '%d groups are named %r: %s; give group_id instead'
                         % (len(groups), spec.group_name,
                            ', '.join('%s (%r)' % (g.get('id'), g.get('displayName')) for g in groups)))
    return groups[0]


def find_groups(client, display_name):
    """Groups whose displayName equals ``display_name``; Graph compares case-insensitively, and so does the re-check."""
    candidates = client.get_all(GROUPS_PATH, params={
        '$filter': 'displayName eq ' + odata_string_literal(display_name), '$select': 'id,displayName'})
    wanted = display_name.lower()
    return [group for group in candidates if (group.get('displayName') or '').lower() == wanted]


def _recipient_text(spec, target):
    if target.is_group:
        named = ' (%r)' % spec.group_name if spec.group_name else ''
        return 'group %s%s' % (target.group_id, named)
    if target.collection_id:
        return 'collection %s' % target.collection_id
    return spec.subject
