# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""PolicyGraph: the FakeGraph of the configuration policy domain (Settings Catalog).

It plays the server side of deviceManagement/configurationPolicyTemplates (list, ``templateFamily eq`` filter, get,
settingTemplates with ``$expand=settingDefinitions``) and deviceManagement/configurationPolicies (list with the
``name eq`` filter, get, POST, PUT, PATCH, DELETE, settings, assignments, assign), plus groups (AssignmentGraph).
Calls are recorded and failures injected by FakeGraph's machinery (``fail``, ``after_effect``, ``commit_after``, the
fake clock and its pauses); ``put`` is added to the client interface.
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import copy
import re
import uuid

from ansible_collections.msgraph.intune.tests.unit.utils.fake_graph import (
    AssignmentGraph,
    graph_error,
    parse_odata_string_literal,
)

TEMPLATES = ['deviceManagement', 'configurationPolicyTemplates']
POLICIES = ['deviceManagement', 'configurationPolicies']
POLICY_FILTER = re.compile(r"^name eq ('(?:[^']|'')*')$")
FAMILY_FILTER = re.compile(r"^templateFamily eq ('(?:[^']|'')*')$")
SETTING_TYPE = '#microsoft.graph.deviceManagementConfigurationSetting'
SECRET_TYPE = '#microsoft.graph.deviceManagementConfigurationSecretSettingValue'


def encrypted(value):
    """What Graph stores for a setting instance: a secret given in clear becomes an encrypted value token."""
    if isinstance(value, list):
        return [encrypted(item) for item in value]
    if not isinstance(value, dict):
        return value
    result = dict((key, encrypted(item)) for key, item in value.items())
    if result.get('@odata.type') == SECRET_TYPE and result.get('valueState') == 'notEncrypted':
        result['value'] = 'token-%s' % uuid.uuid5(uuid.NAMESPACE_OID, str(result.get('value')))
        result['valueState'] = 'encryptedValueToken'
    return result


class PolicyGraph(AssignmentGraph):
    """AssignmentGraph plus configuration policy templates and configuration policies."""

    def __init__(self, groups=()):
        super(PolicyGraph, self).__init__(groups)
        self.policy_templates = {}
        self.policy_setting_templates = {}
        self.policies = {}
        self.policy_settings = {}
        self.policy_assignments = {}
        # An HTTP status with which the configurationPolicies list refuses any $filter (None: the filter works).
        self.refuse_name_filter = None

    # --- test set-up -------------------------------------------------------------------------------------------

    def add_policy_template(self, template, setting_templates=()):
        self.policy_templates[template['id']] = copy.deepcopy(template)
        self.policy_setting_templates[template['id']] = copy.deepcopy(list(setting_templates))
        return self.policy_templates[template['id']]

    def add_policy(self, name, template_id, settings=(), description='', role_scope_tag_ids=('0',), policy_id=None,
                   created=None):
        """A stored policy; ``settings`` are top-level setting instances; ``created`` its createdDateTime."""
        template = self.policy_templates.get(template_id, {})
        stamp = created or self.stamp()
        policy_id = policy_id or str(uuid.uuid4())
        self.policies[policy_id] = {
            'id': policy_id, 'name': name, 'description': description,
            'platforms': template.get('platforms', 'windows10'), 'technologies': template.get('technologies', 'mdm'),
            'roleScopeTagIds': list(role_scope_tag_ids), 'createdDateTime': stamp, 'lastModifiedDateTime': stamp,
            'settingCount': len(settings), 'creationSource': None, 'isAssigned': False, 'priorityMetaData': None,
            'templateReference': self.template_reference(template_id),
        }
        self.policy_settings[policy_id] = encrypted(copy.deepcopy(list(settings)))
        self.policy_assignments[policy_id] = []
        return copy.deepcopy(self.policies[policy_id])

    def template_reference(self, template_id):
        template = self.policy_templates.get(template_id)
        if template is None:
            return {'templateId': template_id or '', 'templateFamily': 'none', 'templateDisplayName': None,
                    'templateDisplayVersion': None}
        return {'templateId': template['id'], 'templateFamily': template['templateFamily'],
                'templateDisplayName': template['displayName'], 'templateDisplayVersion': template['displayVersion']}

    def policy_writes(self):
        """The writes as (method, path) pairs."""
        return [call[:2] for call in self.writes()]

    # --- GraphClient interface: PUT ---------------------------------------------------------------------------

    def put(self, path, body):
        self.calls.append(('PUT', path, copy.deepcopy(body)))
        return self._run('PUT', path, lambda: self._route_put(path, body))

    # --- routes ------------------------------------------------------------------------------------------------

    def _route_get(self, parts, params):
        if parts[:2] == TEMPLATES and len(parts) == 3:
            return self._found(self.policy_templates.get(parts[2]), '/'.join(parts))
        if parts[:2] == POLICIES and len(parts) == 3:
            policy = self._found(self.policies.get(parts[2]), '/'.join(parts))
            return dict(policy, **{'@odata.context': 'https://graph.microsoft.com/beta/$metadata#configurationPolicies'})
        return super(PolicyGraph, self)._route_get(parts, params)

    def _route_get_all(self, parts, params):
        if parts == TEMPLATES:
            return self._list_templates(params)
        if parts[:2] == TEMPLATES and parts[3:] == ['settingTemplates']:
            self._found(self.policy_templates.get(parts[2]), '/'.join(parts[:3]))
            expanded = params.get('$expand') == 'settingDefinitions'
            return [dict((key, value) for key, value in setting_template.items()
                         if expanded or key != 'settingDefinitions')
                    for setting_template in self.policy_setting_templates[parts[2]]]
        if parts == POLICIES:
            return self._list_policies(params)
        if parts[:2] == POLICIES and parts[3:] == ['settings']:
            self._found(self.policies.get(parts[2]), '/'.join(parts[:3]))
            return self._settings_of(parts[2])
        if parts[:2] == POLICIES and parts[3:] == ['assignments']:
            self._found(self.policies.get(parts[2]), '/'.join(parts[:3]))
            return self.policy_assignments[parts[2]]
        return super(PolicyGraph, self)._route_get_all(parts, params)

    def _list_templates(self, params):
        templates = list(self.policy_templates.values())
        if '$filter' not in params:
            return templates
        match = FAMILY_FILTER.match(params['$filter'])
        if not match:
            raise graph_error(400, path='deviceManagement/configurationPolicyTemplates', message='unsupported filter')
        family = parse_odata_string_literal(match.group(1))
        return [t for t in templates if t['templateFamily'] == family]

    def _settings_of(self, policy_id):
        return [{'id': str(index), 'settingInstance': instance}
                for index, instance in enumerate(self.policy_settings[policy_id])]

    def _list_policies(self, params):
        return self.expanded(self._filter_policies(params), params, 'deviceManagement/configurationPolicies',
                             lambda policy: self._settings_of(policy['id']))

    def _filter_policies(self, params):
        policies = list(self.policies.values())
        if '$filter' not in params:
            return policies
        if self.refuse_name_filter is not None:
            raise graph_error(self.refuse_name_filter, path='deviceManagement/configurationPolicies',
                              message='Invalid filter clause')
        match = POLICY_FILTER.match(params['$filter'])
        if not match:
            raise graph_error(400, path='deviceManagement/configurationPolicies', message='unsupported filter')
        wanted = parse_odata_string_literal(match.group(1))
        # Graph compares strings case-insensitively in $filter.
        return [p for p in policies if p['name'].lower() == wanted.lower()]

    def _route_post(self, path, body):
        parts = path.split('/')
        if parts == POLICIES:
            return self._create_policy(body)
        if parts[:2] == POLICIES and parts[3:] == ['assign']:
            self._found(self.policies.get(parts[2]), '/'.join(parts[:3]))
            self.policy_assignments[parts[2]] = [dict(item, id='%s_%s' % (parts[2], uuid.uuid4()))
                                                 for item in body['assignments']]
            self.policies[parts[2]]['isAssigned'] = bool(body['assignments'])
            return {'value': self.policy_assignments[parts[2]]}
        return super(PolicyGraph, self)._route_post(path, body)

    def _create_policy(self, body):
        template_id = (body.get('templateReference') or {}).get('templateId')
        if template_id and template_id not in self.policy_templates:
            raise graph_error(400, method='POST', path='deviceManagement/configurationPolicies',
                              message='template not found')
        created = self.add_policy(body['name'], template_id, description=body.get('description') or '',
                                  role_scope_tag_ids=body.get('roleScopeTagIds') or ['0'],
                                  settings=[entry['settingInstance'] for entry in body.get('settings') or []])
        self.policies[created['id']].update(platforms=body.get('platforms'), technologies=body.get('technologies'))
        # Graph answers with the policy, without its settings.
        return dict(self.policies[created['id']], **{
            '@odata.context': 'https://graph.microsoft.com/beta/$metadata#deviceManagement/configurationPolicies/$entity'})

    def _route_put(self, path, body):
        parts = path.split('/')
        if parts[:2] != POLICIES or len(parts) != 3:
            raise AssertionError('unrouted PUT %s' % path)
        policy = self._found(self.policies.get(parts[2]), path)
        settings = [entry['settingInstance'] for entry in body.get('settings') or []]
        policy.update(name=body['name'], description=body.get('description') or '',
                      roleScopeTagIds=list(body.get('roleScopeTagIds') or ['0']), settingCount=len(settings),
                      lastModifiedDateTime=self.stamp())
        self.policy_settings[parts[2]] = encrypted(copy.deepcopy(settings))

    def _route_patch(self, path, body):
        parts = path.split('/')
        if parts[:2] == POLICIES and len(parts) == 3:
            policy = self._found(self.policies.get(parts[2]), path)
            policy.update(copy.deepcopy(body))
            policy['lastModifiedDateTime'] = self.stamp()
            return None
        return super(PolicyGraph, self)._route_patch(path, body)

    def _route_delete(self, path):
        parts = path.split('/')
        if parts[:2] == POLICIES and len(parts) == 3:
            self._found(self.policies.get(parts[2]), path)
            del self.policies[parts[2]]
            del self.policy_settings[parts[2]]
            self.policy_assignments.pop(parts[2], None)
            return None
        return super(PolicyGraph, self)._route_delete(path)
