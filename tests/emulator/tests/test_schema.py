import pytest

from graph_emulator.schema import Schema, SchemaError

SCHEMA = Schema()


def _intent(**changes):
    intent = {'id': 'i', 'displayName': 'x', 'isAssigned': False, 'lastModifiedDateTime': '2026-01-01T00:00:00Z',
              'templateId': None, 'roleScopeTagIds': ['0'], 'description': None}
    intent.update(changes)
    return intent


def test_complete_response_entity_passes():
    SCHEMA.validate_entity('graph.deviceManagementIntent', _intent(), 'response')


@pytest.mark.parametrize('changes, fragment', [
    ({'displayName': None}, 'displayName: property must not be null'),
    ({'isAssigned': 1}, 'isAssigned: expected a boolean'),
    ({'lastModifiedDateTime': '2026-01-01'}, 'lastModifiedDateTime: expected an ISO 8601'),
    ({'roleScopeTagIds': '0'}, 'roleScopeTagIds: expected a JSON array'),
    ({'roleScopeTagIds': [0]}, 'roleScopeTagIds[0]: expected a string'),
    ({'colour': 'red'}, "property 'colour' does not exist"),
])
def test_entity_errors_name_the_property(changes, fragment):
    with pytest.raises(SchemaError, match=fragment.replace('[', r'\[').replace(']', r'\]')):
        SCHEMA.validate_entity('deviceManagementIntent', _intent(**changes), 'response')


def test_missing_non_nullable_property_only_matters_for_complete_responses():
    partial = {'displayName': 'x'}
    SCHEMA.validate_entity('deviceManagementIntent', partial, 'request')
    SCHEMA.validate_entity('deviceManagementIntent', partial, 'response', complete=False)
    with pytest.raises(SchemaError, match='isAssigned: non-nullable property is missing'):
        SCHEMA.validate_entity('deviceManagementIntent', partial, 'response')


def test_derived_and_abstract_types():
    SCHEMA.validate_entity('deviceManagementSettingInstance', {
        '@odata.type': '#microsoft.graph.deviceManagementIntegerSettingInstance', 'definitionId': 'd', 'value': 3},
        'request')
    with pytest.raises(SchemaError, match='abstract'):
        SCHEMA.validate_entity('deviceManagementSettingInstance', {'definitionId': 'd'}, 'request')
    with pytest.raises(SchemaError, match='does not derive from'):
        SCHEMA.validate_entity('deviceManagementSettingInstance',
                               {'@odata.type': '#microsoft.graph.deviceManagementIntent'}, 'request')
    with pytest.raises(SchemaError, match='expected an integer'):
        SCHEMA.validate_entity('deviceManagementSettingInstance', {
            '@odata.type': '#microsoft.graph.deviceManagementIntegerSettingInstance', 'value': 2 ** 31}, 'request')
    with pytest.raises(SchemaError, match='"#microsoft.graph.<type>"'):
        SCHEMA.validate_entity('deviceManagementSettingInstance', {'@odata.type': 'deviceManagementIntent'},
                               'request')


def test_enums_and_action_parameters():
    template = {'@odata.type': '#microsoft.graph.securityBaselineTemplate', 'id': 't', 'displayName': 'b',
                'isDeprecated': False, 'intentCount': 0, 'templateType': 'securityBaseline',
                'templateSubtype': 'none', 'platformType': 'windows10AndLater',
                'publishedDateTime': '2020-01-01T00:00:00Z'}
    SCHEMA.validate_entity('deviceManagementTemplate', template, 'response')
    with pytest.raises(SchemaError, match='not a member of enum'):
        SCHEMA.validate_entity('deviceManagementTemplate', dict(template, templateType='baseline'), 'response')
    SCHEMA.validate_action_body('createInstance', {})
    with pytest.raises(SchemaError, match="'settings' is not a parameter"):
        SCHEMA.validate_action_body('createInstance', {'settings': []})
    with pytest.raises(SchemaError, match=r'settings\[0\]'):
        SCHEMA.validate_action_body('updateSettings', {'settings': [None]})
    with pytest.raises(SchemaError, match='assignments\\[0\\].target.@odata.type'):
        SCHEMA.validate_action_body('assign', {'assignments': [{'target': {'groupId': 'g'}}]})


def test_non_nullable_action_parameters_are_required():
    SCHEMA.validate_action_body('migrateToTemplate', {'preserveCustomValues': False})
    with pytest.raises(SchemaError, match="missing from the request payload. The missing parameters are: "
                                          "preserveCustomValues"):
        SCHEMA.validate_action_body('migrateToTemplate', {'newTemplateId': 't'})
    with pytest.raises(SchemaError, match='preserveCustomValues: parameter must not be null'):
        SCHEMA.validate_action_body('migrateToTemplate', {'newTemplateId': 't', 'preserveCustomValues': None})
