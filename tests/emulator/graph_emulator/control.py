"""Control interface under /_emulator/ (no bearer token) and the EmulatorControl client used by tests."""
import requests

from .intent_migration import migrate_intent, seed_policy, set_migrating
from .wire import Response

CONTROL_PREFIX = '/_emulator/'


def handle_control(emulator, request):
    """Dispatch one control request; returns a Response."""
    route = request.path[len(CONTROL_PREFIX):].strip('/')
    method = request.method
    try:
        body = request.json() if request.body else {}
    except ValueError as error:
        return Response(400, {'error': str(error)})
    store = emulator.store
    try:
        if route == 'reset' and method == 'POST':
            emulator.reset()
            return Response(200, {'reset': True})
        if route == 'state' and method == 'GET':
            return Response(200, {'intents': store.list_intents(), 'config': dict(store.config),
                                  'tokens_issued': len(store.tokens)})
        if route == 'intents' and method == 'POST':
            return Response(201, emulator.seed_intent(body))
        if route == 'configurationPolicies' and method == 'POST':
            return Response(201, seed_policy(store, body))
        if route == 'configurationPolicies' and method == 'GET':
            return Response(200, {'value': store.list_policies()})
        parts = route.split('/')
        if len(parts) == 2 and parts[0] == 'groups' and method == 'PATCH':
            return Response(200, store.rename_group(parts[1], body.get('displayName')))
        if len(parts) == 3 and parts[0] == 'intents' and parts[2] == 'migrate' and method == 'POST':
            return Response(201, migrate_intent(store, parts[1], body))
        if len(parts) == 3 and parts[0] == 'intents' and parts[2] == 'migrating' and method == 'POST':
            return Response(200, set_migrating(store, parts[1], bool(body.get('value', True))))
        if route == 'config' and method == 'GET':
            return Response(200, dict(store.config))
        if route == 'config' and method in ('PATCH', 'POST'):
            return Response(200, store.update_config(body))
        if route == 'faults' and method == 'GET':
            return Response(200, {'value': emulator.faults.list()})
        if route == 'faults' and method == 'POST':
            return Response(201, emulator.faults.add(body))
        if route == 'faults' and method == 'DELETE':
            emulator.faults.clear()
            return Response(204)
        if route == 'requests' and method == 'GET':
            return Response(200, {'value': emulator.request_log()})
        if route == 'requests' and method == 'DELETE':
            emulator.clear_request_log()
            return Response(204)
        if route == 'violations' and method == 'GET':
            return Response(200, {'value': emulator.violations()})
        if route == 'tokens/expire' and method == 'POST':
            return Response(200, {'expired': store.expire_tokens()})
        if route == 'shutdown' and method == 'POST':
            emulator.stop_soon()
            return Response(200, {'stopping': True})
    except ValueError as error:
        return Response(400, {'error': str(error)})
    return Response(404, {'error': 'no control route %s %s' % (method, request.path)})


class EmulatorControl:
    """Thin client for /_emulator/; every method raises requests.HTTPError on a non-2xx answer."""

    def __init__(self, url, ca_path, timeout=10):
        self.url = url.rstrip('/') + '/_emulator'
        self.session = requests.Session()
        # trust_env off: REQUESTS_CA_BUNDLE would otherwise override session.verify, and proxies must not apply.
        self.session.trust_env = False
        self.session.verify = ca_path
        self.timeout = timeout

    def _call(self, method, route, body=None):
        response = self.session.request(method, '%s/%s' % (self.url, route), json=body, timeout=self.timeout)
        response.raise_for_status()
        return response.json() if response.content else None

    def reset(self):
        """Back to the seed: no intents, default config, no tokens, no faults, empty log and violations."""
        self._call('POST', 'reset')

    def state(self):
        return self._call('GET', 'state')

    def intents(self):
        return self.state()['intents']

    def seed_intent(self, display_name, template_id, description='', settings=None, role_scope_tag_ids=None,
                    intent_id=None):
        """Store an intent directly (duplicates, legacy templateId allowed). `settings`: {definitionId: value}
        overriding the template defaults; for an unknown template, full setting instances (list)."""
        return self._call('POST', 'intents', {'displayName': display_name, 'templateId': template_id,
                                              'description': description, 'settings': settings,
                                              'roleScopeTagIds': role_scope_tag_ids, 'id': intent_id})

    def seed_policy(self, name, platforms='windows10', technologies='mdm', template_id=None, settings=None, **extra):
        """Store a configurationPolicy directly (checked as a Graph create is). `extra`: description,
        roleScopeTagIds, creationSource, id, createdDateTime, lastModifiedDateTime, assignments (a list of targets)."""
        body = dict(extra, name=name, platforms=platforms, technologies=technologies, settings=settings or [],
                    templateReference={'templateId': template_id} if template_id else None)
        return self._call('POST', 'configurationPolicies', body)

    def policies(self):
        """Every stored configurationPolicy with its settings, assignments and secrets (plaintext by token)."""
        return self._call('GET', 'configurationPolicies')['value']

    def migrate_intent(self, intent_id, template_id=None, settings=None, policy_id=None, creation_source=None):
        """Intune's migration of a Windows endpoint-security intent: returns the new configurationPolicy."""
        return self._call('POST', 'intents/%s/migrate' % intent_id, {
            'templateId': template_id, 'settings': settings, 'id': policy_id, 'creationSource': creation_source})

    def set_intent_migrating(self, intent_id, value=True):
        return self._call('POST', 'intents/%s/migrating' % intent_id, {'value': value})

    def rename_group(self, group_id, display_name):
        """Rename a seeded group, as an admin would in Microsoft Entra (reset restores the seed's names)."""
        return self._call('PATCH', 'groups/%s' % group_id, {'displayName': display_name})

    def config(self, **changes):
        """Set page_size, settings_page_size (configurationPolicies' settings and templates' settingTemplates),
        latency_ms, filter_failure ('none' | '400' | '500'), token_lifetime, throttle_scale (0: off),
        throttle_window_s, refuse_windows_security_intents (bool), list_expand ('all' | 'refused' | 'paged', see
        list_expansion.py), directory_read_all (bool: the app holds Directory.Read.All, which directoryObjects/getByIds
        needs); returns the config."""
        return self._call('PATCH', 'config', changes) if changes else self._call('GET', 'config')

    def add_fault(self, path, method='*', count=1, action=None, status=None, headers=None, body=None, delay_ms=0):
        spec = {'path': path, 'method': method, 'count': count, 'delay_ms': delay_ms}
        for key, value in (('action', action), ('status', status), ('headers', headers), ('body', body)):
            if value is not None:
                spec[key] = value
        return self._call('POST', 'faults', spec)

    def faults(self):
        return self._call('GET', 'faults')['value']

    def clear_faults(self):
        self._call('DELETE', 'faults')

    def requests(self, kind=None):
        entries = self._call('GET', 'requests')['value']
        return [e for e in entries if kind is None or e['kind'] == kind]

    def clear_requests(self):
        self._call('DELETE', 'requests')

    def violations(self):
        return self._call('GET', 'violations')['value']

    def expire_tokens(self):
        return self._call('POST', 'tokens/expire')['expired']

    def shutdown(self):
        self._call('POST', 'shutdown')
