# -*- coding: utf-8 -*-
# Copyright: msgraph.intune contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# FOR INTERNAL COLLECTION USE ONLY: this file may change without notice.

"""The options of ``intune_template_instance`` checked and normalised before any request (``IntentInputs``)."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import dataclasses
import json

from ansible_collections.msgraph.intune.plugins.module_utils._assignments.inputs import normalise_assignments
from ansible_collections.msgraph.intune.plugins.module_utils._errors import InputError
from ansible_collections.msgraph.intune.plugins.module_utils._guids import check_guid
from ansible_collections.msgraph.intune.plugins.module_utils._profile_fields import (
    checked_description,
    checked_name,
    checked_role_scope_tag_ids,
    json_kind,
)
from ansible_collections.msgraph.intune.plugins.module_utils._intents.values import (
    MAX_VALUE_DEPTH,
    canonical_odata_type,
    check_value_kind,
    encode_value_json,
    load_json,
    value_depth,
    value_type_of,
)


@dataclasses.dataclass
class DesiredSetting:
    """One validated ``settings_delta`` item: ``value`` is the decoded JSON value, ``odata_type`` canonical or None."""

    definition_id: str
    value: object
    odata_type: str = None
    value_field: str = 'value'

    @property
    def value_type(self):
        return value_type_of(self.odata_type)

    def with_odata_type(self, odata_type):
        return dataclasses.replace(self, odata_type=odata_type)


@dataclasses.dataclass
class IntentInputs:
    """The task's options after pure validation (see ``parse_intent_inputs``)."""

    display_name: str
    template_id: str = None
    template_name: str = None
    template_version: str = None
    migrate_to: str = None
    description: str = None
    settings: list = dataclasses.field(default_factory=list)
    role_scope_tag_ids: list = None
    state: str = 'present'
    # A list of _assignments.AssignmentSpec, or None when assignments are not managed.
    assignments: list = None
    intent_id: str = None
    migrate_in_place: bool = False
    settings_mode: str = 'delta'
    remove_unsupported_targets: bool = False
    allow_beside_policy: bool = False


SETTINGS_MODES = ('delta', 'exact')


def parse_intent_inputs(params):
    """Validate the module's options (a mapping with the argspec's keys) into ``IntentInputs``."""
    intent_id = params.get('intent_id')
    if intent_id is not None:
        check_guid('intent_id', intent_id)
        intent_id = intent_id.lower()
    template_id = params.get('template_id')
    template_name = params.get('template_name')
    template_version = params.get('template_version')
    if template_id is not None and template_name is not None:
        raise InputError('template_id', 'give exactly one of template_id and template_name')
    if template_id is None and template_name is None and intent_id is None:
        raise InputError('template_id', 'give exactly one of template_id and template_name (or intent_id)')
    if template_id is not None:
        check_guid('template_id', template_id)
        if template_version is not None:
            raise InputError('template_version', 'is only used with template_name')
    elif template_name is not None and (not isinstance(template_name, str) or not template_name.strip()):
        raise InputError('template_name', 'must be a non-empty string')
    elif template_name is None and template_version is not None:
        raise InputError('template_version', 'is only used with template_name')
    migrate_to = params.get('migrate_to')
    if migrate_to is not None:
        check_guid('migrate_to', migrate_to)
    migrate_in_place = bool(params.get('migrate_in_place'))
    if migrate_in_place and migrate_to is None:
        raise InputError('migrate_in_place', 'needs migrate_to, the template to move the profile to')
    state = params.get('state') or 'present'
    if state not in ('present', 'absent'):
        raise InputError('state', "must be 'present' or 'absent', not %r" % state)
    settings_mode = params.get('settings_mode') or 'delta'
    if settings_mode not in SETTINGS_MODES:
        raise InputError('settings_mode', 'must be one of %s, not %r' % (', '.join(SETTINGS_MODES), settings_mode))
    description = checked_description(params.get('description'))
    display_name = params.get('display_name')
    if display_name is not None or intent_id is None:
        display_name = checked_name('display_name', display_name)
    return IntentInputs(
        display_name=display_name,
        template_id=template_id,
        template_name=template_name,
        template_version=template_version,
        migrate_to=migrate_to,
        description=description,
        settings=normalise_settings_delta(params.get('settings_delta')),
        role_scope_tag_ids=checked_role_scope_tag_ids(params.get('role_scope_tag_ids')),
        state=state,
        assignments=normalise_assignments(params.get('assignments')),
        intent_id=intent_id,
        migrate_in_place=migrate_in_place,
        settings_mode=settings_mode,
        remove_unsupported_targets=bool(params.get('remove_unsupported_targets')),
        allow_beside_policy=bool(params.get('allow_beside_policy')),
    )


def normalise_settings_delta(items):
    """Validate ``settings_delta`` items into ``DesiredSetting`` objects, in order."""
    if items is not None and not isinstance(items, (list, tuple)):
        raise InputError('settings_delta', 'must be a list of dictionaries, got %s' % json_kind(items))
    settings = []
    first_index = {}
    for index, item in enumerate(items or []):
        field = 'settings_delta[%d]' % index
        item = _canonical_item_keys(field, item)
        definition_id = item.get('definition_id')
        if not isinstance(definition_id, str) or not definition_id.strip():
            raise InputError(field + '.definition_id', 'must be a non-empty string')
        if definition_id in first_index:
            raise InputError(field + '.definition_id', '%r is already given in settings_delta[%d]'
                             % (definition_id, first_index[definition_id]))
        first_index[definition_id] = index
        try:
            settings.append(_desired_setting(field, definition_id, item))
        except InputError as exc:
            raise exc.for_setting(definition_id) from None
    return settings


def _desired_setting(field, definition_id, item):
    value, value_field = _decoded_item_value(field, item)
    odata_type = item.get('odata_type')
    if odata_type is not None:
        odata_type = canonical_odata_type(field + '.odata_type', odata_type)
    check_value_kind(field + '.' + value_field, value, value_type_of(odata_type))
    return DesiredSetting(definition_id, value, odata_type, value_field)


# settings_delta items are checked here rather than by an argspec, because Ansible's argspec cannot carry the
# '@odata.type' alias: every spelling a user may copy from Graph is accepted, anything else is refused by name.
SETTING_ITEM_KEYS = {
    'definition_id': ('definition_id', 'definitionId'),
    'value': ('value',),
    'value_json': ('value_json', 'valueJson'),
    'odata_type': ('odata_type', '@odata.type'),
}


def _canonical_item_keys(field, item):
    """Map an item's keys (options or their aliases) to the option names; refuse unknown and doubled keys."""
    if not isinstance(item, dict):
        raise InputError(field, 'must be a dictionary with definition_id and value or value_json')
    canonical = {}
    spelled = {}
    for key, value in item.items():
        name = next((option for option, names in SETTING_ITEM_KEYS.items() if key in names), None)
        if name is None:
            raise InputError('%s.%s' % (field, key), 'is not a supported key; use %s'
                             % ', '.join(' / '.join(names) for names in SETTING_ITEM_KEYS.values()))
        if value is None:
            continue
        if name in canonical:
            raise InputError('%s.%s' % (field, key), 'gives %s a second time (also as %s)' % (name, spelled[name]))
        canonical[name] = value
        spelled[name] = key
    return canonical


def _decoded_item_value(field, item):
    value = item.get('value')
    value_json = item.get('value_json')
    if (value is None) == (value_json is None):
        raise InputError(field, 'give exactly one of value and value_json (to unset a setting use value_json: "null")')
    if value_json is not None:
        if not isinstance(value_json, str):
            raise InputError(field + '.value_json', 'must be JSON text (a string)')
        try:
            return load_json(value_json), 'value_json'
        except ValueError as exc:
            raise InputError(field + '.value_json', 'is not valid JSON: %s' % exc)
    if value_depth(value) > MAX_VALUE_DEPTH:
        raise InputError(field + '.value', 'nests deeper than %d levels' % MAX_VALUE_DEPTH)
    try:
        # A round trip turns Ansible's str subclasses and tuples into plain JSON data.
        return json.loads(encode_value_json(value)), 'value'
    except (TypeError, ValueError, RecursionError) as exc:
        raise InputError(field + '.value', 'cannot be represented as JSON: %s' % exc)
