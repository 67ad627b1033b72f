# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""An in-memory stand-in for GraphClient (get/get_all/post/patch/delete) over templates and intents.

It plays the server side only: routing, OData string literal parsing for ``displayName eq`` and ``templateId eq``,
createInstance (the template's defaults with the delta applied), updateSettings (a merge keyed by definitionId),
migrateToTemplate, PATCH and DELETE. Failures are injected per request.
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import copy
import datetime
import re
import uuid

from ansible_collections.msgraph.intune.plugins.module_utils._errors import GraphError, GraphTransportError

INTENT_FILTER = re.compile(r"^(displayName|templateId) eq '((?:[^']|'')*)'$")


def parse_odata_string_literal(text):
    """Server side of odata_string_literal: the value inside the quotes, doubled quotes undone."""
    match = re.match(r"^'((?:[^']|'')*)'$", text)
    if not match:
        raise ValueError('not an OData string literal: %r' % text)
    return match.group(1).replace("''", "'")


def graph_error(status, method='GET', path='', code='BadRequest', message='refused'):
    return GraphError(status=status, code=code, message=message, request_id='req-1', client_request_id='creq-1',
                      method=method, url='https://127.0.0.1/beta/' + path, request_body=None)


def transport_error(method='POST', path=''):
    return GraphTransportError('timeout', 'no response within 30 s', client_request_id='creq-1', method=method,
                               url='https://127.0.0.1/beta/' + path)


class InjectedFailure:
    """Raise ``error`` on the next request matching ``method`` and a path ending in ``path_suffix``.

    ``after_effect=True`` performs the request first (a lost response), else the request is refused untouched.
    ``commit_after=N`` performs it once the fake clock has moved N seconds on (a commit later than the timeout).
    ``times`` is how many matching requests fail.
    """

    def __init__(self, method, path_suffix, error, after_effect=False, times=1, commit_after=None):
        self.method = method
        self.path_suffix = path_suffix
        self.error = error
        self.after_effect = after_effect
        self.times = times
        self.commit_after = commit_after

    def matches(self, method, path):
        return self.times > 0 and method == self.method and path.endswith(self.path_suffix)


class FakeGraph:
    def __init__(self, max_retries=2):
        self.max_retries = max_retries
        self.templates = {}
        self.migratable_to = {}
        self.categories = {}
        self.intents = {}
        self.intent_settings = {}
        self.run_memory = {}
        self.template_settings = {}
        self.setting_definitions = {}
        self.intent_assignments = {}
        # Microsoft Entra groups, for directoryObjects/getByIds (AssignmentGraph also finds them by name).
        self.groups = []
        # Settings catalog policies an intent test needs (the intent module looks for a migrated profile there).
        self.catalog_policies = []
        self.calls = []
        self.failures = []
        self.late_commits = []
        self.filter_refusal = None
        # An HTTP status with which the profile lists refuse $expand (None: they expand settings).
        self.expand_refusal = None
        self.case_insensitive_filter = True
        self.wrap_create_response = False
        self.pauses = []
        # What the domain layers asked to mask (GraphClient.mask).
        self.masked = set()

    # --- the client's clock and waits (recorded, never slept) ---------------------------------------------------

    timeout = 30
    clock = datetime.datetime(2026, 12, 1, 12, 0, 0, tzinfo=datetime.timezone.utc)

    def now(self):
        return self.clock

    def retry_wait(self, retry_number, retry_after=None):
        return max(1.0, retry_after) if retry_after is not None else float(2 ** retry_number)

    def pause(self, seconds):
        self.pauses.append(seconds)
        self.clock += datetime.timedelta(seconds=seconds)

    def stamp(self):
        """The time of a write: the clock, moved on by a millisecond so that every write is after the last."""
        self.clock += datetime.timedelta(milliseconds=1)
        return self.clock.strftime('%Y-%m-%dT%H:%M:%S.%fZ')

    # --- test set-up -------------------------------------------------------------------------------------------

    def add_template(self, template_id, display_name, version='1', deprecated=False, published='2024-01-01T00:00:00Z',
                     migratable_to=(), categories=None, default_settings=()):
        self.templates[template_id] = {
            '@odata.type': '#microsoft.graph.deviceManagementTemplate', 'id': template_id,
            'displayName': display_name, 'versionInfo': version, 'isDeprecated': deprecated,
            'publishedDateTime': published, 'templateType': 'securityTemplate', 'intentCount': 0,
        }
        self.migratable_to[template_id] = list(migratable_to)
        self.categories[template_id] = categories or {}
        self.template_settings[template_id] = [dict(s) for s in default_settings]
        return self.templates[template_id]

    def add_intent(self, display_name, template_id, settings=(), description=None, role_scope_tag_ids=('0',), **extra):
        intent_id = str(uuid.uuid4())
        self.intents[intent_id] = dict({
            'id': intent_id, 'displayName': display_name, 'description': description, 'templateId': template_id,
            'isAssigned': False, 'isMigratingToConfigurationPolicy': False, 'roleScopeTagIds': list(role_scope_tag_ids),
            'lastModifiedDateTime': self.stamp(),
        }, **extra)
        self.intent_settings[intent_id] = [dict(s, id=s.get('id') or str(uuid.uuid4())) for s in settings]
        return self.intents[intent_id]

    def fail(self, method, path_suffix, error, after_effect=False, times=1, commit_after=None):
        self.failures.append(InjectedFailure(method, path_suffix, error, after_effect, times, commit_after))

    def requests(self, method=None, path_suffix=''):
        return [c for c in self.calls if (method is None or c[0] == method) and c[1].endswith(path_suffix)]

    def writes(self):
        """The calls that may change something: not GETs, nor reads sent as POST (``post_read``)."""
        return [c for c in self.calls if c[0] != 'GET' and c[-1] != 'read']

    # --- GraphClient interface ----------------------------------------------------------------------------------

    def mask(self, values):
        self.masked.update(values)

    def get(self, path, params=None):
        return self._handle('GET', path, params, self._route_get)

    def get_all(self, path, params=None):
        return self._handle('GET', path, params, self._route_get_all)

    def post(self, path, body, idempotent=True):
        self.calls.append(('POST', path, copy.deepcopy(body), idempotent))
        return self._run('POST', path, lambda: self._route_post(path, body))

    def post_read(self, path, body):
        self.calls.append(('POST', path, copy.deepcopy(body), 'read'))
        return self._run('POST', path, lambda: self._route_post_read(path, body))

    def patch(self, path, body):
        self.calls.append(('PATCH', path, copy.deepcopy(body)))
        return self._run('PATCH', path, lambda: self._route_patch(path, body))

    def delete(self, path):
        self.calls.append(('DELETE', path, None))
        return self._run('DELETE', path, lambda: self._route_delete(path))

    # --- machinery ------------------------------------------------------------------------------------------------

    def _handle(self, method, path, params, route):
        self.calls.append((method, path, copy.deepcopy(params)))
        return self._run(method, path, lambda: route(path.split('/'), params or {}))

    def _run(self, method, path, effect):
        for due, late_effect in list(self.late_commits):
            if self.clock >= due:
                self.late_commits.remove((due, late_effect))
                late_effect()
        for failure in self.failures:
            if failure.matches(method, path):
                failure.times -= 1
                if failure.after_effect:
                    effect()
                elif failure.commit_after is not None:
                    self.late_commits.append((self.clock + datetime.timedelta(seconds=failure.commit_after), effect))
                raise failure.error
        return copy.deepcopy(effect())

    def _route_get(self, parts, params):
        if parts[:2] == ['deviceManagement', 'templates'] and len(parts) == 3:
            return self._found(self.templates.get(parts[2]), 'templates/' + parts[2])
        if parts[:2] == ['deviceManagement', 'intents'] and len(parts) == 3:
            return self._found(self.intents.get(parts[2]), 'intents/' + parts[2])
        if parts[:2] == ['deviceManagement', 'settingDefinitions'] and len(parts) == 3:
            return self._found(self.setting_definitions.get(parts[2]), 'settingDefinitions/' + parts[2])
        raise AssertionError('unrouted GET %s' % '/'.join(parts))

    def _route_get_all(self, parts, params):
        if parts == ['deviceManagement', 'templates']:
            return list(self.templates.values())
        if parts == ['deviceManagement', 'configurationPolicies']:
            family = parse_odata_string_literal(params['$filter'].split(' eq ', 1)[1])
            return [p for p in self.catalog_policies if p['templateReference']['templateFamily'] == family]
        if parts == ['deviceManagement', 'intents']:
            return self._list_intents(params)
        if parts[:2] == ['deviceManagement', 'templates'] and parts[3:] == ['migratableTo']:
            self._found(self.templates.get(parts[2]), 'templates/' + parts[2])
            return [self.templates[t] for t in self.migratable_to[parts[2]]]
        if parts[:2] == ['deviceManagement', 'templates'] and parts[3:] == ['settings']:
            self._found(self.templates.get(parts[2]), 'templates/' + parts[2])
            return self.template_settings[parts[2]]
        if parts[:2] == ['deviceManagement', 'intents'] and parts[3:] == ['assignments']:
            self._found(self.intents.get(parts[2]), 'intents/' + parts[2])
            return self.intent_assignments.get(parts[2], [])
        if parts[:2] == ['deviceManagement', 'templates'] and parts[3:] == ['categories']:
            return [{'id': c, 'displayName': c} for c in self.categories[parts[2]]]
        if parts[:2] == ['deviceManagement', 'templates'] and parts[3] == 'categories' and parts[5:] == ['settingDefinitions']:
            return self.categories[parts[2]][parts[4]]
        if parts[:2] == ['deviceManagement', 'intents'] and parts[3:] == ['settings']:
            self._found(self.intents.get(parts[2]), 'intents/' + parts[2])
            return self.intent_settings[parts[2]]
        raise AssertionError('unrouted GET (all pages) %s' % '/'.join(parts))

    def expanded(self, items, params, path, settings_of):
        """``items`` with their ``settings`` when ``params`` ask for them ($expand=settings, as Graph answers)."""
        if '$expand' not in params:
            return items
        if self.expand_refusal is not None or params['$expand'] != 'settings':
            raise graph_error(self.expand_refusal or 400, path=path, message="Query option 'Expand' is not allowed")
        return [dict(item, settings=settings_of(item)) for item in items]

    def _list_intents(self, params):
        return self.expanded(self._filter_intents(params), params, 'deviceManagement/intents',
                             lambda intent: self.intent_settings[intent['id']])

    def _filter_intents(self, params):
        intents = list(self.intents.values())
        if '$filter' not in params:
            return intents
        if self.filter_refusal is not None:
            raise graph_error(self.filter_refusal, path='deviceManagement/intents', code='InternalServerError')
        match = INTENT_FILTER.match(params['$filter'])
        if not match:
            raise graph_error(400, path='deviceManagement/intents', message='unsupported filter')
        key, wanted = match.group(1), match.group(2).replace("''", "'")
        if self.case_insensitive_filter:
            # Graph compares strings case-insensitively in $filter.
            return [i for i in intents if (i[key] or '').lower() == wanted.lower()]
        return [i for i in intents if i[key] == wanted]

    def _route_post_read(self, path, body):
        if path == 'directoryObjects/getByIds':
            wanted = set(group_id.lower() for group_id in body['ids'])
            assert body.get('types') == ['group'] and 0 < len(wanted) <= 1000, body
            return {'value': [dict(group, **{'@odata.type': '#microsoft.graph.group'})
                              for group in self.groups if group['id'].lower() in wanted]}
        raise AssertionError('unrouted read POST %s' % path)

    def _route_post(self, path, body):
        parts = path.split('/')
        if parts[-1] == 'createInstance':
            return self._create_instance(parts[-2], body)
        if parts[-1] == 'updateSettings':
            return self._update_settings(parts[2], body)
        if parts[-1] == 'migrateToTemplate':
            return self._migrate(parts[2], body)
        raise AssertionError('unrouted POST %s' % path)

    def _create_instance(self, template_id, body):
        # Graph makes the profile from the template's defaults and applies the delta; an empty tag list is Default.
        settings = [dict((k, v) for k, v in default.items() if k != 'id') for default in self.template_settings.get(template_id, [])]
        for new in body.get('settingsDelta', []):
            settings = [old for old in settings if old['definitionId'] != new['definitionId']] + [new]
        intent = self.add_intent(body['displayName'], template_id, description=body.get('description'),
                                 role_scope_tag_ids=body.get('roleScopeTagIds') or ['0'], settings=settings)
        if self.wrap_create_response:
            return {'value': intent}
        return intent

    def _update_settings(self, intent_id, body):
        self._found(self.intents.get(intent_id), 'intents/' + intent_id)
        settings = self.intent_settings[intent_id]
        for new in body['settings']:
            for position, old in enumerate(settings):
                if old['definitionId'] == new['definitionId']:
                    settings[position] = dict(new, id=old['id'])
                    break
            else:
                settings.append(dict(new, id=str(uuid.uuid4())))

    def _migrate(self, intent_id, body):
        """migrateToTemplate with preserveCustomValues: values that differ from the source's defaults are kept for the
        definitions the target has, the target's defaults fill the rest; 400 when the target is not migratableTo."""
        intent = self._found(self.intents.get(intent_id), 'intents/' + intent_id)
        source, target = intent['templateId'], body['newTemplateId']
        if target not in self.migratable_to.get(source, []):
            raise graph_error(400, method='POST', path='migrateToTemplate', message='not a migration target')
        source_defaults = dict((s['definitionId'], s) for s in self.template_settings.get(source, []))
        own = dict((s['definitionId'], s) for s in self.intent_settings[intent_id])
        migrated = []
        for default in self.template_settings.get(target, []):
            mine, old_default = own.get(default['definitionId']), source_defaults.get(default['definitionId'])
            customised = mine is not None and (old_default is None or mine.get('valueJson') != old_default.get('valueJson'))
            instance = dict(mine) if customised else dict(default, id=str(uuid.uuid4()))
            if mine is not None:
                instance['id'] = mine['id']
            migrated.append(instance)
        self.intent_settings[intent_id] = migrated
        intent.update(templateId=target, lastModifiedDateTime=self.stamp())

    def _route_patch(self, path, body):
        intent_id = path.split('/')[2]
        self._found(self.intents.get(intent_id), path).update(body)

    def _route_delete(self, path):
        intent_id = path.split('/')[2]
        self._found(self.intents.get(intent_id), path)
        del self.intents[intent_id]

    @staticmethod
    def _found(entity, path):
        if entity is None:
            raise graph_error(404, path=path, code='ResourceNotFound', message='not found')
        return entity


class AssignmentGraph(FakeGraph):
    """FakeGraph plus groups (filtered by displayName, or by id with directoryObjects/getByIds), an intent's assignments
    and the assign action."""

    def __init__(self, groups=()):
        super(AssignmentGraph, self).__init__(max_retries=2)
        self.groups = [dict(group) for group in groups]
        self.assignments = {}

    def _route_get_all(self, parts, params):
        if parts == ['groups']:
            wanted = parse_odata_string_literal(params['$filter'][len('displayName eq '):])
            return [g for g in self.groups if g['displayName'].lower() == wanted.lower()]
        if parts[:2] == ['deviceManagement', 'intents'] and parts[3:] == ['assignments']:
            return self.assignments.get(parts[2], [])
        return super(AssignmentGraph, self)._route_get_all(parts, params)

    def _route_post(self, path, body):
        parts = path.split('/')
        if parts[-1] == 'assign':
            self.assignments[parts[2]] = [dict(item, id=str(uuid.uuid4())) for item in body['assignments']]
            return None
        return super(AssignmentGraph, self)._route_post(path, body)
