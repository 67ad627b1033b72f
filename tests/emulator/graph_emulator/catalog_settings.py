"""Settings-catalog setting instances: the checks Intune makes on a write, normalisation, and secret values.

A policy's settings are checked against the setting definitions (and, for a policy made from a template, against the
template's setting templates). Every failure raises CatalogSettingError naming the setting definition; the handlers
turn it into an Intune 400. Secret values are stored as Graph returns them (valueState `encryptedValueToken`, an
opaque token as value); the plaintext stays in the policy's secret map, keyed by token.
"""
import re
import uuid

from .catalog_seed import NS, definition_kind

_INSTANCE_TYPES = {'Choice': 'ChoiceSettingInstance', 'ChoiceCollection': 'ChoiceSettingCollectionInstance',
                   'Simple': 'SimpleSettingInstance', 'SimpleCollection': 'SimpleSettingCollectionInstance',
                   'SettingGroupCollection': 'GroupSettingCollectionInstance'}
_VALUE_MEMBER = {'Choice': 'choiceSettingValue', 'ChoiceCollection': 'choiceSettingCollectionValue',
                 'Simple': 'simpleSettingValue', 'SimpleCollection': 'simpleSettingCollectionValue',
                 'SettingGroupCollection': 'groupSettingCollectionValue'}
_PREFIX = NS + 'deviceManagementConfiguration'


class CatalogSettingError(ValueError):
    """A setting Intune would refuse; the message names the setting definition."""


class _Checker:
    def __init__(self, definitions, secrets_before):
        self.definitions = definitions
        self.secrets_before = secrets_before
        self.secrets = {}

    def fail(self, def_id, text):
        raise CatalogSettingError("Setting '%s': %s" % (def_id, text))

    def instance(self, instance, allowed_ids, context):
        """Normalised copy of one instance; `allowed_ids`: the definition ids valid at this place."""
        if not isinstance(instance, dict):
            raise CatalogSettingError('%s: a setting instance must be a JSON object' % context)
        def_id = instance.get('settingDefinitionId')
        if def_id not in allowed_ids or def_id not in self.definitions:
            self.fail(def_id, 'the setting definition is not valid %s' % context)
        definition = self.definitions[def_id]
        kind = definition_kind(definition)
        expected = _PREFIX + _INSTANCE_TYPES[kind]
        if instance.get('@odata.type') != expected:
            self.fail(def_id, 'the instance type %s does not match the setting definition, which needs %s'
                      % (instance.get('@odata.type'), expected))
        member = _VALUE_MEMBER[kind]
        if member not in instance:
            self.fail(def_id, "'%s' is required" % member)
        result = {'@odata.type': expected, 'settingDefinitionId': def_id,
                  'settingInstanceTemplateReference': instance.get('settingInstanceTemplateReference')}
        value = instance[member]
        if kind == 'Choice':
            result[member] = self.choice_value(definition, value)
        elif kind == 'Simple':
            result[member] = self.simple_value(definition, value)
        else:
            if not isinstance(value, list):
                self.fail(def_id, "'%s' must be a JSON array" % member)
            if not definition['minimumCount'] <= len(value) <= definition['maximumCount']:
                self.fail(def_id, 'the collection has %d values; the setting definition allows %d to %d'
                          % (len(value), definition['minimumCount'], definition['maximumCount']))
            item = {'ChoiceCollection': self.choice_value, 'SimpleCollection': self.simple_value,
                    'SettingGroupCollection': self.group_value}[kind]
            result[member] = [item(definition, entry) for entry in value]
        return result

    def children(self, definition, children, allowed_ids):
        if children is None:
            children = []
        if not isinstance(children, list):
            self.fail(definition['id'], "'children' must be a JSON array")
        result = [self.instance(child, allowed_ids, 'under %s' % definition['id']) for child in children]
        present = [child['settingDefinitionId'] for child in result]
        for child_id in allowed_ids:
            if self.definitions[child_id]['occurrence']['minDeviceOccurrence'] >= 1 and child_id not in present:
                self.fail(child_id, 'the setting is required under %s and is missing' % definition['id'])
        duplicate = next((d for d in present if present.count(d) > 1), None)
        if duplicate:
            self.fail(duplicate, 'the setting appears more than once under %s' % definition['id'])
        return result

    def choice_value(self, definition, value):
        def_id = definition['id']
        if not isinstance(value, dict):
            self.fail(def_id, 'a choice value must be a JSON object')
        options = {option['itemId']: option for option in definition['options']}
        if value.get('value') not in options:
            self.fail(def_id, "'%s' is not one of the setting definition's options (%s)"
                      % (value.get('value'), ', '.join(options)))
        option = options[value['value']]
        allowed = [d['dependedOnBy'] for d in option['dependedOnBy']]
        return {'@odata.type': _PREFIX + 'ChoiceSettingValue',
                'settingValueTemplateReference': value.get('settingValueTemplateReference'),
                'value': value['value'], 'children': self.children(definition, value.get('children'), allowed)}

    def group_value(self, definition, value):
        if not isinstance(value, dict):
            self.fail(definition['id'], 'a group value must be a JSON object')
        return {'@odata.type': _PREFIX + 'GroupSettingValue',
                'settingValueTemplateReference': value.get('settingValueTemplateReference'),
                'children': self.children(definition, value.get('children'), definition['childIds'])}

    def simple_value(self, definition, value):
        def_id, value_definition = definition['id'], definition['valueDefinition']
        if not isinstance(value, dict):
            self.fail(def_id, 'a simple value must be a JSON object')
        reference = value.get('settingValueTemplateReference')
        if value_definition['@odata.type'].endswith('IntegerSettingValueDefinition'):
            self.expect_type(def_id, value, 'IntegerSettingValue')
            number = value.get('value')
            if isinstance(number, bool) or not isinstance(number, int):
                self.fail(def_id, 'the value must be an integer')
            if not value_definition['minimumValue'] <= number <= value_definition['maximumValue']:
                self.fail(def_id, 'the value %d is outside the allowed range %d to %d'
                          % (number, value_definition['minimumValue'], value_definition['maximumValue']))
            return {'@odata.type': _PREFIX + 'IntegerSettingValue', 'settingValueTemplateReference': reference,
                    'value': number}
        if value_definition.get('isSecret'):
            return self.secret_value(def_id, value_definition, value)
        self.expect_type(def_id, value, 'StringSettingValue')
        self.check_string(def_id, value_definition, value.get('value'))
        return {'@odata.type': _PREFIX + 'StringSettingValue', 'settingValueTemplateReference': reference,
                'value': value['value']}

    def secret_value(self, def_id, value_definition, value):
        self.expect_type(def_id, value, 'SecretSettingValue')
        state, text = value.get('valueState'), value.get('value')
        if state == 'encryptedValueToken':
            # A value read back from Graph and sent again unchanged: the token must be one this policy holds.
            if text not in self.secrets_before:
                self.fail(def_id, 'the encrypted value token is not valid for this policy')
            token, plaintext = text, self.secrets_before[text]
        elif state == 'notEncrypted':
            self.check_string(def_id, value_definition, text)
            token, plaintext = str(uuid.uuid4()), text
        else:
            self.fail(def_id, "valueState must be 'notEncrypted' (or 'encryptedValueToken' with a token read from "
                              "this policy), not %r" % (state,))
        self.secrets[token] = plaintext
        return {'@odata.type': _PREFIX + 'SecretSettingValue',
                'settingValueTemplateReference': value.get('settingValueTemplateReference'),
                'value': token, 'valueState': 'encryptedValueToken'}

    def expect_type(self, def_id, value, type_name):
        if value.get('@odata.type') != _PREFIX + type_name:
            self.fail(def_id, 'the value type %s does not match the setting definition, which needs %s'
                      % (value.get('@odata.type'), _PREFIX + type_name))

    def check_string(self, def_id, value_definition, text):
        if not isinstance(text, str):
            self.fail(def_id, 'the value must be a string')
        low, high = value_definition.get('minimumLength') or 0, value_definition.get('maximumLength')
        if len(text) < low or (high is not None and len(text) > high):
            self.fail(def_id, 'the value is %d characters long; the setting definition allows %d to %d'
                      % (len(text), low, high))
        pattern = value_definition.get('inputValidationSchema')
        if pattern and not re.search(pattern, text):
            self.fail(def_id, "the value '%s' does not match the pattern %s" % (text, pattern))


def check_settings(items, definitions, setting_templates, secrets_before=None):
    """Checks and normalises a policy's settings (the `settings` of a create or PUT body).

    `setting_templates`: {root definition id: setting template} for a policy made from a template, None for a
    settings-catalog policy without one (any root definition of the catalog is then allowed).
    Returns (settings as stored: [{'id': '0', 'settingInstance': ...}, ...], {token: plaintext}).
    """
    checker = _Checker(definitions, secrets_before or {})
    if items is None:
        items = []
    if not isinstance(items, list):
        raise CatalogSettingError("'settings' must be a JSON array")
    if setting_templates is None:
        roots = [d for d, definition in definitions.items() if definition['rootDefinitionId'] == d]
    else:
        roots = list(setting_templates)
    stored, seen = [], []
    for index, item in enumerate(items):
        if not isinstance(item, dict) or not isinstance(item.get('settingInstance'), dict):
            raise CatalogSettingError('settings[%d]: settingInstance is required' % index)
        instance = checker.instance(item['settingInstance'], roots,
                                    'for this template' if setting_templates is not None else 'at the top level')
        def_id = instance['settingDefinitionId']
        if def_id in seen:
            checker.fail(def_id, 'the setting appears more than once in the policy')
        seen.append(def_id)
        if setting_templates is not None:
            _check_template_reference(checker, setting_templates[def_id], instance)
        stored.append({'id': str(index), 'settingInstance': instance})
    for def_id, setting_template in (setting_templates or {}).items():
        if setting_template['settingInstanceTemplate']['isRequired'] and def_id not in seen:
            checker.fail(def_id, 'the template requires this setting and it is missing')
    return stored, checker.secrets


def _check_template_reference(checker, setting_template, instance):
    expected = setting_template['settingInstanceTemplate']['settingInstanceTemplateId']
    reference = instance['settingInstanceTemplateReference']
    if reference is not None and (not isinstance(reference, dict) or
                                  reference.get('settingInstanceTemplateId') != expected):
        checker.fail(instance['settingDefinitionId'], "settingInstanceTemplateReference must name the template's "
                                                      "setting instance template '%s'" % expected)
