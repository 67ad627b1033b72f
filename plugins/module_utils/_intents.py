# -*- coding: utf-8 -*-
# Copyright: msgraph.intune contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# FOR INTERNAL COLLECTION USE ONLY: this file may change without notice.

"""The intent domain: what an ``intune_template_instance`` task means in Graph beta terms.

Read top-down: the plan/apply entry points, then the pure input validation, template resolution, setting
definitions, intent lookup, value comparison, request payloads, and finally the planning and writing steps.
Nothing here imports Ansible; the module wires these functions to ``GraphModule``.
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import copy
import datetime
import difflib
import json
import math
import re
import unicodedata

from ansible_collections.msgraph.intune.plugins.module_utils import _assignments
from ansible_collections.msgraph.intune.plugins.module_utils._graph import GraphError, GraphTransportError
from ansible_collections.msgraph.intune.plugins.module_utils._inputs import IntentError, IntentInputError, check_guid
from ansible_collections.msgraph.intune.plugins.module_utils._odata import (
    INTENTS_PATH,
    TEMPLATES_PATH,
    intent_path,
    odata_string_literal,
    path_segment,
)

INT32_MIN = -2 ** 31
INT32_MAX = 2 ** 31 - 1

# deviceManangementIntentValueType (sic) members, in Graph's order; each names one setting instance type.
VALUE_TYPES = ('integer', 'boolean', 'string', 'complex', 'collection', 'abstractComplex')
STRUCTURED_VALUE_TYPES = ('complex', 'collection', 'abstractComplex')

# Statuses with which Graph refuses a $filter it cannot evaluate (names with brackets give 500, see FACTS §3.12).
FILTER_REFUSED_STATUSES = (400, 500, 501)


def setting_instance_type(value_type):
    """``'integer'`` -> ``'#microsoft.graph.deviceManagementIntegerSettingInstance'``."""
    return '#microsoft.graph.deviceManagement%s%sSettingInstance' % (value_type[0].upper(), value_type[1:])


def _odata_type_aliases():
    aliases = {}
    for value_type in VALUE_TYPES:
        full = setting_instance_type(value_type)
        for alias in (full, full[1:], full[len('#microsoft.graph.'):], value_type):
            aliases[alias.lower()] = value_type
    return aliases


ODATA_TYPE_ALIASES = _odata_type_aliases()


class DesiredSetting:
    """One validated ``settings_delta`` item: ``value`` is the decoded JSON value, ``odata_type`` canonical or None."""

    def __init__(self, definition_id, value, odata_type=None, value_field='value'):
        self.definition_id = definition_id
        self.value = value
        self.odata_type = odata_type
        self.value_field = value_field

    @property
    def value_type(self):
        return value_type_of(self.odata_type)

    def with_odata_type(self, odata_type):
        return DesiredSetting(self.definition_id, self.value, odata_type, self.value_field)

    def __eq__(self, other):
        return isinstance(other, DesiredSetting) and vars(self) == vars(other)

    def __repr__(self):
        return 'DesiredSetting(%r, %r, %r)' % (self.definition_id, self.value, self.odata_type)


class IntentInputs:
    """The task's options after pure validation (see ``parse_intent_inputs``)."""

    def __init__(self, display_name, template_id=None, template_name=None, template_version=None, migrate_to=None,
                 description=None, settings=None, role_scope_tag_ids=None, state='present', assignments=None):
        self.display_name = display_name
        self.template_id = template_id
        self.template_name = template_name
        self.template_version = template_version
        self.migrate_to = migrate_to
        self.description = description
        self.settings = list(settings or [])
        self.role_scope_tag_ids = role_scope_tag_ids
        self.state = state
        # A list of _assignments.AssignmentSpec, or None when assignments are not managed.
        self.assignments = assignments


class TemplateChoice:
    """The template named by the task, the one intents are created from and matched on, and how to create them."""

    def __init__(self, source_template, effective_template, use_migration_path):
        self.source_template = source_template
        self.effective_template = effective_template
        self.use_migration_path = use_migration_path

    @property
    def effective_id(self):
        return self.effective_template['id']

    @property
    def create_instance_path(self):
        if self.use_migration_path:
            return '%s/%s/migratableTo/%s/createInstance' % (
                TEMPLATES_PATH, path_segment(self.source_template['id']), path_segment(self.effective_id))
        return '%s/%s/createInstance' % (TEMPLATES_PATH, path_segment(self.effective_id))


class IntentPlan:
    """Everything ``apply_plan`` needs and everything the module reports, computed with reads only.

    ``actions`` lists the writes in order (``create``, ``update_settings``, ``patch``, ``assign``, ``delete``); empty
    means nothing to do. ``before``/``after`` are the diff views; ``predicted_intent`` is the intent as the run would
    leave it, in Graph's field names (``{}`` when there is none). ``assignment_targets`` is the desired assignment set
    (None when assignments are not managed) and ``assign_body`` the assign call's body when the set differs.
    """

    def __init__(self, inputs, template, intent, warnings):
        self.inputs = inputs
        self.template = template
        self.intent = intent
        self.warnings = warnings
        self.actions = []
        self.create_body = None
        self.settings_update = []
        self.patch_body = {}
        self.before = {}
        self.after = {}
        self.predicted_intent = {}
        self.assignment_targets = None
        self.assign_body = None

    @property
    def changed(self):
        return bool(self.actions)


# ---------------------------------------------------------------------------------------------------------------------
# Entry points


def plan_intent(client, inputs, check_definitions=True):
    """Read what exists and decide the writes. ``inputs`` is an ``IntentInputs`` or the module's params.

    Setting definitions are loaded only when settings are about to be written (and ``check_definitions`` is true):
    a run without drift costs the template, the intent lookup and the intent's settings. A wrong definition id
    always makes drift (the intent cannot have it), so it still fails before any write.
    """
    if not isinstance(inputs, IntentInputs):
        inputs = parse_intent_inputs(inputs)
    choice = resolve_template(client, inputs.template_id, inputs.template_name, inputs.template_version,
                              inputs.migrate_to, inputs.state)
    warnings = []
    intent = single_intent(find_intents(client, inputs.display_name, choice.effective_id, warnings))
    warning = migration_warning(intent) if intent is not None else None
    if warning:
        _add_warning(warnings, warning)
    plan = IntentPlan(inputs, choice, intent, warnings)
    if inputs.state == 'absent':
        _plan_delete(client, plan)
    elif intent is None:
        _plan_create(client, plan, check_definitions)
    else:
        _plan_update(client, plan, check_definitions)
    if inputs.state == 'present' and inputs.assignments is not None:
        _assignments.plan_assignments(client, plan)
    return plan


def apply_plan(client, plan):
    """Make the plan's writes and return the resulting intent as Graph now has it (``{}`` once deleted)."""
    if not plan.actions:
        return plan.predicted_intent
    if 'delete' in plan.actions:
        delete_intent(client, plan.intent['id'])
        return {}
    created = create_intent(client, plan) if 'create' in plan.actions else None
    intent_id = created['id'] if created else plan.intent['id']
    if 'update_settings' in plan.actions:
        client.post('%s/updateSettings' % intent_path(intent_id), {'settings': plan.settings_update}, idempotent=True)
    if 'patch' in plan.actions:
        client.patch(intent_path(intent_id), plan.patch_body)
    if 'assign' in plan.actions:
        _assignments.assign(client, intent_id, plan.assign_body)
    if plan.actions == ['create']:
        # createInstance (or the lookup that settled it) returned the intent as Graph stores it: only its settings,
        # which the response does not carry, are read back.
        intent = without_odata_context(created)
        intent['settings'] = read_intent_settings(client, intent_id)
    else:
        intent = read_intent(client, intent_id)
    if plan.assignment_targets is not None:
        intent['assignments'] = _assignments.read_assignments(client, intent_id)
    return intent


# ---------------------------------------------------------------------------------------------------------------------
# Pure input validation (no network)


def parse_intent_inputs(params):
    """Validate the module's options (a mapping with the argspec's keys) into ``IntentInputs``."""
    template_id = params.get('template_id')
    template_name = params.get('template_name')
    template_version = params.get('template_version')
    if (template_id is None) == (template_name is None):
        raise IntentInputError('template_id', 'give exactly one of template_id and template_name')
    if template_id is not None:
        check_guid('template_id', template_id)
        if template_version is not None:
            raise IntentInputError('template_version', 'is only used with template_name')
    elif not isinstance(template_name, str) or not template_name.strip():
        raise IntentInputError('template_name', 'must be a non-empty string')
    migrate_to = params.get('migrate_to')
    if migrate_to is not None:
        check_guid('migrate_to', migrate_to)
    state = params.get('state') or 'present'
    if state not in ('present', 'absent'):
        raise IntentInputError('state', "must be 'present' or 'absent', not %r" % state)
    description = params.get('description')
    if description is not None and not isinstance(description, str):
        raise IntentInputError('description', 'must be a string (quote it in YAML), got %s' % _json_kind(description))
    return IntentInputs(
        display_name=_checked_display_name(params.get('display_name')),
        template_id=template_id,
        template_name=template_name,
        template_version=template_version,
        migrate_to=migrate_to,
        description=description,
        settings=normalise_settings_delta(params.get('settings_delta')),
        role_scope_tag_ids=_checked_role_scope_tag_ids(params.get('role_scope_tag_ids')),
        state=state,
        assignments=_assignments.normalise_assignments(params.get('assignments')),
    )


def normalise_settings_delta(items):
    """Validate ``settings_delta`` items into ``DesiredSetting`` objects, in order."""
    if items is not None and not isinstance(items, (list, tuple)):
        raise IntentInputError('settings_delta', 'must be a list of dictionaries, got %s' % _json_kind(items))
    settings = []
    first_index = {}
    for index, item in enumerate(items or []):
        field = 'settings_delta[%d]' % index
        item = _canonical_item_keys(field, item)
        definition_id = item.get('definition_id')
        if not isinstance(definition_id, str) or not definition_id.strip():
            raise IntentInputError(field + '.definition_id', 'must be a non-empty string')
        if definition_id in first_index:
            raise IntentInputError(field + '.definition_id', '%r is already given in settings_delta[%d]'
                                   % (definition_id, first_index[definition_id]))
        first_index[definition_id] = index
        value, value_field = _decoded_item_value(field, item)
        odata_type = item.get('odata_type')
        if odata_type is not None:
            odata_type = canonical_odata_type(field + '.odata_type', odata_type)
        _check_value_kind(field + '.' + value_field, value, value_type_of(odata_type))
        settings.append(DesiredSetting(definition_id, value, odata_type, value_field))
    return settings


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
        raise IntentInputError(field, 'must be a dictionary with definition_id and value or value_json')
    canonical = {}
    spelled = {}
    for key, value in item.items():
        name = next((option for option, names in SETTING_ITEM_KEYS.items() if key in names), None)
        if name is None:
            raise IntentInputError('%s.%s' % (field, key), 'is not a supported key; use %s'
                                   % ', '.join(' / '.join(names) for names in SETTING_ITEM_KEYS.values()))
        if value is None:
            continue
        if name in canonical:
            raise IntentInputError('%s.%s' % (field, key), 'gives %s a second time (also as %s)' % (name, spelled[name]))
        canonical[name] = value
        spelled[name] = key
    return canonical


def canonical_odata_type(field, text):
    """Accept a setting instance type with or without ``#``/namespace, or its valueType; return the full name."""
    value_type = ODATA_TYPE_ALIASES.get(str(text).strip().lower())
    if value_type is None:
        raise IntentInputError(field, 'unknown setting instance type %r; use one of: %s'
                               % (text, ', '.join(setting_instance_type(v) for v in VALUE_TYPES)))
    return setting_instance_type(value_type)


def _known_instance_type(text):
    """The canonical instance type of a type name Graph sent, or None when it is not a known one."""
    value_type = ODATA_TYPE_ALIASES.get((text or '').lower())
    return setting_instance_type(value_type) if value_type else None


def value_type_of(odata_type):
    """The valueType a canonical instance type stands for (None for None)."""
    if odata_type is None:
        return None
    return ODATA_TYPE_ALIASES[odata_type.lower()]


def _decoded_item_value(field, item):
    value = item.get('value')
    value_json = item.get('value_json')
    if (value is None) == (value_json is None):
        raise IntentInputError(field, 'give exactly one of value and value_json (to unset a setting use value_json: "null")')
    if value_json is not None:
        if not isinstance(value_json, str):
            raise IntentInputError(field + '.value_json', 'must be JSON text (a string)')
        try:
            return json.loads(value_json, parse_constant=_reject_json_constant), 'value_json'
        except ValueError as exc:
            raise IntentInputError(field + '.value_json', 'is not valid JSON: %s' % exc)
    try:
        # A round trip turns Ansible's str subclasses and tuples into plain JSON data.
        return json.loads(encode_value_json(value)), 'value'
    except (TypeError, ValueError) as exc:
        raise IntentInputError(field + '.value', 'cannot be represented as JSON: %s' % exc)


def _reject_json_constant(name):
    raise ValueError('%s is not JSON' % name)


def _check_value_kind(field, value, value_type):
    """Checks that hold whatever the definition says: a value must fit its declared instance type, and Int32."""
    if value is None:
        return
    if isinstance(value, float):
        raise IntentInputError(field, 'a number with a fraction (%r) fits no setting instance type' % value)
    if value_type is not None and not value_fits_type(value, value_type):
        raise IntentInputError(field, 'a %s instance needs %s, got %s'
                               % (setting_instance_type(value_type), _expected_kind(value_type), _json_kind(value)))
    if _is_integer(value) and not INT32_MIN <= value <= INT32_MAX:
        raise IntentInputError(field, '%d does not fit a 32-bit integer setting' % value)


def value_fits_type(value, value_type):
    """Whether a decoded value can be sent as ``value_type``; null (not configured) fits every type."""
    if value is None:
        return True
    if value_type == 'integer':
        return _is_integer(value)
    if value_type == 'boolean':
        return isinstance(value, bool)
    if value_type == 'string':
        return isinstance(value, str)
    # Intune sends complex, collection and abstract complex values both as JSON objects and as arrays.
    return isinstance(value, (dict, list))


def _expected_kind(value_type):
    return {'integer': 'an integer', 'boolean': 'a boolean', 'string': 'a string'}.get(
        value_type, 'a JSON object or array')


def _json_kind(value):
    for kind, types in (('a boolean', bool), ('an integer', int), ('a number', float), ('a string', str),
                        ('a JSON array', list), ('a JSON object', dict)):
        if isinstance(value, types):
            return kind
    return 'null'


def _is_integer(value):
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _checked_display_name(display_name):
    if not isinstance(display_name, str):
        raise IntentInputError('display_name', 'must be a non-empty string (quote it in YAML), got %s'
                               % _json_kind(display_name))
    if not display_name.strip():
        raise IntentInputError('display_name', 'must be a non-empty string')
    for position, char in enumerate(display_name):
        if unicodedata.category(char) == 'Cc':
            raise IntentInputError('display_name', 'contains the control character U+%04X at position %d'
                                   % (ord(char), position))
    return display_name


def _checked_role_scope_tag_ids(tag_ids):
    if tag_ids is None:
        return None
    checked = []
    for index, tag_id in enumerate(tag_ids):
        text = str(tag_id) if tag_id is not None else ''
        if not text.strip():
            raise IntentInputError('role_scope_tag_ids[%d]' % index, 'must be a non-empty string')
        if text not in checked:
            checked.append(text)
    return checked


# ---------------------------------------------------------------------------------------------------------------------
# Templates


def resolve_template(client, template_id=None, template_name=None, template_version=None, migrate_to=None,
                     state='present'):
    """Find the template the task names and the effective one (``migrate_to`` when given)."""
    if template_id is not None:
        source = _get_template(client, template_id)
    else:
        source = _template_by_name(client, template_name, template_version)
    if migrate_to is not None:
        target = _migration_target(client, source, migrate_to)
        if state == 'present' and target.get('isDeprecated'):
            raise IntentInputError('migrate_to', 'template %s is deprecated as well; intents cannot be created from it'
                                   % _describe_template(target))
        return TemplateChoice(source, target, True)
    if state == 'present' and source.get('isDeprecated'):
        targets = migration_targets(client, source['id'])
        raise IntentInputError('migrate_to', 'template %s is deprecated, so intents cannot be created from it; '
                               'set migrate_to to one of the templates it migrates to: %s'
                               % (_describe_template(source), _describe_templates(targets)))
    return TemplateChoice(source, source, False)


# What may be reused from the client's GraphCache (per run, and on disk across runs). A template's setting
# definitions never change for a template id (Intune publishes a new version with a new id instead), so they are
# kept without expiry. The template entity, the template list and migratableTo do change: a template gets
# deprecated, a new version appears. They are kept for TEMPLATE_MAX_AGE seconds, which makes a playbook of hundreds
# of tasks read them once, and lets a stale "not deprecated" at worst meet Graph's own refusal of createInstance.
TEMPLATE_MAX_AGE = 3600


def _cached(client, kind, key, fetch, max_age=None):
    """``fetch()`` through the client's GraphCache; stand-in clients without one always fetch."""
    cache = getattr(client, 'cache', None)
    if cache is None:
        return fetch()
    return cache.get_or_fetch(kind, key, fetch, max_age)


def migration_targets(client, template_id):
    return _cached(client, 'migratableTo', template_id.lower(), max_age=TEMPLATE_MAX_AGE, fetch=lambda: client.get_all(
        '%s/%s/migratableTo' % (TEMPLATES_PATH, path_segment(template_id))))


def _get_template(client, template_id):
    try:
        return _cached(client, 'template', template_id.lower(), max_age=TEMPLATE_MAX_AGE, fetch=lambda: client.get(
            '%s/%s' % (TEMPLATES_PATH, path_segment(template_id))))
    except GraphError as exc:
        if exc.status == 404:
            raise IntentInputError('template_id', 'no device management template has the id %s' % template_id)
        raise


def _template_by_name(client, template_name, template_version):
    templates = _cached(client, 'templates', '', max_age=TEMPLATE_MAX_AGE, fetch=lambda: client.get_all(TEMPLATES_PATH))
    named = [t for t in templates if template_name_matches(t, template_name)]
    if not named:
        raise IntentInputError('template_name', 'no device management template is named %r; %s'
                               % (template_name, _close_names_text(template_name, templates)))
    if template_version is not None:
        versioned = [t for t in named if (t.get('versionInfo') or '').strip().lower() == template_version.strip().lower()]
        if not versioned:
            raise IntentInputError('template_version', 'template %r has no version %r; its versions are: %s'
                                   % (template_name, template_version, _describe_templates(named)))
        return max(versioned, key=_published_key)
    current = [t for t in named if not t.get('isDeprecated')]
    # With every version deprecated, the newest one is returned so that the deprecation error names its targets.
    return max(current or named, key=_published_key)


def template_name_matches(template, template_name):
    """Template names match case-insensitively, ignoring surrounding blanks (the portal shows them that way)."""
    return (template.get('displayName') or '').strip().lower() == template_name.strip().lower()


def _migration_target(client, source, migrate_to):
    targets = migration_targets(client, source['id'])
    for target in targets:
        if _same_id(target.get('id'), migrate_to):
            return target
    raise IntentInputError('migrate_to', 'template %s cannot migrate to %s; it can migrate to: %s'
                           % (_describe_template(source), migrate_to, _describe_templates(targets)))


def _published_key(template):
    """Sort key for publishedDateTime; Graph sends 0-7 fraction digits, so parse instead of comparing text."""
    match = re.match(r'^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?', template.get('publishedDateTime') or '')
    if not match:
        return datetime.datetime.min
    parts = [int(part) for part in match.groups()[:6]]
    microseconds = int((match.group(7) or '0')[:6].ljust(6, '0'))
    return datetime.datetime(*parts, microsecond=microseconds)


def _describe_template(template):
    text = '%s (%r' % (template.get('id'), template.get('displayName'))
    if template.get('versionInfo'):
        text += ', version %r' % template['versionInfo']
    return text + ')'


def _describe_templates(templates):
    if not templates:
        return 'none'
    return '; '.join(_describe_template(t) for t in templates)


def _close_names_text(name, templates):
    names = sorted(set(t.get('displayName') for t in templates if t.get('displayName')))
    by_lower = dict((n.lower(), n) for n in names)
    close = difflib.get_close_matches(name.lower(), list(by_lower), n=5, cutoff=0.5)
    if not close:
        return 'no template has a similar name'
    return 'close names: %s' % ', '.join(repr(by_lower[n]) for n in close)


# ---------------------------------------------------------------------------------------------------------------------
# Setting definitions and instance types


def load_setting_definitions(client, template_id):
    """``{definition id: definition}`` over every category of the template, read once per template id."""
    return _cached(client, 'definitions', template_id.lower(), lambda: _read_setting_definitions(client, template_id))


def _read_setting_definitions(client, template_id):
    template_path = '%s/%s' % (TEMPLATES_PATH, path_segment(template_id))
    definitions = {}
    for category in client.get_all(template_path + '/categories'):
        category_path = '%s/categories/%s/settingDefinitions' % (template_path, path_segment(category['id']))
        for definition in client.get_all(category_path):
            definitions.setdefault(definition['id'], definition)
    return definitions


def check_settings_against_definitions(desired, definitions):
    """Check ids, value types and cheap constraints; return the settings with their instance type filled in."""
    checked = []
    for index, setting in enumerate(desired):
        field = 'settings_delta[%d]' % index
        definition = definitions.get(setting.definition_id)
        if definition is None:
            raise IntentInputError(field + '.definition_id', '%r is not a setting of this template; %s'
                                   % (setting.definition_id, _closest_ids_text(setting.definition_id, definitions)))
        value_type = definition.get('valueType')
        if value_type not in VALUE_TYPES:
            checked.append(_with_derived_type(field, setting))
            continue
        if setting.odata_type is not None and setting.value_type != value_type:
            raise IntentInputError(field + '.odata_type', '%s contradicts the definition, whose valueType is %r (%s)'
                                   % (setting.odata_type, value_type, setting_instance_type(value_type)))
        value_field = '%s.%s' % (field, setting.value_field)
        if not value_fits_type(setting.value, value_type):
            raise IntentInputError(value_field, 'setting %r has valueType %r and needs %s, got %s'
                                   % (setting.definition_id, value_type, _expected_kind(value_type), _json_kind(setting.value)))
        _check_constraints(value_field, setting.value, definition.get('constraints') or [])
        checked.append(setting.with_odata_type(setting_instance_type(value_type)))
    return checked


def derive_setting_types(desired, existing_types=None):
    """Fill instance types without definitions: the existing instance's type, else the value's Python type."""
    existing_types = existing_types or {}
    checked = []
    for index, setting in enumerate(desired):
        existing = existing_types.get(setting.definition_id)
        if setting.odata_type is None and existing is not None:
            if value_fits_type(setting.value, value_type_of(existing)):
                checked.append(setting.with_odata_type(existing))
                continue
        checked.append(_with_derived_type('settings_delta[%d]' % index, setting))
    return checked


def _with_derived_type(field, setting):
    if setting.odata_type is not None:
        return setting
    value_type = _value_type_of_python_value(setting.value)
    if value_type is None:
        raise IntentInputError(field + '.odata_type', 'cannot be derived from a null value; give odata_type')
    return setting.with_odata_type(setting_instance_type(value_type))


def _value_type_of_python_value(value):
    # bool before int: True is an int in Python.
    for python_type, value_type in ((bool, 'boolean'), (int, 'integer'), (str, 'string'), (list, 'collection'),
                                    (dict, 'complex')):
        if isinstance(value, python_type):
            return value_type
    return None


def _check_constraints(field, value, constraints):
    if value is None:
        return
    for constraint in constraints:
        kind = (constraint.get('@odata.type') or '').rsplit('.', 1)[-1]
        if kind == 'deviceManagementEnumConstraint':
            _check_enum(field, value, constraint.get('values') or [])
        elif kind == 'deviceManagementSettingIntegerConstraint' and _is_integer(value):
            _check_range(field, value, constraint.get('minimumValue'), constraint.get('maximumValue'), 'be')
        elif kind == 'deviceManagementSettingStringLengthConstraint' and isinstance(value, str):
            _check_range(field, len(value), constraint.get('minimumLength'), constraint.get('maximumLength'),
                         'have a length')


def _check_enum(field, value, allowed):
    allowed_values = [entry.get('value') for entry in allowed]
    for candidate in allowed_values:
        # Enum values are strings in Graph; a non-string setting matches by its JSON text ("true", "5").
        if setting_values_equal(value, candidate) or (isinstance(candidate, str) and not isinstance(value, str)
                                                      and encode_value_json(value) == candidate):
            return
    raise IntentInputError(field, '%r is not one of the allowed values: %s'
                           % (value, ', '.join(repr(v) for v in allowed_values)))


def _check_range(field, number, minimum, maximum, verb):
    if (minimum is not None and number < minimum) or (maximum is not None and number > maximum):
        raise IntentInputError(field, 'must %s between %s and %s, got %d'
                               % (verb, 'any' if minimum is None else minimum, 'any' if maximum is None else maximum,
                                  number))


def _closest_ids_text(definition_id, definitions):
    close = difflib.get_close_matches(definition_id, list(definitions), n=3, cutoff=0.6)
    if not close:
        return 'no valid id is close; the template has %d settings' % len(definitions)
    return 'closest valid ids: %s' % ', '.join(close)


# ---------------------------------------------------------------------------------------------------------------------
# Intent lookup


def find_intents(client, display_name, template_id, warnings=None):
    """Intents named exactly ``display_name`` (case-sensitive) created from ``template_id`` (None: any template).

    Graph's filter is only a prefilter: every page is read and both keys are re-checked here. When Graph refuses the
    filter, the full list is read instead and a warning is added to ``warnings``.
    """
    try:
        candidates = client.get_all(INTENTS_PATH, params={'$filter': 'displayName eq ' + odata_string_literal(display_name)})
    except GraphError as exc:
        if exc.status not in FILTER_REFUSED_STATUSES:
            raise
        if warnings is not None:
            _add_warning(warnings, 'Graph refused the displayName filter on deviceManagement/intents (HTTP %s); '
                                   'all intents were listed and matched locally instead' % exc.status)
        candidates = client.get_all(INTENTS_PATH)
    return [intent for intent in candidates
            if intent.get('displayName') == display_name
            and (template_id is None or _same_id(intent.get('templateId'), template_id))]


def single_intent(intents):
    """None, the one intent, or an error naming every duplicate (the caller must not write)."""
    if len(intents) > 1:
        raise IntentError('%d intents have the display name %r on template %s: %s. Delete or rename all but one; '
                          'nothing was changed' % (len(intents), intents[0].get('displayName'),
                                                   intents[0].get('templateId'),
                                                   ', '.join(str(i.get('id')) for i in intents)))
    return intents[0] if intents else None


def migration_warning(intent):
    """A warning text for an intent that Intune is migrating to a Settings Catalog policy, else None."""
    if intent.get('isMigratingToConfigurationPolicy'):
        return ('intent %s (%r) is being migrated by Intune to a Settings Catalog configuration policy; changes made '
                'here may not reach the migrated policy' % (intent.get('id'), intent.get('displayName')))
    return None


def _same_id(left, right):
    return (left or '').lower() == (right or '').lower()


def _add_warning(warnings, text):
    if text not in warnings:
        warnings.append(text)


# ---------------------------------------------------------------------------------------------------------------------
# Values


def encode_value_json(value):
    """The ``valueJson`` text of a decoded value."""
    return json.dumps(value, separators=(',', ':'), allow_nan=False)


def decode_setting_value(instance):
    """The decoded value of a Graph setting instance: ``valueJson`` when present, else ``value``."""
    value_json = instance.get('valueJson')
    if value_json is None:
        return instance.get('value')
    try:
        return json.loads(value_json)
    except (TypeError, ValueError):
        # Not JSON text: keep it as it is, so that it compares unequal and gets rewritten.
        return value_json


def setting_values_equal(left, right):
    """Equality of decoded JSON values: numbers by value (1 == 1.0), booleans never equal numbers, lists in order."""
    # _is_number excludes booleans, so True and 1 fall through to the type check and compare unequal.
    if _is_number(left) or _is_number(right):
        # NaN (Python's json reads it from a stored valueJson) equals itself here, so that it is no perpetual drift.
        return _is_number(left) and _is_number(right) and (left == right or (math.isnan(left) and math.isnan(right)))
    if isinstance(left, dict) or isinstance(right, dict):
        return (isinstance(left, dict) and isinstance(right, dict) and set(left) == set(right)
                and all(setting_values_equal(left[key], right[key]) for key in left))
    if isinstance(left, (list, tuple)) or isinstance(right, (list, tuple)):
        return (isinstance(left, (list, tuple)) and isinstance(right, (list, tuple)) and len(left) == len(right)
                and all(setting_values_equal(a, b) for a, b in zip(left, right)))
    return type(left) is type(right) and left == right


# ---------------------------------------------------------------------------------------------------------------------
# Request payloads


def build_setting_instance(setting, setting_id=None):
    """A setting instance for createInstance/updateSettings; ``setting`` must have its instance type."""
    instance = {'@odata.type': setting.odata_type}
    if setting_id is not None:
        instance['id'] = setting_id
    instance['definitionId'] = setting.definition_id
    instance['valueJson'] = encode_value_json(setting.value)
    return instance


def build_create_instance_body(display_name, description, desired_settings, role_scope_tag_ids):
    body = {'displayName': display_name}
    if description is not None:
        body['description'] = description
    body['settingsDelta'] = [build_setting_instance(setting) for setting in desired_settings]
    if role_scope_tag_ids is not None:
        body['roleScopeTagIds'] = list(role_scope_tag_ids)
    return body


def unwrap_entity(response):
    """The entity of a response; Graph's docs show createInstance as ``{"value": {...}}``, the wire has it bare."""
    if isinstance(response, dict) and 'id' not in response and isinstance(response.get('value'), dict):
        return response['value']
    return response


# ---------------------------------------------------------------------------------------------------------------------
# Planning


def _plan_delete(client, plan):
    if plan.intent is None:
        return
    settings = read_intent_settings(client, plan.intent['id'])
    plan.actions = ['delete']
    plan.before = describe_intent(plan.intent, settings)


def _plan_create(client, plan, check_definitions):
    inputs = plan.inputs
    settings = _resolve_setting_types(client, plan, inputs.settings, check_definitions, {})
    plan.create_body = build_create_instance_body(inputs.display_name, inputs.description, settings,
                                                  inputs.role_scope_tag_ids)
    plan.actions = ['create']
    plan.predicted_intent = {
        'displayName': inputs.display_name,
        'description': inputs.description,
        'templateId': plan.template.effective_id,
        'roleScopeTagIds': list(inputs.role_scope_tag_ids or []),
        'settings': [_predicted_instance(setting, None) for setting in settings],
    }
    plan.after = describe_intent(plan.predicted_intent, plan.predicted_intent['settings'])


def _plan_update(client, plan, check_definitions):
    inputs, intent = plan.inputs, plan.intent
    existing = read_intent_settings(client, intent['id'])
    by_definition = dict((instance.get('definitionId'), instance) for instance in existing)
    drifted_ids = set(setting.definition_id for setting in inputs.settings
                      if setting.definition_id not in by_definition
                      or not setting_values_equal(decode_setting_value(by_definition[setting.definition_id]),
                                                  setting.value))
    predicted_settings = [dict(instance) for instance in existing]
    if drifted_ids:
        existing_types = dict((definition_id, _known_instance_type(instance.get('@odata.type')))
                              for definition_id, instance in by_definition.items())
        typed = _resolve_setting_types(client, plan, inputs.settings, check_definitions, existing_types)
        for setting in typed:
            if setting.definition_id in drifted_ids:
                _plan_setting_write(plan, setting, by_definition.get(setting.definition_id), predicted_settings)
        plan.actions.append('update_settings')
    plan.patch_body = _patch_body(intent, inputs)
    if plan.patch_body:
        plan.actions.append('patch')
    plan.predicted_intent = dict(copy.deepcopy(intent), **plan.patch_body)
    plan.predicted_intent['settings'] = predicted_settings
    plan.before = describe_intent(intent, existing)
    plan.after = describe_intent(plan.predicted_intent, predicted_settings)


def _plan_setting_write(plan, setting, existing_instance, predicted_settings):
    setting_id = existing_instance.get('id') if existing_instance else None
    plan.settings_update.append(build_setting_instance(setting, setting_id))
    predicted = _predicted_instance(setting, setting_id)
    if existing_instance is None:
        predicted_settings.append(predicted)
        return
    for position, instance in enumerate(predicted_settings):
        if instance.get('definitionId') == setting.definition_id:
            predicted_settings[position] = predicted


def _resolve_setting_types(client, plan, settings, check_definitions, existing_types):
    if check_definitions and settings:
        definitions = load_setting_definitions(client, plan.template.effective_id)
        return check_settings_against_definitions(settings, definitions)
    return derive_setting_types(settings, existing_types)


def _predicted_instance(setting, setting_id):
    """The instance as Graph would return it: simple types also carry the typed ``value``."""
    instance = build_setting_instance(setting, setting_id)
    if setting.value_type not in STRUCTURED_VALUE_TYPES:
        instance['value'] = setting.value
    return instance


def _patch_body(intent, inputs):
    body = {}
    if inputs.description is not None and inputs.description != (intent.get('description') or ''):
        body['description'] = inputs.description
    if inputs.role_scope_tag_ids is not None and (
            set(inputs.role_scope_tag_ids) != set(str(tag) for tag in intent.get('roleScopeTagIds') or [])):
        body['roleScopeTagIds'] = list(inputs.role_scope_tag_ids)
    return body


def describe_intent(intent, settings):
    """The diff view of an intent: its keys and ``{definitionId: decoded value}``; same shape before and after."""
    return {
        'displayName': intent.get('displayName'),
        'description': intent.get('description'),
        'roleScopeTagIds': sorted(str(tag) for tag in intent.get('roleScopeTagIds') or []),
        'templateId': intent.get('templateId'),
        'settings': dict((instance.get('definitionId'), decode_setting_value(instance)) for instance in settings),
    }


# ---------------------------------------------------------------------------------------------------------------------
# Writing and reading back


def create_intent(client, plan):
    """createInstance, never retried blindly: after a lost or 5xx response, look the intent up before trying again."""
    last_error = None
    for attempt in range(client.max_retries + 1):
        try:
            response = client.post(plan.template.create_instance_path, plan.create_body, idempotent=False)
        except GraphError as exc:
            if not _create_outcome_unknown(exc):
                raise
            last_error = exc
            # Wait before looking: a create that timed out on our side may still be committing on Graph's.
            client.pause_before_retry(attempt)
            found = _find_planned_intent(client, plan)
            if found is not None:
                return found
            continue
        intent = unwrap_entity(response)
        if isinstance(intent, dict) and intent.get('id'):
            return settle_concurrent_create(client, plan, intent)
        found = _find_planned_intent(client, plan)
        if found is None:
            raise IntentError('createInstance answered without an intent and no intent named %r exists on template %s'
                              % (plan.inputs.display_name, plan.template.effective_id))
        return found
    raise last_error


def settle_concurrent_create(client, plan, created):
    """The intent to keep after this run created ``created``: another run may have created the same one meanwhile.

    Costs one lookup per create. Of two or more intents with the name and template, the one with the smallest id is
    kept; this run deletes only its own copy, and only when that is not the smallest (the other runs do the same
    with theirs), so that concurrent runs converge on one intent without deleting each other's.
    """
    name, template_id = plan.inputs.display_name, plan.template.effective_id
    try:
        twins = find_intents(client, name, template_id, plan.warnings)
    except GraphError as exc:
        _add_warning(plan.warnings, 'created intent %s (%r), but could not look for a copy created concurrently by '
                                    'another run: %s' % (created['id'], name, exc))
        return created
    by_id = dict((str(intent.get('id')).lower(), intent) for intent in twins)
    own_id = str(created['id']).lower()
    by_id.setdefault(own_id, created)
    if len(by_id) < 2:
        return created
    keep_id = min(by_id)
    others = ', '.join(sorted(intent_id for intent_id in by_id if intent_id != own_id))
    if keep_id == own_id:
        _add_warning(plan.warnings, '%d intents named %r on template %s were created concurrently; this run kept its '
                                    'own (%s, the smallest id) and left %s to the runs that created them'
                                    % (len(by_id), name, template_id, created['id'], others))
        return created
    delete_intent(client, created['id'])
    _add_warning(plan.warnings, 'another run created intent %r on template %s at the same time; this run deleted its '
                                'own copy %s and kept %s (the smallest id)'
                 % (name, template_id, created['id'], by_id[keep_id].get('id')))
    return by_id[keep_id]


def _find_planned_intent(client, plan):
    return single_intent(find_intents(client, plan.inputs.display_name, plan.template.effective_id, plan.warnings))


def _create_outcome_unknown(exc):
    """A dropped connection, a timeout or a 5xx may hide an intent that was created anyway."""
    return isinstance(exc, GraphTransportError) or (exc.status is not None and exc.status >= 500)


def delete_intent(client, intent_id):
    try:
        client.delete(intent_path(intent_id))
    except GraphError as exc:
        if exc.status != 404:
            raise


def read_intent(client, intent_id):
    intent = client.get(intent_path(intent_id))
    intent['settings'] = read_intent_settings(client, intent_id)
    return intent


def read_intent_settings(client, intent_id):
    return client.get_all('%s/settings' % intent_path(intent_id))


# ---------------------------------------------------------------------------------------------------------------------
# Reading for intune_intent_info, and the export of an intent as intune_template_instance options


def list_intents(client, intent_id=None, display_name=None, template_id=None, warnings=None):
    """Intents matching every filter given (none: all). An unknown ``intent_id`` matches nothing."""
    if intent_id is not None:
        try:
            candidates = [without_odata_context(client.get(intent_path(intent_id)))]
        except GraphError as exc:
            if exc.status != 404:
                raise
            return []
    elif display_name is not None:
        return find_intents(client, display_name, template_id, warnings)
    else:
        candidates = client.get_all(INTENTS_PATH)
    return [intent for intent in candidates
            if (display_name is None or intent.get('displayName') == display_name)
            and (template_id is None or _same_id(intent.get('templateId'), template_id))]


def read_intent_details(client, intents, include_settings=True, include_assignments=False):
    """Copies of ``intents`` with their ``assignments`` and ``settings`` and, with settings, ``instance_args``.

    Template defaults are read once per template, to keep only the settings an intent changes in its export.
    """
    defaults_by_template = {}
    detailed = []
    for intent in intents:
        intent = dict(intent)
        if include_assignments:
            intent['assignments'] = _assignments.read_assignments(client, intent['id'])
        if include_settings:
            intent['settings'] = read_intent_settings(client, intent['id'])
            template_id = intent.get('templateId')
            if template_id not in defaults_by_template:
                defaults_by_template[template_id] = template_default_settings(client, template_id)
            intent['instance_args'] = intent_instance_args(intent, defaults_by_template[template_id])
        detailed.append(intent)
    return detailed


def template_default_settings(client, template_id):
    """The template's default setting instances; None when Graph does not know the template (legacy intents)."""
    if not template_id:
        return None
    try:
        return client.get_all('%s/%s/settings' % (TEMPLATES_PATH, path_segment(template_id)))
    except GraphError as exc:
        if exc.status != 404:
            raise
        return None


def intent_instance_args(intent, default_settings=None):
    """The ``intune_template_instance`` options that recreate ``intent`` (which carries its ``settings``).

    ``settings_delta`` keeps the intent's own valueJson of every setting whose value differs from the template's
    default; with the defaults unknown (None), every setting. ``assignments`` comes with the intent's own.
    """
    defaults = dict((instance.get('definitionId'), decode_setting_value(instance)) for instance in default_settings or [])
    settings_delta = []
    for instance in intent.get('settings') or []:
        definition_id = instance.get('definitionId')
        if (default_settings is not None and definition_id in defaults
                and setting_values_equal(decode_setting_value(instance), defaults[definition_id])):
            continue
        value_json = instance.get('valueJson')
        if value_json is None:
            value_json = encode_value_json(instance.get('value'))
        settings_delta.append({'definition_id': definition_id, 'value_json': value_json})
    args = {
        'template_id': intent.get('templateId'),
        'display_name': intent.get('displayName'),
        'description': intent.get('description') or '',
        'role_scope_tag_ids': [str(tag) for tag in intent.get('roleScopeTagIds') or []],
        'settings_delta': settings_delta,
    }
    if 'assignments' in intent:
        args['assignments'] = _assignments.assignments_as_options(intent['assignments'])
    return args


def without_odata_context(entity):
    """An entity read by id, without the ``@odata.context`` that only single-entity responses carry."""
    return dict((key, value) for key, value in entity.items() if key != '@odata.context')
