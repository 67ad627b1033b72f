"""Graph beta: deviceManagement/configurationPolicies (settings catalog): list, get, create, PATCH, PUT, DELETE,
settings, assignments and assign. See docs/graph-settings-catalog.md for the facts and the assumptions."""
import copy

from .catalog_settings import CatalogSettingError, check_settings
from .catalog_store import policy_entity
from .list_expansion import expand_on_list
from .policy_templates import expand_option, not_found
from .schema import SchemaError
from .store import DEFAULT_SCOPE_TAG_IDS
from .wire import Refusal, Response, graph_error, intune_error

POLICY = 'deviceManagementConfigurationPolicy'
_SETTING = 'deviceManagementConfigurationSetting'
_ASSIGNMENT = 'deviceManagementConfigurationPolicyAssignment'
_FILTER = {'name': 'name', 'description': 'description', 'platforms': 'platforms', 'technologies': 'technologies',
           'creationsource': 'creationSource', 'templatereference/templatefamily': ('templateReference', 'templateFamily'),
           'templatereference/templateid': ('templateReference', 'templateId'),
           'templatereference/templatedisplayname': ('templateReference', 'templateDisplayName')}
# PATCH: the properties it changes, and the read-only ones Intune accepts and ignores (the docs' PATCH example sends
# them). Any other member, settings and assignments included, is refused.
_PATCHABLE = ('name', 'description', 'roleScopeTagIds', 'platforms', 'technologies')
_IGNORED_ON_WRITE = ('id', 'createdDateTime', 'lastModifiedDateTime', 'settingCount', 'creationSource', 'isAssigned',
                     'templateReference', 'priorityMetaData', 'disableEntraGroupPolicyAssignment')
# Virtual group ids Intune uses in the assignment id of all-users / all-devices targets.
_ALL_LICENSED_USERS_ID = 'adadadad-808e-44e2-905a-0b7873a8a531'
_ALL_DEVICES_ID = 'acacacac-9df4-4c7d-9d50-4ef0226f57a9'


def build_policy(store, body, policy_id=None, creating=True):
    """A stored policy from a create body (Graph POST or the control interface); raises ValueError (Intune's 400).
    ``creating``: a Graph create, which Intune takes from an active template only; a seeded policy may be on any
    template version (it was created before the version was superseded)."""
    if not isinstance(body.get('name'), str) or not body['name'].strip():
        raise ValueError('name is required to create a configuration policy')
    for key in ('platforms', 'technologies'):
        if not body.get(key):
            raise ValueError('%s is required to create a configuration policy' % key)
    reference, setting_templates = template_reference(store, body.get('templateReference'), body, creating)
    settings, secrets = check_settings(body.get('settings'), store.catalog_definitions, setting_templates)
    policy = {'@odata.type': '#microsoft.graph.' + POLICY, 'name': body['name'],
              'description': body.get('description') or '', 'platforms': body['platforms'],
              'technologies': body['technologies'], 'creationSource': body.get('creationSource'),
              'roleScopeTagIds': list(body.get('roleScopeTagIds') or DEFAULT_SCOPE_TAG_IDS),
              'templateReference': reference, 'priorityMetaData': None, 'disableEntraGroupPolicyAssignment': False,
              'settings': settings, 'secrets': secrets, 'assignments': []}
    if policy_id:
        policy['id'] = policy_id
    return policy


def template_reference(store, reference, body, creating=True):
    """(templateReference as Graph returns it, {root definition id: setting template} or None)."""
    template_id = (reference or {}).get('templateId') or ''
    if not template_id:
        return {'templateId': '', 'templateFamily': 'none', 'templateDisplayName': None,
                'templateDisplayVersion': None}, None
    template = store.policy_templates.get(template_id)
    if template is None:
        raise ValueError("Configuration policy template '%s' does not exist" % template_id)
    entity = template['entity']
    if creating and entity['lifecycleState'] != 'active':
        raise ValueError("Configuration policy template '%s' is %s: policies can only be created from an active "
                         'template' % (template_id, entity['lifecycleState']))
    for key in ('platforms', 'technologies'):
        if body.get(key) != entity[key]:
            raise ValueError("%s '%s' does not match the template's '%s'" % (key, body.get(key), entity[key]))
    roots = {t['settingInstanceTemplate']['settingDefinitionId']: t for t in template['settingTemplates']}
    return {'templateId': template_id, 'templateFamily': entity['templateFamily'],
            'templateDisplayName': entity['displayName'], 'templateDisplayVersion': entity['displayVersion']}, roots


def setting_templates_of(store, policy):
    template = store.policy_templates.get(policy['templateReference'].get('templateId') or '')
    if template is None:
        return None
    return {t['settingInstanceTemplate']['settingDefinitionId']: t for t in template['settingTemplates']}


def assignment_id(policy_id, target):
    """Intune names a policy assignment <policy id>_<group, collection or virtual all-users/all-devices id>."""
    kind = target['@odata.type'].rsplit('.', 1)[-1]
    if kind == 'allLicensedUsersAssignmentTarget':
        return '%s_%s' % (policy_id, _ALL_LICENSED_USERS_ID)
    if kind == 'allDevicesAssignmentTarget':
        return '%s_%s' % (policy_id, _ALL_DEVICES_ID)
    return '%s_%s' % (policy_id, target.get('groupId') or target.get('collectionId'))


class ConfigurationPoliciesApi:
    def __init__(self, api):
        self.api = api
        self.store = api.store

    def _refuse(self, request, text, status=400):
        return Refusal(intune_error(request, status, text))

    def handle(self, request, rest):
        if not rest:
            self.api._method(request, 'GET', 'POST')
            return self._create(request) if request.method == 'POST' else self._list(request)
        policy = self.store.get_policy(rest[0])
        if policy is None:
            raise not_found(request, "Configuration policy '%s'" % rest[0])
        if len(rest) == 1:
            self.api._method(request, 'GET', 'PATCH', 'PUT', 'DELETE')
            return getattr(self, '_' + request.method.lower())(request, policy)
        if rest[1:] == ['assign']:
            self.api._method(request, 'POST')
            return self._assign(request, policy)
        if rest[1] in ('settings', 'assignments') and len(rest) <= 3:
            self.api._method(request, 'GET')
            return (self._settings if rest[1] == 'settings' else self._assignments)(request, policy, rest[2:])
        raise Refusal(graph_error(request, 400, 'BadRequest', "Resource not found for the segment '%s'." % rest[1]))

    # -- reads ----------------------------------------------------------------------------------------------------
    def _list(self, request):
        options = self.api._query_options(request, ('$filter', '$top', '$skiptoken', '$select', '$expand'))
        expand = expand_option(self.api, request, options, ('settings', 'assignments'), POLICY)
        predicate = None
        if '$filter' in options:
            predicate = self.api._filter(request, options['$filter'], _FILTER, False, operators=('eq', 'ne', 'has'),
                                         allow_or=True)
        items = expand_on_list(self.api, request, [policy_entity(p, expand) for p in self.store.list_policies(predicate)],
                               expand)
        return self.api._send_page(request, POLICY, items, 'deviceManagement/configurationPolicies', options)

    def _get(self, request, policy):
        options = self.api._query_options(request, ('$select', '$expand'))
        expand = expand_option(self.api, request, options, ('settings', 'assignments'), POLICY)
        entity = policy_entity(policy, expand)
        selected = self.api._select(request, options, POLICY)
        if selected is not None:
            entity = {k: v for k, v in entity.items() if k in selected | set(expand) or k in ('id', '@odata.type')}
        return self.api._send_entity(request, POLICY, entity, 'deviceManagement/configurationPolicies/$entity',
                                     complete=selected is None)

    def _settings(self, request, policy, rest):
        options = self.api._query_options(request, ('$top', '$skiptoken', '$select', '$expand'))
        expand = expand_option(self.api, request, options, ('settingDefinitions',), _SETTING)
        items = []
        for setting in policy['settings']:
            item = copy.deepcopy(setting)
            if expand:
                root = setting['settingInstance']['settingDefinitionId']
                item['settingDefinitions'] = self.api.policy_templates.root_definitions(root)
            items.append(item)
        context = "deviceManagement/configurationPolicies('%s')/settings" % policy['id']
        if not rest:
            return self.api._send_page(request, _SETTING, items, context, options, page_size_key='settings_page_size')
        item = next((i for i in items if i['id'] == rest[0]), None)
        if item is None:
            raise not_found(request, "Setting '%s'" % rest[0])
        return self.api._send_entity(request, _SETTING, item, context + '/$entity')

    def _assignments(self, request, policy, rest):
        options = self.api._query_options(request, ('$top', '$skiptoken', '$select'))
        context = "deviceManagement/configurationPolicies('%s')/assignments" % policy['id']
        if not rest:
            return self.api._send_page(request, _ASSIGNMENT, policy['assignments'], context, options)
        item = next((a for a in policy['assignments'] if a['id'] == rest[0]), None)
        if item is None:
            raise not_found(request, "Assignment '%s'" % rest[0])
        return self.api._send_entity(request, _ASSIGNMENT, item, context + '/$entity')

    # -- writes ---------------------------------------------------------------------------------------------------
    def _create(self, request):
        body = self.api._request_body(request, entity_type=POLICY)
        if body.get('assignments'):
            raise self._refuse(request, 'Assignments cannot be created with the policy: use the assign action')
        try:
            policy = build_policy(self.store, body)
        except ValueError as error:  # CatalogSettingError included
            raise self._refuse(request, str(error)) from None
        created = self.store.add_policy(policy)
        return self.api._send_entity(request, POLICY, policy_entity(created),
                                     'deviceManagement/configurationPolicies/$entity', status=201)

    def _check_members(self, request, policy, body, allowed, verb):
        for key in body:
            if key.startswith('@') or key in allowed or key in _IGNORED_ON_WRITE:
                continue
            if key in ('settings', 'assignments'):
                raise Refusal(graph_error(request, 400, 'BadRequest', "Cannot %s navigation property '%s' on "
                                                                      "entity type 'microsoft.graph.%s'."
                                          % (verb, key, POLICY)))
            raise self._refuse(request, "Property '%s' cannot be updated with %s" % (key, verb))
        if body.get('id') not in (None, policy['id']):
            raise self._refuse(request, 'The id in the body does not match the policy in the URL')

    def _check_template_unchanged(self, request, policy, body):
        sent = (body.get('templateReference') or {}).get('templateId')
        if sent is not None and sent != (policy['templateReference'].get('templateId') or ''):
            raise self._refuse(request, 'The template of a configuration policy cannot be changed')
        if policy['templateReference'].get('templateId'):
            template = self.store.policy_templates[policy['templateReference']['templateId']]['entity']
            for key in ('platforms', 'technologies'):
                if key in body and body[key] != template[key]:
                    raise self._refuse(request, "%s '%s' does not match the template's '%s'"
                                       % (key, body[key], template[key]))

    def _patch(self, request, policy):
        """Documented: PATCH updates the policy's properties and returns 200 with it. Navigation properties
        (settings, assignments) are refused; settings change through PUT (what peers send)."""
        body = self.api._request_body(request, entity_type=POLICY)
        self._check_members(request, policy, body, _PATCHABLE, 'PATCH')
        self._check_template_unchanged(request, policy, body)

        def apply(stored):
            for key in _PATCHABLE:
                if key in body:
                    stored[key] = body[key] if key != 'roleScopeTagIds' else \
                        list(body[key] or DEFAULT_SCOPE_TAG_IDS)
        updated = self.store.update_policy(policy['id'], apply)
        if updated is None:
            raise not_found(request, "Configuration policy '%s'" % policy['id'])
        return self.api._send_entity(request, POLICY, policy_entity(updated),
                                     'deviceManagement/configurationPolicies/$entity')

    def _put(self, request, policy):
        """What IntuneCD, Microsoft365DSC and the Terraform providers send to change settings: the whole policy,
        settings included. The settings are replaced; secrets sent back as their token keep their value. 204."""
        body = self.api._request_body(request, entity_type=POLICY)
        self._check_members(request, policy, dict((k, v) for k, v in body.items() if k != 'settings'), _PATCHABLE,
                            'PUT')
        if 'assignments' in body:
            raise self._refuse(request, 'Assignments cannot be replaced with PUT: use the assign action')
        for key in ('name', 'platforms', 'technologies'):
            if not body.get(key):
                raise self._refuse(request, '%s is required when the whole policy is replaced' % key)
        self._check_template_unchanged(request, policy, body)
        try:
            settings, secrets = check_settings(body.get('settings'), self.store.catalog_definitions,
                                               setting_templates_of(self.store, policy), policy['secrets'])
        except CatalogSettingError as error:
            raise self._refuse(request, str(error)) from None

        def replace(stored):
            stored.update(name=body['name'], description=body.get('description') or '',
                          platforms=body['platforms'], technologies=body['technologies'], settings=settings,
                          secrets=secrets)
            if 'roleScopeTagIds' in body:
                stored['roleScopeTagIds'] = list(body['roleScopeTagIds'] or DEFAULT_SCOPE_TAG_IDS)
        if self.store.update_policy(policy['id'], replace) is None:
            raise not_found(request, "Configuration policy '%s'" % policy['id'])
        return Response(204)

    def _delete(self, request, policy):
        self.store.delete_policy(policy['id'])
        return Response(204)

    def _assign(self, request, policy):
        """Documented: replaces the assignments and answers 200 with the new collection."""
        try:
            body = request.json()
            self.api.schema.validate_action_body('assign', body, binding=POLICY)
        except SchemaError as error:
            raise Refusal(graph_error(request, 400, 'BadRequest', 'Invalid request body: %s' % error)) from None
        except ValueError as error:
            raise Refusal(graph_error(request, 400, 'BadRequest', str(error))) from None
        assignments = []
        for item in body.get('assignments') or []:
            if not item.get('target'):
                raise self._refuse(request, 'Assignment target is required')
            self.api._check_assignment_target(request, item['target'])
            target = dict({'deviceAndAppManagementAssignmentFilterId': None,
                           'deviceAndAppManagementAssignmentFilterType': 'none'}, **item['target'])
            assignments.append({'id': assignment_id(policy['id'], target), 'source': 'direct', 'sourceId': None,
                                'target': target})
        duplicate = next((a['id'] for a in assignments if [b['id'] for b in assignments].count(a['id']) > 1), None)
        if duplicate:
            raise self._refuse(request, 'The same target is assigned more than once (%s)' % duplicate)

        def replace(stored):
            stored['assignments'] = assignments
        if self.store.update_policy(policy['id'], replace) is None:
            raise not_found(request, "Configuration policy '%s'" % policy['id'])
        body = {'@odata.context': self.api._context('Collection(microsoft.graph.%s)' % _ASSIGNMENT),
                'value': assignments}
        try:
            self.api.schema.validate_collection(_ASSIGNMENT, assignments, 'response')
        except SchemaError as error:
            return self.api._violation(request, error)
        return Response(200, body)
