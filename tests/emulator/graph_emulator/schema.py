"""Validator over the CSDL extract in schema/intents-schema.json (see schema/PROVENANCE.md)."""
import json
import os
import re

SCHEMA_PATH = os.path.join(os.path.dirname(__file__), 'schema', 'intents-schema.json')
# The settings-catalog extract (configurationPolicies and their templates); types it shares with the intents extract
# are defined there only.
CATALOG_SCHEMA_PATH = os.path.join(os.path.dirname(__file__), 'schema', 'catalog-schema.json')
NAMESPACE = 'microsoft.graph'
_DATETIME = re.compile(r'^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$')
_GUID = re.compile(r'^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$')
_INT_RANGES = {'Edm.Int32': (-2 ** 31, 2 ** 31 - 1), 'Edm.Int64': (-2 ** 63, 2 ** 63 - 1),
               'Edm.Int16': (-2 ** 15, 2 ** 15 - 1), 'Edm.Byte': (0, 255)}


class SchemaError(ValueError):
    """A payload does not match the schema; `path` names the offending property."""

    def __init__(self, path, message):
        super().__init__('%s: %s' % (path or '(body)', message))
        self.path = path
        self.detail = message


def _strip(type_name):
    for prefix in ('graph.', NAMESPACE + '.'):
        if type_name.startswith(prefix):
            return type_name[len(prefix):]
    return type_name


class Schema:
    """Structured types, enums and actions of the extract, with validation of JSON payloads.

    mode 'request': properties are checked when present (PATCH and action bodies are partial).
    mode 'response': additionally every non-nullable structural property must be present, unless the
    caller says the payload was projected with $select (complete=False).
    """

    def __init__(self, paths=(SCHEMA_PATH, CATALOG_SCHEMA_PATH)):
        self.structured, self.enums = {}, {}
        # Actions by name (the first extract's binding wins: the intents' createCopy/assign) and by (name, binding).
        self.actions, self._bound_actions = {}, {}
        for path in paths:
            with open(path, encoding='utf-8') as handle:
                raw = json.load(handle)
            for kind in ('entityTypes', 'complexTypes'):
                for name, definition in raw[kind].items():
                    if name in self.structured:
                        raise ValueError('%s: type %s is already defined by an earlier extract' % (path, name))
                    self.structured[name] = dict(definition, kind=kind)
            self.enums.update((name, {m['name'] for m in e['members']}) for name, e in raw['enumTypes'].items())
            for action in raw['actions']:
                self.actions.setdefault(action['name'], action)
                self._bound_actions[(action['name'], _strip(action['bindingParameter']['type']))] = action

    # -- type helpers -------------------------------------------------------------------------------------
    def is_derived_from(self, name, base):
        while name:
            if name == base:
                return True
            name = self.structured[name]['baseType'] and _strip(self.structured[name]['baseType'])
        return False

    def members(self, name):
        """(structural properties, navigation properties) of a type, including inherited ones."""
        props, navs = {}, {}
        while name:
            definition = self.structured[name]
            for prop in definition['properties']:
                props.setdefault(prop['name'], prop)
            for nav in definition.get('navigationProperties') or []:
                navs.setdefault(nav['name'], nav)
            name = definition['baseType'] and _strip(definition['baseType'])
        return props, navs

    def action_parameters(self, action_name, binding=None):
        action = self._bound_actions[(action_name, binding)] if binding else self.actions[action_name]
        return action['parameters']

    # -- validation ---------------------------------------------------------------------------------------
    def validate_entity(self, type_name, value, mode, complete=True, path=''):
        self._structured(_strip(type_name), value, path, mode, complete)

    def validate_collection(self, type_name, items, mode, complete=True, path='value'):
        if not isinstance(items, list):
            raise SchemaError(path, 'expected a JSON array')
        for index, item in enumerate(items):
            self._structured(_strip(type_name), item, '%s[%d]' % (path, index), mode, complete)

    def validate_action_body(self, action_name, body, binding=None):
        """`binding`: the bound type's name when several actions share `action_name` (assign)."""
        if not isinstance(body, dict):
            raise SchemaError('', 'the request body must be a JSON object')
        parameters = {p['name']: p for p in self.action_parameters(action_name, binding)}
        for key, value in body.items():
            if key.startswith('@'):
                continue
            if key not in parameters:
                raise SchemaError(key, "'%s' is not a parameter of action microsoft.graph.%s" % (key, action_name))
            parameter = parameters[key]
            if value is None:
                if not parameter['nullable']:
                    raise SchemaError(key, 'parameter must not be null')
                continue
            self._value(parameter['type'], value, key, 'request', True)
        # OData's parameter reader refuses a body that leaves out a non-nullable parameter (Graph answers 400 with
        # this message, e.g. for assignLicense without removeLicenses).
        missing = [name for name, parameter in parameters.items() if not parameter['nullable'] and name not in body]
        if missing:
            raise SchemaError(missing[0], "One or more parameters of the operation '%s' are missing from the request "
                                          'payload. The missing parameters are: %s.' % (action_name, ','.join(missing)))

    def _value(self, type_name, value, path, mode, complete):
        if type_name.startswith('Collection('):
            if not isinstance(value, list):
                raise SchemaError(path, 'expected a JSON array for %s' % type_name)
            inner = type_name[len('Collection('):-1]
            for index, item in enumerate(value):
                if item is None:
                    raise SchemaError('%s[%d]' % (path, index), 'null is not allowed in %s' % type_name)
                self._value(inner, item, '%s[%d]' % (path, index), mode, complete)
            return
        if type_name.startswith('Edm.'):
            self._primitive(type_name, value, path)
            return
        name = _strip(type_name)
        if name in self.enums:
            if not isinstance(value, str) or not all(part.strip() in self.enums[name] for part in value.split(',')):
                raise SchemaError(path, '%r is not a member of enum microsoft.graph.%s' % (value, name))
            return
        if name in self.structured:
            self._structured(name, value, path, mode, complete)
            return
        raise SchemaError(path, 'type %s is not in the schema' % type_name)

    @staticmethod
    def _primitive(type_name, value, path):
        def fail(expected):
            raise SchemaError(path, 'expected %s (%s), got %s' % (expected, type_name, json.dumps(value)))
        if type_name in ('Edm.String', 'Edm.Binary', 'Edm.Duration', 'Edm.Date', 'Edm.TimeOfDay'):
            if not isinstance(value, str):
                fail('a string')
        elif type_name == 'Edm.Boolean':
            if not isinstance(value, bool):
                fail('a boolean')
        elif type_name in _INT_RANGES:
            low, high = _INT_RANGES[type_name]
            if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
                fail('an integer')
        elif type_name in ('Edm.Double', 'Edm.Single', 'Edm.Decimal'):
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                fail('a number')
        elif type_name == 'Edm.DateTimeOffset':
            if not isinstance(value, str) or not _DATETIME.match(value):
                fail('an ISO 8601 date-time with offset')
        elif type_name == 'Edm.Guid':
            if not isinstance(value, str) or not _GUID.match(value):
                fail('a GUID')
        else:
            raise SchemaError(path, 'primitive type %s is not supported by the validator' % type_name)

    def _structured(self, declared, value, path, mode, complete):
        if not isinstance(value, dict):
            raise SchemaError(path, 'expected a JSON object of type microsoft.graph.%s' % declared)
        actual = declared
        odata_type = value.get('@odata.type')
        if odata_type is not None:
            prefix = '#%s.' % NAMESPACE
            if not isinstance(odata_type, str) or not odata_type.startswith(prefix):
                raise SchemaError(_join(path, '@odata.type'), 'must be "#microsoft.graph.<type>", got %r' % (odata_type,))
            actual = odata_type[len(prefix):]
            if actual not in self.structured:
                raise SchemaError(_join(path, '@odata.type'), 'unknown type %s' % odata_type)
            if not self.is_derived_from(actual, declared):
                raise SchemaError(_join(path, '@odata.type'),
                                  '%s does not derive from microsoft.graph.%s' % (odata_type, declared))
        if self.structured[actual]['abstract']:
            raise SchemaError(_join(path, '@odata.type'),
                              'microsoft.graph.%s is abstract: @odata.type naming a concrete derived type is required'
                              % actual)
        props, navs = self.members(actual)
        for key, item in value.items():
            if '@' in key:
                continue  # instance annotations (@odata.type, @odata.context, value@odata.navigationLink ...)
            item_path = _join(path, key)
            if key in props:
                if item is None:
                    if not props[key]['nullable']:
                        raise SchemaError(item_path, 'property must not be null')
                    continue
                self._value(props[key]['type'], item, item_path, mode, complete)
            elif key in navs:
                # Expanded (response) or deep-inserted (request) navigation property.
                if item is not None:
                    self._value(navs[key]['type'], item, item_path, mode, complete)
            else:
                raise SchemaError(item_path, "property '%s' does not exist on type microsoft.graph.%s" % (key, actual))
        if mode == 'response' and complete:
            for name, prop in props.items():
                if not prop['nullable'] and name not in value:
                    raise SchemaError(_join(path, name), 'non-nullable property is missing')


def _join(path, key):
    return '%s.%s' % (path, key) if path else key
