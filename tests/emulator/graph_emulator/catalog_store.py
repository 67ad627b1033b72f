"""The emulated tenant's configurationPolicies (settings catalog), kept by Store under its lock."""
import copy
import uuid

# Members of a stored policy that are not entity properties: navigation properties and the secret map.
POLICY_PRIVATE = ('settings', 'assignments', 'secrets')


class PolicyStoreMixin:
    """Mixed into Store: `self.lock`, `self.policies` ({id: stored policy}) and `utc_now()` come from it."""

    def add_policy(self, policy):
        """Stores a complete policy (entity members plus settings, assignments, secrets); returns a copy."""
        policy = copy.deepcopy(policy)
        policy.setdefault('id', str(uuid.uuid4()))
        now = self.utc_now()
        policy.setdefault('createdDateTime', now)
        policy.setdefault('lastModifiedDateTime', now)
        policy['settingCount'] = len(policy['settings'])
        policy['isAssigned'] = bool(policy['assignments'])
        with self.lock:
            if policy['id'] in self.policies:
                raise ValueError('configuration policy %s already exists' % policy['id'])
            self.policies[policy['id']] = policy
            return copy.deepcopy(policy)

    def get_policy(self, policy_id):
        with self.lock:
            policy = self.policies.get(policy_id)
            return copy.deepcopy(policy) if policy else None

    def list_policies(self, predicate=None):
        """Copies of the policies (creation order) whose entity the predicate accepts."""
        with self.lock:
            return [copy.deepcopy(p) for p in self.policies.values() if predicate is None or predicate(policy_entity(p))]

    def update_policy(self, policy_id, mutate):
        """Apply `mutate(policy)` under the lock; returns the updated copy, or None when absent."""
        with self.lock:
            policy = self.policies.get(policy_id)
            if policy is None:
                return None
            mutate(policy)
            policy['settingCount'] = len(policy['settings'])
            policy['isAssigned'] = bool(policy['assignments'])
            policy['lastModifiedDateTime'] = self.utc_now()
            return copy.deepcopy(policy)

    def delete_policy(self, policy_id):
        with self.lock:
            return self.policies.pop(policy_id, None) is not None


def policy_entity(policy, expand=()):
    """The entity Graph sends: no settings, assignments or secrets unless expanded."""
    entity = {key: value for key, value in policy.items() if key not in POLICY_PRIVATE}
    for name in expand:
        entity[name] = policy[name]
    return entity
