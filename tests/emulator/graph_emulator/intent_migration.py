"""Intune's move of Windows endpoint-security profiles from intents to configurationPolicies, and the control
interface's policy seeding.

Since Microsoft moved Windows endpoint security to the settings catalog, an existing Windows endpoint-security intent
is migrated (it disappears from deviceManagement/intents and appears in configurationPolicies under a new id) and
intents of those templates can no longer be created or changed; security baselines are exempt. The control switch
`refuse_windows_security_intents` turns the refusal on; `migrate_intent` performs one migration.
"""
from . import catalog_seed, seed
from .configuration_policies import assignment_id, build_policy
from .wire import Refusal, intune_error

# Assumption (no public source gives Intune's text): the message of the 400 for a refused intent write.
REFUSAL_TEXT = ('Windows endpoint security profiles are managed as settings catalog policies: intents of template '
                "'%s' can no longer be created or changed. Use deviceManagement/configurationPolicies")
# The settings-catalog template an intent template's profiles move to.
POLICY_TEMPLATE_FOR_INTENT_TEMPLATE = {seed.ANTIVIRUS_TEMPLATE_ID: catalog_seed.ANTIVIRUS_TEMPLATE_ID,
                                       seed.FIREWALL_TEMPLATE_ID: catalog_seed.FIREWALL_TEMPLATE_ID}


def is_windows_endpoint_security(template):
    """An intent template of Windows endpoint security (not a security baseline)."""
    entity = (template or {}).get('entity') or {}
    return entity.get('templateType') == 'securityTemplate' and entity.get('platformType') in (
        'windows10AndLater', 'windows10AndWindowsServer')


def refuse_intent_write(store, request, template_id):
    """Raises the Intune 400 when the switch is on and the template is a Windows endpoint-security one."""
    if store.config['refuse_windows_security_intents'] and is_windows_endpoint_security(store.templates.get(template_id)):
        raise Refusal(intune_error(request, 400, REFUSAL_TEXT % template_id))


def seed_policy(store, spec):
    """Control interface: stores a policy as a create body describes it (checked like a Graph create), plus `id`,
    `createdDateTime`, `lastModifiedDateTime`, `creationSource` and `assignments` (a list of targets)."""
    if not isinstance(spec, dict):
        raise ValueError('a configuration policy is a JSON object')
    policy = build_policy(store, spec, policy_id=spec.get('id'), creating=False)
    for key in ('createdDateTime', 'lastModifiedDateTime'):
        if spec.get(key):
            policy[key] = spec[key]
    policy['assignments'] = [_assignment(policy.get('id'), target) for target in spec.get('assignments') or []]
    stored = store.add_policy(policy)
    if not spec.get('id') and stored['assignments']:
        # Assignment ids embed the policy id, known only now.
        stored = store.update_policy(stored['id'], lambda p: p.update(
            assignments=[_assignment(p['id'], a['target']) for a in p['assignments']]))
    return stored


def _assignment(policy_id, target):
    target = dict({'deviceAndAppManagementAssignmentFilterId': None,
                   'deviceAndAppManagementAssignmentFilterType': 'none'}, **target)
    return {'id': assignment_id(policy_id or 'pending', target), 'source': 'direct', 'sourceId': None,
            'target': target}


def set_migrating(store, intent_id, value):
    """Control interface: sets the intent's isMigratingToConfigurationPolicy."""
    updated = store.update_intent(intent_id, lambda intent: intent.update(isMigratingToConfigurationPolicy=value))
    if updated is None:
        raise ValueError('no intent %s' % intent_id)
    return updated


def migrate_intent(store, intent_id, spec):
    """Control interface: Intune's migration of one intent. The intent leaves deviceManagement/intents; a policy with
    a new id (or spec['id']), its name, description, scope tags and assignment targets appears in
    configurationPolicies. spec: templateId (default: the mapped settings-catalog template), settings (setting
    instances of the new policy, default none), id, creationSource."""
    with store.lock:
        intent = store.get_intent(intent_id)
        if intent is None:
            raise ValueError('no intent %s' % intent_id)
        template_id = spec.get('templateId') or POLICY_TEMPLATE_FOR_INTENT_TEMPLATE.get(intent['templateId'])
        if not template_id or template_id not in store.policy_templates:
            raise ValueError("intent template %s has no settings-catalog template: pass templateId"
                             % intent['templateId'])
        template = store.policy_templates[template_id]['entity']
        policy = seed_policy(store, {
            'id': spec.get('id'), 'name': intent['displayName'], 'description': intent['description'],
            'roleScopeTagIds': intent['roleScopeTagIds'], 'platforms': template['platforms'],
            'technologies': template['technologies'], 'templateReference': {'templateId': template_id},
            'settings': spec.get('settings') or [], 'creationSource': spec.get('creationSource'),
            'assignments': [a['target'] for a in intent['assignments']]})
        store.delete_intent(intent_id)
    return policy
