"""In-memory state of the emulated tenant: catalog (read-only), intents, issued tokens, configuration."""
import copy
import datetime
import secrets
import threading
import time
import uuid

from . import catalog_seed, seed
from .catalog_store import PolicyStoreMixin
from .list_expansion import LIST_EXPAND_MODES

DEFAULT_CONFIG = {'page_size': 25, 'latency_ms': 0, 'filter_failure': 'none', 'token_lifetime': 3599,
                  'throttle_scale': 0, 'throttle_window_s': 20, 'settings_page_size': 10,
                  'refuse_windows_security_intents': False, 'list_expand': 'all', 'directory_read_all': True}
# Keys whose smallest value is 1 (the others may be 0).
_POSITIVE_CONFIG = ('page_size', 'throttle_window_s', 'settings_page_size')
# Boolean switches.
_BOOLEAN_CONFIG = ('refuse_windows_security_intents', 'directory_read_all')
FILTER_FAILURES = ('none', '400', '500')
# What Intune stores for an untagged object: the built-in Default scope tag (docs/graph-beta-facts.md 7a).
DEFAULT_SCOPE_TAG_IDS = ('0',)


def utc_now_iso():
    return datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%dT%H:%M:%S.%f')[:-3] + 'Z'


class Store(PolicyStoreMixin):
    """Everything behind one lock; handlers copy what they return."""

    utc_now = staticmethod(utc_now_iso)

    def __init__(self):
        self.lock = threading.RLock()
        self.templates, self.definitions = seed.build_catalog()
        # The settings catalog: configurationPolicyTemplates and configurationSettings (read-only), and the policies.
        self.policy_templates, self.catalog_definitions = catalog_seed.build_catalog()
        self.policies = {}
        self.groups = seed.build_groups()
        self.config = dict(DEFAULT_CONFIG)
        self.intents = {}
        # Intune's store answers `displayName eq` from an index: a filtered lookup costs the same in a tenant of
        # 10 or 10,000 intents. Lower-cased display name -> {intent id: creation sequence number}.
        self._ids_by_name = {}
        self._sequence = 0
        self.tokens = {}

    def reset(self):
        with self.lock:
            self.config = dict(DEFAULT_CONFIG)
            self.intents = {}
            self._ids_by_name = {}
            self.tokens = {}
            self.policies = {}
            self.groups = seed.build_groups()

    def update_config(self, changes):
        with self.lock:
            for key, value in changes.items():
                if key not in DEFAULT_CONFIG:
                    raise ValueError('unknown config key %r' % key)
                if key == 'filter_failure':
                    value = str(value)
                    if value not in FILTER_FAILURES:
                        raise ValueError('filter_failure must be one of %s' % ', '.join(FILTER_FAILURES))
                elif key == 'list_expand':
                    if value not in LIST_EXPAND_MODES:
                        raise ValueError('list_expand must be one of %s' % ', '.join(LIST_EXPAND_MODES))
                elif key in _BOOLEAN_CONFIG:
                    if not isinstance(value, bool):
                        raise ValueError('%s must be true or false' % key)
                elif not isinstance(value, int) or isinstance(value, bool) or value < (1 if key in _POSITIVE_CONFIG else 0):
                    raise ValueError('%s must be a non-negative integer (%s >= 1)' % (key, ', '.join(_POSITIVE_CONFIG)))
                self.config[key] = value
            return dict(self.config)

    # -- groups -------------------------------------------------------------------------------------------
    def rename_group(self, group_id, display_name):
        """A group renamed in Microsoft Entra: its id stays, so a name written down beside the id goes stale."""
        if not isinstance(display_name, str) or not display_name:
            raise ValueError('displayName must be a non-empty string')
        with self.lock:
            for group in self.groups:
                if group['id'].lower() == str(group_id).lower():
                    group['displayName'] = display_name
                    return dict(group)
        raise ValueError('no group %s' % group_id)

    # -- tokens -------------------------------------------------------------------------------------------
    def issue_token(self, resource, app_id, kind):
        token = 'emu.' + secrets.token_urlsafe(48)
        with self.lock:
            lifetime = self.config['token_lifetime']
            self.tokens[token] = {'resource': resource, 'app_id': app_id, 'kind': kind,
                                  'expires_at': time.time() + lifetime}
        return token, lifetime

    def token_info(self, token):
        with self.lock:
            info = self.tokens.get(token)
            return dict(info) if info else None

    def expire_tokens(self):
        with self.lock:
            for info in self.tokens.values():
                info['expires_at'] = time.time() - 1
            return len(self.tokens)

    # -- template helpers ---------------------------------------------------------------------------------
    def template_definitions(self, template_id):
        """Top-level definitions usable in the template's intents, by id (None for unknown/legacy template)."""
        template = self.templates.get(template_id)
        if template is None:
            return None
        return {def_id: self.definitions[def_id] for category in template['categories']
                for def_id in category['definitionIds']}

    def intent_count(self, template_id):
        with self.lock:
            return sum(1 for intent in self.intents.values() if intent['templateId'] == template_id)

    # -- intents ------------------------------------------------------------------------------------------
    def add_intent(self, display_name, template_id, description=None, role_scope_tag_ids=None, settings=None,
                   intent_id=None, assignments=None):
        intent_id = intent_id or str(uuid.uuid4())
        intent = {'id': intent_id, 'displayName': display_name, 'description': description or '',
                  'isAssigned': bool(assignments), 'isMigratingToConfigurationPolicy': False,
                  'lastModifiedDateTime': utc_now_iso(), 'templateId': template_id,
                  'roleScopeTagIds': list(role_scope_tag_ids or DEFAULT_SCOPE_TAG_IDS),
                  'settings': list(settings or []), 'assignments': list(assignments or [])}
        with self.lock:
            if intent_id in self.intents:
                raise ValueError('intent %s already exists' % intent_id)
            self.intents[intent_id] = intent
            self._sequence += 1
            self._index(intent, self._sequence)
            return copy.deepcopy(intent)

    def get_intent(self, intent_id):
        with self.lock:
            intent = self.intents.get(intent_id)
            return copy.deepcopy(intent) if intent else None

    def list_intents(self, predicate=None):
        """Copies of the stored intents in creation order, or of those `predicate` accepts. The predicate sees the
        stored intents uncopied; one that requires a display name (odata.parse_filter's `equalities`) is answered
        from the index."""
        with self.lock:
            candidates = self.intents.values()
            name = getattr(predicate, 'equalities', {}).get('displayName')
            if name is not None:
                indexed = self._ids_by_name.get(name, {})
                candidates = [self.intents[i] for i in sorted(indexed, key=indexed.get)]
            return [copy.deepcopy(intent) for intent in candidates if predicate is None or predicate(intent)]

    def update_intent(self, intent_id, mutate):
        """Apply `mutate(intent)` under the lock; returns the updated copy or None when absent."""
        with self.lock:
            intent = self.intents.get(intent_id)
            if intent is None:
                return None
            sequence = self._unindex(intent)
            mutate(intent)
            self._index(intent, sequence)
            intent['lastModifiedDateTime'] = utc_now_iso()
            return copy.deepcopy(intent)

    def delete_intent(self, intent_id):
        with self.lock:
            intent = self.intents.pop(intent_id, None)
            if intent is not None:
                self._unindex(intent)
            return intent is not None

    def _index(self, intent, sequence):
        self._ids_by_name.setdefault((intent['displayName'] or '').lower(), {})[intent['id']] = sequence

    def _unindex(self, intent):
        """Removes the intent from the name index; returns its creation sequence number."""
        name = (intent['displayName'] or '').lower()
        sequence = self._ids_by_name[name].pop(intent['id'])
        if not self._ids_by_name[name]:
            del self._ids_by_name[name]
        return sequence
