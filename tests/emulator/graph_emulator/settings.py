"""Intune's checks on setting instances sent to createInstance/updateSettings, against the template's definitions."""
import json
import uuid

from .seed import INSTANCE_TYPE_BY_VALUE_TYPE

_VALUE_TYPE_BY_INSTANCE_TYPE = {'#microsoft.graph.' + v: k for k, v in INSTANCE_TYPE_BY_VALUE_TYPE.items()}
_PYTHON_TYPES = {'integer': int, 'boolean': bool, 'string': str, 'complex': dict, 'collection': list,
                 'abstractComplex': dict}
_SCALARS = ('integer', 'boolean', 'string')


class SettingError(ValueError):
    """Intune refuses a setting instance (answered as a 400 with the Intune message)."""


def _type_ok(value_type, value):
    if value is None:
        return True
    if value_type == 'integer' and isinstance(value, bool):
        return False
    return isinstance(value, _PYTHON_TYPES[value_type])


def _check_constraints(definition, value, definitions):
    if value is None:
        return
    label = definition['id']
    for constraint in definition['constraints']:
        kind = constraint['@odata.type'].rsplit('.', 1)[1]
        if kind == 'deviceManagementEnumConstraint':
            allowed = [v['value'] for v in constraint['values']]
            if value not in allowed:
                raise SettingError("Setting '%s' value '%s' is not one of the allowed values: %s"
                                   % (label, value, ', '.join(allowed)))
        elif kind == 'deviceManagementSettingIntegerConstraint':
            if not constraint['minimumValue'] <= value <= constraint['maximumValue']:
                raise SettingError("Setting '%s' value %s is outside the range %d-%d"
                                   % (label, value, constraint['minimumValue'], constraint['maximumValue']))
        elif kind in ('deviceManagementSettingStringLengthConstraint', 'deviceManagementSettingCollectionConstraint'):
            if not constraint['minimumLength'] <= len(value) <= constraint['maximumLength']:
                raise SettingError("Setting '%s' length %d is outside the range %d-%d"
                                   % (label, len(value), constraint['minimumLength'], constraint['maximumLength']))
    extra = definition.get('extra', {})
    if definition['valueType'] == 'collection' and extra.get('elementDefinitionId') in definitions:
        element = definitions[extra['elementDefinitionId']]
        for item in value:
            if not _type_ok(element['valueType'], item) or item is None:
                raise SettingError("Setting '%s' element %s is not of type %s"
                                   % (label, json.dumps(item), element['valueType']))
            _check_constraints(element, item, definitions)
    if definition['valueType'] == 'complex':
        _check_properties(label, definition, value, definitions)
    if definition['valueType'] == 'abstractComplex' and isinstance(value, dict):
        implementations = [definitions[i] for i in extra.get('implementations', []) if i in definitions]
        if len(implementations) == 1:
            _check_properties(label, implementations[0], value, definitions)


def _check_properties(label, definition, value, definitions):
    """A complex value's properties, named by the suffix of their definition ids after the last '_'."""
    properties = {def_id.rsplit('_', 1)[1]: def_id for def_id in definition['extra'].get('propertyDefinitionIds', [])}
    for name, item in value.items():
        if name not in properties:
            raise SettingError("Setting '%s' has no property '%s'" % (label, name))
        member = definitions[properties[name]]
        if not _type_ok(member['valueType'], item):
            raise SettingError("Setting '%s' property '%s' is not of type %s" % (label, name, member['valueType']))
        _check_constraints(member, item, definitions)


def normalise(item, template_definitions, all_definitions, existing_id=None):
    """Return the stored wire form of one setting instance, or raise SettingError.

    template_definitions is None for an intent whose template is unknown (legacy); then only the instance's
    own @odata.type decides the value type.
    """
    definition_id = item.get('definitionId')
    if not definition_id:
        raise SettingError('Setting instance is missing definitionId')
    odata_type = item.get('@odata.type')
    if template_definitions is None:
        if odata_type not in _VALUE_TYPE_BY_INSTANCE_TYPE:
            raise SettingError("Setting '%s' has an unsupported @odata.type %s" % (definition_id, odata_type))
        definition = {'id': definition_id, 'valueType': _VALUE_TYPE_BY_INSTANCE_TYPE[odata_type], 'constraints': [],
                      'extra': {}}
    else:
        definition = template_definitions.get(definition_id)
        if definition is None:
            raise SettingError("Setting definition '%s' is not valid for this template" % definition_id)
    value_type = definition['valueType']
    expected_type = '#microsoft.graph.' + INSTANCE_TYPE_BY_VALUE_TYPE[value_type]
    if odata_type != expected_type:
        raise SettingError("Setting '%s' has value type %s, so its @odata.type must be %s, not %s"
                           % (definition_id, value_type, expected_type, odata_type))
    has_value = 'value' in item and value_type in _SCALARS
    if 'value' in item and value_type not in _SCALARS:
        raise SettingError("Setting '%s' is %s: send its value as valueJson" % (definition_id, value_type))
    value = item.get('value') if has_value else None
    if item.get('valueJson') is not None:
        try:
            from_json = json.loads(item['valueJson'])
        except ValueError:
            raise SettingError("Setting '%s' valueJson is not valid JSON" % definition_id) from None
        if has_value and from_json != value:
            raise SettingError("Setting '%s' value and valueJson disagree" % definition_id)
        value = from_json
    if not _type_ok(value_type, value):
        raise SettingError("Setting '%s' value %s is not of type %s" % (definition_id, json.dumps(value), value_type))
    _check_constraints(definition, value, all_definitions)
    instance = {'@odata.type': expected_type, 'id': existing_id or str(uuid.uuid4()), 'definitionId': definition_id,
                'valueJson': json.dumps(value)}
    if value_type in _SCALARS:
        instance['value'] = value
    if value_type == 'abstractComplex':
        implementations = definition['extra'].get('implementations')
        implementation = item.get('implementationId')
        if value is not None and implementations and implementation not in implementations:
            if implementation is not None or len(implementations) != 1:
                raise SettingError("Setting '%s' implementationId must be one of %s"
                                   % (definition_id, ', '.join(implementations)))
            implementation = implementations[0]
        instance['implementationId'] = implementation if value is not None else None
    return instance


def _same_value(one, other):
    """Whether two instances of one definition carry the same value: the JSON value compared type-strictly (true is not
    1) and, for abstract complex settings, the same implementation."""
    def key(instance):
        text = instance.get('valueJson')
        value = json.loads(text) if text is not None else instance.get('value')
        return json.dumps(value, sort_keys=True), instance.get('implementationId')
    return key(one) == key(other)


def migrated_settings(settings, source_defaults, target_defaults, target_definitions, all_definitions,
                      preserve_custom_values):
    """The settings of an intent moved to another template by migrateToTemplate, in the target template's order.

    Every definition of the target gets one instance:
    - preserve_custom_values: the intent's own value when it is a customisation, that is when the intent has the
      definition and its value differs from the source template's default (or the source template has no default
      for it). A value equal to the source default is no customisation: it takes the target's default, which may
      differ (the portal's "Accept baseline changes but keep my existing setting customizations").
    - otherwise, or for a definition the intent does not have: the target template's default.
    Settings whose definitions the target does not have are dropped. Definitions the intent already had keep their
    instance id. A kept value must be valid for the target's definition (SettingError otherwise).
    """
    source = {instance['definitionId']: instance for instance in source_defaults}
    current = {instance['definitionId']: instance for instance in settings}
    result = []
    for default in target_defaults:
        definition_id = default['definitionId']
        mine = current.get(definition_id)
        custom = preserve_custom_values and mine is not None and (
            definition_id not in source or not _same_value(mine, source[definition_id]))
        result.append(normalise(mine if custom else default, target_definitions, all_definitions,
                                mine['id'] if mine is not None else None))
    return result
