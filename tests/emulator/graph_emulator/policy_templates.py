"""Graph beta: deviceManagement/configurationPolicyTemplates (with settingTemplates) and configurationSettings."""
import copy

from .catalog_seed import descendants
from .wire import Refusal, graph_error, intune_error

_TEMPLATE_FILTER = {'displayname': 'displayName', 'templatefamily': 'templateFamily',
                    'lifecyclestate': 'lifecycleState', 'platforms': 'platforms', 'technologies': 'technologies',
                    'baseid': 'baseId', 'id': 'id'}
_TEMPLATE = 'deviceManagementConfigurationPolicyTemplate'
_SETTING_TEMPLATE = 'deviceManagementConfigurationSettingTemplate'
_DEFINITION = 'deviceManagementConfigurationSettingDefinition'


def expand_option(api, request, options, allowed, type_name):
    """The names in $expand (each must be one of `allowed`)."""
    names = [n.strip() for n in options.get('$expand', '').split(',') if n.strip()]
    for name in names:
        if name not in allowed:
            raise Refusal(graph_error(request, 400, 'BadRequest', "Could not find a property named '%s' on type "
                                                                  "'microsoft.graph.%s'." % (name, type_name)))
    return names


def not_found(request, what):
    return Refusal(intune_error(request, 404, '%s not found' % what, code='ResourceNotFound'))


class PolicyTemplatesApi:
    def __init__(self, api):
        self.api = api
        self.store = api.store

    def handle(self, request, entity_set, rest):
        self.api._method(request, 'GET')
        if entity_set == 'configurationSettings':
            return self._definitions(request, rest)
        if not rest:
            options = self.api._query_options(request, ('$filter', '$top', '$skiptoken', '$select'))
            items = [copy.deepcopy(t['entity']) for t in self.store.policy_templates.values()]
            if '$filter' in options:
                predicate = self.api._filter(request, options['$filter'], _TEMPLATE_FILTER, False,
                                             operators=('eq', 'ne', 'has'), allow_or=True)
                items = [item for item in items if predicate(item)]
            return self.api._send_page(request, _TEMPLATE, items, 'deviceManagement/configurationPolicyTemplates',
                                       options)
        template = self.store.policy_templates.get(rest[0])
        if template is None:
            raise not_found(request, "Configuration policy template '%s'" % rest[0])
        context = "deviceManagement/configurationPolicyTemplates('%s')" % rest[0]
        if len(rest) == 1:
            options = self.api._query_options(request, ('$select',))
            return self._entity(request, _TEMPLATE, copy.deepcopy(template['entity']), options,
                                'deviceManagement/configurationPolicyTemplates/$entity')
        if rest[1] != 'settingTemplates' or len(rest) > 3:
            raise Refusal(graph_error(request, 400, 'BadRequest', "Resource not found for the segment '%s'."
                                      % rest[-1]))
        options = self.api._query_options(request, ('$top', '$skiptoken', '$select', '$expand'))
        expand = expand_option(self.api, request, options, ('settingDefinitions',), _SETTING_TEMPLATE)
        items = [self.setting_template(t, expand) for t in template['settingTemplates']]
        if len(rest) == 2:
            return self.api._send_page(request, _SETTING_TEMPLATE, items, context + '/settingTemplates', options,
                                       page_size_key='settings_page_size')
        item = next((i for i in items if i['id'] == rest[2]), None)
        if item is None:
            raise not_found(request, "Setting template '%s'" % rest[2])
        return self._entity(request, _SETTING_TEMPLATE, item, options, context + '/settingTemplates/$entity',
                            keep=expand)

    def setting_template(self, setting_template, expand=()):
        item = {'id': setting_template['id'],
                'settingInstanceTemplate': copy.deepcopy(setting_template['settingInstanceTemplate'])}
        if 'settingDefinitions' in expand:
            item['settingDefinitions'] = [copy.deepcopy(self.store.catalog_definitions[d])
                                          for d in setting_template['definitionIds']]
        return item

    def root_definitions(self, root_id):
        """The definition of a root setting and of every setting below it ($expand=settingDefinitions)."""
        definitions = self.store.catalog_definitions
        return [copy.deepcopy(definitions[d]) for d in descendants(definitions, root_id) if d in definitions]

    def _entity(self, request, type_name, entity, options, context, keep=()):
        selected = self.api._select(request, options, type_name)
        if selected is not None:
            entity = {k: v for k, v in entity.items() if k in selected or k in keep or k in ('id', '@odata.type')}
        return self.api._send_entity(request, type_name, entity, context, complete=selected is None)

    def _definitions(self, request, rest):
        definitions = self.store.catalog_definitions
        if rest:
            if len(rest) > 1 or rest[0] not in definitions:
                raise not_found(request, "Setting definition '%s'" % rest[0])
            options = self.api._query_options(request, ('$select',))
            return self._entity(request, _DEFINITION, copy.deepcopy(definitions[rest[0]]), options,
                                'deviceManagement/configurationSettings/$entity')
        options = self.api._query_options(request, ('$top', '$skiptoken', '$select'))
        items = [copy.deepcopy(definitions[d]) for d in sorted(definitions)]
        return self.api._send_page(request, _DEFINITION, items, 'deviceManagement/configurationSettings', options)
