"""Graph beta: deviceManagement/templates and deviceManagement/intents, with schema checks both ways."""
import copy
import time
import uuid

from . import directory_objects, odata
from .configuration_policies import ConfigurationPoliciesApi
from .intent_migration import refuse_intent_write
from .list_expansion import expand_on_list
from .policy_templates import PolicyTemplatesApi
from .schema import SchemaError
from .seed import definition_entity
from .settings import SettingError, migrated_settings, normalise
from .store import DEFAULT_SCOPE_TAG_IDS
from .wire import Refusal as _Refusal
from .wire import Response, graph_error, intune_error

_INTENT_FILTER = {'displayname': 'displayName', 'templateid': 'templateId'}
_GROUP_FILTER = {'displayname': 'displayName'}
_TEMPLATE_FILTER = {'displayname': 'displayName', 'templatetype': 'templateType',
                    'templatesubtype': 'templateSubtype', 'platformtype': 'platformType'}
_PATCHABLE = ('displayName', 'description', 'roleScopeTagIds')
_INTENT_ACTIONS = ('updateSettings', 'assign', 'createCopy', 'migrateToTemplate')


class GraphApi:
    def __init__(self, store, schema, base_url, record_violation):
        self.store = store
        self.schema = schema
        self.base_url = base_url
        self.record_violation = record_violation
        # The settings catalog's entity sets, in modules of their own.
        self.policy_templates = PolicyTemplatesApi(self)
        self.configuration_policies = ConfigurationPoliciesApi(self)

    # -- entry point --------------------------------------------------------------------------------------
    def handle(self, request):
        """Returns (Response, auth_present)."""
        auth_present = bool(request.headers.get('Authorization'))
        try:
            self._authenticate(request)
            return self._route(request), auth_present
        except _Refusal as refusal:
            return refusal.response, auth_present

    def _authenticate(self, request):
        header = request.headers.get('Authorization') or ''
        challenge = {'WWW-Authenticate': 'Bearer realm="", authorization_uri="%s/common/oauth2/authorize", '
                                         'client_id="00000003-0000-0000-c000-000000000000"' % self.base_url}
        if not header:
            raise _Refusal(graph_error(request, 401, 'InvalidAuthenticationToken', 'Access token is empty.',
                                       challenge))
        scheme, _sep, token = header.partition(' ')
        info = self.store.token_info(token.strip()) if scheme.lower() == 'bearer' else None
        if info is None:
            raise _Refusal(graph_error(request, 401, 'InvalidAuthenticationToken',
                                       'IDX14100: JWT is not well formed, there are no dots (.).', challenge))
        if info['expires_at'] <= time.time():
            raise _Refusal(graph_error(request, 401, 'InvalidAuthenticationToken',
                                       'Lifetime validation failed, the token is expired.', challenge))
        if info['resource'] != self.base_url:
            raise _Refusal(graph_error(request, 401, 'InvalidAuthenticationToken', 'Invalid audience.', challenge))

    def _route(self, request):
        segments = [s for s in request.path[len('/beta/'):].split('/') if s]
        if segments and segments[-1].startswith('microsoft.graph.'):
            segments[-1] = segments[-1][len('microsoft.graph.'):]
        if segments[:2] == ['deviceManagement', 'templates']:
            return self._templates(request, segments[2:])
        if segments[:2] == ['deviceManagement', 'intents']:
            return self._intents(request, segments[2:])
        if segments[:2] == ['deviceManagement', 'configurationPolicies']:
            return self.configuration_policies.handle(request, segments[2:])
        if segments[:2] in (['deviceManagement', 'configurationPolicyTemplates'],
                            ['deviceManagement', 'configurationSettings']):
            return self.policy_templates.handle(request, segments[1], segments[2:])
        if segments == ['groups']:
            return self._groups(request)
        if segments == ['directoryObjects', 'getByIds']:
            return directory_objects.get_by_ids(self, request)
        if segments[:2] == ['deviceManagement', 'settingDefinitions'] and len(segments) <= 3:
            return self._setting_definitions(request, segments[2:])
        if segments[:1] == ['deviceManagement'] and len(segments) > 1:
            bad = segments[1]
        else:
            bad = segments[0] if segments else ''
        return graph_error(request, 400, 'BadRequest', "Resource not found for the segment '%s'." % bad)

    # -- helpers ------------------------------------------------------------------------------------------
    def _method(self, request, *allowed):
        if request.method not in allowed:
            raise _Refusal(graph_error(request, 405, 'BadRequest',
                                       "The HTTP method '%s' is not allowed on this resource." % request.method))

    def _not_found(self, request, what):
        return _Refusal(intune_error(request, 404, '%s not found' % what, code='ResourceNotFound'))

    def _context(self, fragment):
        return '%s/beta/$metadata#%s' % (self.base_url, fragment)

    def _violation(self, request, error):
        self.record_violation({'method': request.method, 'path': request.path, 'error': str(error)})
        return graph_error(request, 500, 'InternalServerError',
                           'Emulator produced a response that violates the schema: %s' % error)

    def _send_entity(self, request, type_name, entity, context, status=200, complete=True):
        body = dict({'@odata.context': self._context(context)}, **entity)
        try:
            self.schema.validate_entity(type_name, body, 'response', complete=complete)
        except SchemaError as error:
            return self._violation(request, error)
        return Response(status, body)

    def _query_options(self, request, allowed):
        options = {}
        for name, value in request.query:
            if name.startswith('$'):
                if name not in allowed:
                    raise _Refusal(graph_error(request, 400, 'BadRequest',
                                               "The query specified in the URI is not valid. Query option '%s' "
                                               'is not allowed.' % name))
                options[name] = value
        return options

    def _select(self, request, options, type_name):
        if '$select' not in options:
            return None
        selected = [s.strip() for s in options['$select'].split(',') if s.strip()]
        props, navs = self.schema.members(type_name)
        for name in selected:
            if name not in props and name not in navs:
                raise _Refusal(graph_error(request, 400, 'BadRequest',
                                           "Could not find a property named '%s' on type 'microsoft.graph.%s'."
                                           % (name, type_name)))
        return set(selected)

    def _send_page(self, request, type_name, items, context, options, page_size_key='page_size'):
        """Collection response with $top/$skiptoken paging, $select projection, schema check.

        ``type_name`` None is for entity sets outside the schema extract (groups): no member or schema check.
        ``page_size_key``: the config key of the page size used without $top.
        """
        try:
            offset = odata.decode_skiptoken(options['$skiptoken']) if '$skiptoken' in options else 0
            page_size = int(options['$top']) if '$top' in options else self.store.config[page_size_key]
            if page_size < 0:
                raise ValueError('$top must be non-negative')
        except ValueError as error:
            raise _Refusal(graph_error(request, 400, 'BadRequest', 'Invalid query: %s' % error)) from None
        selected = self._select(request, options, type_name) if type_name else self._plain_select(options)
        page = items[offset:offset + page_size]
        if selected is not None:
            page = [odata.project(item, selected) for item in page]
        body = {'@odata.context': self._context(context), 'value': page}
        if offset + page_size < len(items) and page_size > 0:
            body['@odata.nextLink'] = odata.next_link(self.base_url, request.path, request.query, offset + page_size)
        if type_name:
            try:
                self.schema.validate_collection(type_name, page, 'response', complete=selected is None)
            except SchemaError as error:
                return self._violation(request, error)
        return Response(200, body)

    @staticmethod
    def _plain_select(options):
        if '$select' not in options:
            return None
        return set(s.strip() for s in options['$select'].split(',') if s.strip())

    def _request_body(self, request, action=None, entity_type=None):
        try:
            body = request.json()
            if action:
                self.schema.validate_action_body(action, body)
            else:
                if not isinstance(body, dict):
                    raise SchemaError('', 'the request body must be a JSON object')
                self.schema.validate_entity(entity_type, body, 'request')
        except SchemaError as error:
            raise _Refusal(graph_error(request, 400, 'BadRequest', 'Invalid request body: %s' % error)) from None
        except ValueError as error:
            raise _Refusal(graph_error(request, 400, 'BadRequest', str(error))) from None
        return body

    # -- templates ----------------------------------------------------------------------------------------
    def _template_entity(self, template_id):
        template = self.store.templates[template_id]
        return dict(template['entity'], intentCount=self.store.intent_count(template_id))

    def _template(self, request, template_id):
        if template_id not in self.store.templates:
            raise self._not_found(request, "Template '%s'" % template_id)
        return self.store.templates[template_id]

    def _templates(self, request, rest):
        if not rest:
            self._method(request, 'GET')
            options = self._query_options(request, ('$filter', '$top', '$skiptoken', '$select'))
            items = [self._template_entity(tid) for tid in self.store.templates]
            if '$filter' in options:
                items = [t for t in items if self._filter(request, options['$filter'], _TEMPLATE_FILTER, True)(t)]
            return self._send_page(request, 'deviceManagementTemplate', items, 'deviceManagement/templates', options)
        template = self._template(request, rest[0])
        template_id = rest[0]
        if len(rest) == 1:
            self._method(request, 'GET')
            return self._send_entity(request, 'deviceManagementTemplate', self._template_entity(template_id),
                                     'deviceManagement/templates/$entity')
        if rest[1] == 'createInstance' and len(rest) == 2:
            self._method(request, 'POST')
            return self._create_instance(request, template_id)
        if rest[1] == 'migratableTo':
            return self._migratable_to(request, template, template_id, rest[2:])
        if rest[1] == 'settings' and len(rest) == 2:
            self._method(request, 'GET')
            options = self._query_options(request, ('$top', '$skiptoken', '$select'))
            return self._send_page(request, 'deviceManagementSettingInstance', copy.deepcopy(template['settings']),
                                   "deviceManagement/templates('%s')/settings" % template_id, options)
        if rest[1] == 'categories':
            return self._template_categories(request, template, template_id, rest[2:])
        raise _Refusal(graph_error(request, 400, 'BadRequest', "Resource not found for the segment '%s'." % rest[1]))

    def _migratable_to(self, request, template, template_id, rest):
        if not rest:
            self._method(request, 'GET')
            options = self._query_options(request, ('$top', '$skiptoken', '$select'))
            items = [self._template_entity(tid) for tid in template['migratableTo']]
            return self._send_page(request, 'deviceManagementTemplate', items,
                                   "deviceManagement/templates('%s')/migratableTo" % template_id, options)
        target_id = rest[0]
        if target_id not in template['migratableTo']:
            raise self._not_found(request, "Template '%s' in migratableTo of '%s'" % (target_id, template_id))
        if len(rest) == 1:
            self._method(request, 'GET')
            return self._send_entity(request, 'deviceManagementTemplate', self._template_entity(target_id),
                                     "deviceManagement/templates('%s')/migratableTo/$entity" % template_id)
        if rest[1:] == ['createInstance']:
            self._method(request, 'POST')
            return self._create_instance(request, target_id)
        raise _Refusal(graph_error(request, 400, 'BadRequest', "Resource not found for the segment '%s'." % rest[1]))

    def _template_categories(self, request, template, template_id, rest):
        self._method(request, 'GET')
        options = self._query_options(request, ('$top', '$skiptoken', '$select'))
        context = "deviceManagement/templates('%s')/categories" % template_id
        if not rest:
            items = [{'@odata.type': '#microsoft.graph.deviceManagementTemplateSettingCategory', 'id': c['id'],
                      'displayName': c['displayName'], 'hasRequiredSetting': c['hasRequiredSetting']}
                     for c in template['categories']]
            return self._send_page(request, 'deviceManagementTemplateSettingCategory', items, context, options)
        category = next((c for c in template['categories'] if c['id'] == rest[0]), None)
        if category is None:
            raise self._not_found(request, "Category '%s'" % rest[0])
        if len(rest) == 1:
            entity = {'@odata.type': '#microsoft.graph.deviceManagementTemplateSettingCategory', 'id': category['id'],
                      'displayName': category['displayName'], 'hasRequiredSetting': category['hasRequiredSetting']}
            return self._send_entity(request, 'deviceManagementTemplateSettingCategory', entity, context + '/$entity')
        if rest[1:] == ['settingDefinitions']:
            items = [definition_entity(self.store.definitions[d]) for d in category['definitionIds']]
            return self._send_page(request, 'deviceManagementSettingDefinition', items,
                                   "%s('%s')/settingDefinitions" % (context, category['id']), options)
        if rest[1:] == ['recommendedSettings']:
            items = [copy.deepcopy(s) for s in template['settings'] if s['definitionId'] in category['definitionIds']]
            return self._send_page(request, 'deviceManagementSettingInstance', items,
                                   "%s('%s')/recommendedSettings" % (context, category['id']), options)
        raise _Refusal(graph_error(request, 400, 'BadRequest', "Resource not found for the segment '%s'." % rest[1]))

    # -- createInstance -----------------------------------------------------------------------------------
    def _normalise_all(self, request, items, template_id, existing=None):
        definitions = self.store.template_definitions(template_id)
        existing = existing or {}
        result = {}
        try:
            for item in items or []:
                result[item.get('definitionId')] = normalise(item, definitions, self.store.definitions,
                                                             existing.get(item.get('definitionId')))
        except SettingError as error:
            raise _Refusal(intune_error(request, 400, str(error))) from None
        return result

    def _create_instance(self, request, template_id):
        template = self.store.templates[template_id]
        refuse_intent_write(self.store, request, template_id)
        body = self._request_body(request, action='createInstance')
        if template['entity']['isDeprecated']:
            raise _Refusal(intune_error(request, 400, 'Intents cannot be created from a deprecated template'))
        if not body.get('displayName'):
            raise _Refusal(intune_error(request, 400, 'displayName is required to create an intent'))
        delta = self._normalise_all(request, body.get('settingsDelta'), template_id)
        settings = []
        for default in template['settings']:
            chosen = delta.pop(default['definitionId'], None) or copy.deepcopy(default)
            chosen['id'] = str(uuid.uuid4())
            settings.append(chosen)
        intent = self.store.add_intent(body['displayName'], template_id, description=body.get('description'),
                                       role_scope_tag_ids=body.get('roleScopeTagIds'), settings=settings)
        return self._send_entity(request, 'deviceManagementIntent', self._intent_entity(intent),
                                 'deviceManagement/intents/$entity')

    # -- groups (Microsoft Entra; served for assignment by group name) ------------------------------------------
    def _groups(self, request):
        self._method(request, 'GET')
        options = self._query_options(request, ('$filter', '$top', '$skiptoken', '$select'))
        items = copy.deepcopy(self.store.groups)
        if '$filter' in options:
            try:
                predicate = odata.parse_filter(options['$filter'], _GROUP_FILTER, False)
            except ValueError as error:
                # Entra answers unsupported or malformed filters with a plain Graph 400, not an Intune one.
                raise _Refusal(graph_error(request, 400, 'Request_UnsupportedQuery',
                                           'Unsupported Query: %s' % error)) from None
            items = [group for group in items if predicate(group)]
        return self._send_page(request, None, items, 'groups', options)

    # -- setting definitions (every definition, the nested ones that categories do not list included) ----------
    def _setting_definitions(self, request, rest):
        self._method(request, 'GET')
        context = 'deviceManagement/settingDefinitions'
        if rest:
            definition = self.store.definitions.get(rest[0])
            if definition is None:
                raise self._not_found(request, "Setting definition '%s'" % rest[0])
            return self._send_entity(request, 'deviceManagementSettingDefinition', definition_entity(definition),
                                     context + '/$entity')
        options = self._query_options(request, ('$top', '$skiptoken', '$select'))
        items = [definition_entity(self.store.definitions[def_id]) for def_id in sorted(self.store.definitions)]
        return self._send_page(request, 'deviceManagementSettingDefinition', items, context, options)

    # -- intents ------------------------------------------------------------------------------------------
    @staticmethod
    def _intent_entity(intent, expand=()):
        entity = {key: value for key, value in intent.items() if key not in ('settings', 'assignments')}
        for name in expand:
            entity[name] = intent[name]
        return entity

    def _filter(self, request, text, properties, allow_isof, **grammar):
        """`grammar`: parse_filter's operators / allow_or for entity sets that accept more than `eq` and `and`."""
        try:
            return odata.parse_filter(text, properties, allow_isof, **grammar)
        except odata.FilterSyntaxError as error:
            raise _Refusal(graph_error(request, 400, 'BadRequest', 'Invalid filter clause: %s' % error)) from None
        except odata.UnsupportedFilter as error:
            raise _Refusal(intune_error(request, 400, 'Invalid filter: %s' % error)) from None

    def _expand(self, request, options):
        names = [n.strip() for n in options.get('$expand', '').split(',') if n.strip()]
        for name in names:
            if name not in ('settings', 'assignments'):
                raise _Refusal(graph_error(request, 400, 'BadRequest', "Could not find a property named '%s' on "
                                                                       "type 'microsoft.graph.deviceManagementIntent'."
                                           % name))
        return names

    def _intents(self, request, rest):
        if not rest:
            self._method(request, 'GET')
            options = self._query_options(request, ('$filter', '$top', '$skiptoken', '$select', '$expand'))
            failure = self.store.config['filter_failure']
            if '$filter' in options and failure != 'none':
                if failure == '500':
                    raise _Refusal(intune_error(request, 500, 'An internal server error has occurred',
                                                code='InternalServerError'))
                raise _Refusal(intune_error(request, 400, 'Filtering is not supported on this resource'))
            expand = self._expand(request, options)
            # The filterable properties are plain intent properties, so the predicate can judge stored intents.
            predicate = self._filter(request, options['$filter'], _INTENT_FILTER, False) if '$filter' in options else None
            items = expand_on_list(self, request, [self._intent_entity(i, expand) for i in self.store.list_intents(predicate)],
                                   expand)
            return self._send_page(request, 'deviceManagementIntent', items, 'deviceManagement/intents', options)
        intent_id = rest[0]
        intent = self.store.get_intent(intent_id)
        if intent is None:
            raise self._not_found(request, "Intent '%s'" % intent_id)
        if request.method in ('POST', 'PATCH'):
            refuse_intent_write(self.store, request, intent['templateId'])
        if len(rest) == 1:
            return self._intent_item(request, intent)
        if len(rest) == 2 and rest[1] in _INTENT_ACTIONS:
            self._method(request, 'POST')
            return getattr(self, '_action_' + rest[1].lower())(request, intent)
        if len(rest) == 2 and rest[1] in ('settings', 'assignments'):
            self._method(request, 'GET')
            options = self._query_options(request, ('$top', '$skiptoken', '$select'))
            type_name = 'deviceManagementSettingInstance' if rest[1] == 'settings' else \
                'deviceManagementIntentAssignment'
            return self._send_page(request, type_name, intent[rest[1]],
                                   "deviceManagement/intents('%s')/%s" % (intent_id, rest[1]), options)
        if rest[1] == 'categories':
            return self._intent_categories(request, intent, rest[2:])
        raise _Refusal(graph_error(request, 400, 'BadRequest', "Resource not found for the segment '%s'." % rest[1]))

    def _intent_item(self, request, intent):
        self._method(request, 'GET', 'PATCH', 'DELETE')
        if request.method == 'GET':
            options = self._query_options(request, ('$select', '$expand'))
            expand = self._expand(request, options)
            entity = self._intent_entity(intent, expand)
            selected = self._select(request, options, 'deviceManagementIntent')
            if selected is not None:
                entity = odata.project(entity, selected | set(expand))
            return self._send_entity(request, 'deviceManagementIntent', entity, 'deviceManagement/intents/$entity',
                                     complete=selected is None)
        if request.method == 'DELETE':
            self.store.delete_intent(intent['id'])
            return Response(204)
        body = self._request_body(request, entity_type='deviceManagementIntent')
        for key in body:
            if key.startswith('@'):
                continue
            if key == 'templateId':
                raise _Refusal(intune_error(request, 400, 'The templateId of an intent cannot be changed'))
            if key not in _PATCHABLE:
                raise _Refusal(intune_error(request, 400, "Property '%s' cannot be updated with PATCH" % key))

        def apply(stored):
            for key in _PATCHABLE:
                if key in body:
                    stored[key] = body[key]
            if 'roleScopeTagIds' in body and not body['roleScopeTagIds']:
                # Untagged objects get the built-in Default scope tag (docs/graph-beta-facts.md 7a), as createInstance does.
                stored['roleScopeTagIds'] = list(DEFAULT_SCOPE_TAG_IDS)
        updated = self.store.update_intent(intent['id'], apply)
        if updated is None:
            raise self._not_found(request, "Intent '%s'" % intent['id'])
        return self._send_entity(request, 'deviceManagementIntent', self._intent_entity(updated),
                                 'deviceManagement/intents/$entity')

    def _intent_categories(self, request, intent, rest):
        self._method(request, 'GET')
        options = self._query_options(request, ('$top', '$skiptoken', '$select'))
        template = self.store.templates.get(intent['templateId'])
        categories = template['categories'] if template else []
        context = "deviceManagement/intents('%s')/categories" % intent['id']
        if not rest:
            items = [{'id': c['id'], 'displayName': c['displayName'], 'hasRequiredSetting': c['hasRequiredSetting']}
                     for c in categories]
            return self._send_page(request, 'deviceManagementIntentSettingCategory', items, context, options)
        category = next((c for c in categories if c['id'] == rest[0]), None)
        if category is None or rest[1:] not in ([], ['settings'], ['settingDefinitions']):
            raise self._not_found(request, "Category '%s'" % rest[0])
        if not rest[1:]:
            entity = {'id': category['id'], 'displayName': category['displayName'],
                      'hasRequiredSetting': category['hasRequiredSetting']}
            return self._send_entity(request, 'deviceManagementIntentSettingCategory', entity, context + '/$entity')
        if rest[1] == 'settings':
            items = [s for s in intent['settings'] if s['definitionId'] in category['definitionIds']]
            return self._send_page(request, 'deviceManagementSettingInstance', items,
                                   "%s('%s')/settings" % (context, category['id']), options)
        items = [definition_entity(self.store.definitions[d]) for d in category['definitionIds']]
        return self._send_page(request, 'deviceManagementSettingDefinition', items,
                               "%s('%s')/settingDefinitions" % (context, category['id']), options)

    def _action_updatesettings(self, request, intent):
        body = self._request_body(request, action='updateSettings')
        existing = {s['definitionId']: s['id'] for s in intent['settings']}
        changes = self._normalise_all(request, body.get('settings'), intent['templateId'], existing)

        def merge(stored):
            by_definition = {s['definitionId']: index for index, s in enumerate(stored['settings'])}
            for definition_id, instance in changes.items():
                if definition_id in by_definition:
                    stored['settings'][by_definition[definition_id]] = instance
                else:
                    stored['settings'].append(instance)
        if self.store.update_intent(intent['id'], merge) is None:
            raise self._not_found(request, "Intent '%s'" % intent['id'])
        return Response(204)

    def _action_assign(self, request, intent):
        body = self._request_body(request, action='assign')
        assignments = []
        for item in body.get('assignments') or []:
            if not item.get('target'):
                raise _Refusal(intune_error(request, 400, 'Assignment target is required'))
            self._check_assignment_target(request, item['target'])
            # Intune fills the filter members in when the caller leaves them out.
            target = dict({'deviceAndAppManagementAssignmentFilterId': None,
                           'deviceAndAppManagementAssignmentFilterType': 'none'}, **item['target'])
            assignments.append({'id': item.get('id') or str(uuid.uuid4()), 'target': target})

        def replace(stored):
            stored['assignments'] = assignments
            stored['isAssigned'] = bool(assignments)
        self.store.update_intent(intent['id'], replace)
        return Response(204)

    def _check_assignment_target(self, request, target):
        """What Intune refuses beyond the schema: a group target without a group, a Configuration Manager collection
        target without a collection, a filter type without a filter."""
        type_name = target['@odata.type'].rsplit('.', 1)[-1]
        if self.schema.is_derived_from(type_name, 'groupAssignmentTarget') and not target.get('groupId'):
            raise _Refusal(intune_error(request, 400, 'A group assignment target needs a groupId'))
        if self.schema.is_derived_from(type_name, 'configurationManagerCollectionAssignmentTarget') \
                and not target.get('collectionId'):
            raise _Refusal(intune_error(request, 400,
                                        'A Configuration Manager collection assignment target needs a collectionId'))
        if target.get('deviceAndAppManagementAssignmentFilterType', 'none') != 'none' \
                and not target.get('deviceAndAppManagementAssignmentFilterId'):
            raise _Refusal(intune_error(request, 400, 'An assignment filter type needs an assignment filter id'))

    def _action_createcopy(self, request, intent):
        body = self._request_body(request, action='createCopy')
        if not body.get('displayName'):
            raise _Refusal(intune_error(request, 400, 'displayName is required to copy an intent'))
        settings = [dict(s, id=str(uuid.uuid4())) for s in intent['settings']]
        copied = self.store.add_intent(body['displayName'], intent['templateId'],
                                       description=body.get('description', intent['description']),
                                       role_scope_tag_ids=intent['roleScopeTagIds'], settings=settings)
        return self._send_entity(request, 'deviceManagementIntent', self._intent_entity(copied),
                                 'deviceManagement/intents/$entity')

    def _action_migratetotemplate(self, request, intent):
        """The portal's "Change version": the same intent (id, assignments, names, scope tags) moves to a template its
        template lists in migratableTo; settings as settings.migrated_settings says. 204."""
        body = self._request_body(request, action='migrateToTemplate')
        target_id = body.get('newTemplateId')
        if not target_id:
            raise _Refusal(intune_error(request, 400, 'newTemplateId is required to migrate an intent'))
        # Under the store's (reentrant) lock, so that no updateSettings or second migration slips in between.
        with self.store.lock:
            intent_id, intent = intent['id'], self.store.get_intent(intent['id'])
            if intent is None:
                raise self._not_found(request, "Intent '%s'" % intent_id)
            source = self.store.templates.get(intent['templateId'])
            if source is None:
                raise _Refusal(intune_error(request, 400, "Intent '%s' was not created from a known template ('%s'), "
                                                          'so it cannot be migrated' % (intent['id'], intent['templateId'])))
            target = self.store.templates.get(target_id)
            if target is None:
                raise _Refusal(intune_error(request, 400, "Template '%s' does not exist" % target_id))
            if target_id not in source['migratableTo']:
                raise _Refusal(intune_error(request, 400, "Intents of template '%s' cannot be migrated to template '%s': "
                                                          'it is not one of its migratableTo templates'
                                            % (intent['templateId'], target_id)))
            try:
                settings = migrated_settings(intent['settings'], source['settings'], target['settings'],
                                             self.store.template_definitions(target_id), self.store.definitions,
                                             body['preserveCustomValues'])
            except SettingError as error:
                raise _Refusal(intune_error(request, 400, str(error))) from None

            def move(stored):
                stored['templateId'] = target_id
                stored['settings'] = settings
            self.store.update_intent(intent_id, move)
        return Response(204)
