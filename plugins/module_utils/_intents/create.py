# -*- coding: utf-8 -*-
# Copyright: msgraph.intune contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# FOR INTERNAL COLLECTION USE ONLY: this file may change without notice.

"""createInstance, the one write that is not idempotent: never repeated blindly, reconciled by a lookup after a lost
response, and settled against a copy that a concurrent run created at the same time."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

from ansible_collections.msgraph.intune.plugins.module_utils._errors import GraphError, GraphTransportError, TaskError
from ansible_collections.msgraph.intune.plugins.module_utils._intents.lookup import find_intents, single_intent
from ansible_collections.msgraph.intune.plugins.module_utils._intents.payloads import unwrap_entity
from ansible_collections.msgraph.intune.plugins.module_utils._intents.writes import delete_intent


def create_intent(client, plan):
    """createInstance, never retried blindly: after a lost or 5xx response, look the intent up before trying again."""
    last_error = None
    for attempt in range(client.max_retries + 1):
        try:
            response = client.post(plan.template.create_instance_path, plan.create_body, idempotent=False)
        except GraphError as exc:
            if not _create_outcome_unknown(exc):
                raise
            last_error = exc
            # Wait before looking: a create that timed out on our side may still be committing on Graph's.
            client.pause_before_retry(attempt)
            found = _find_planned_intent(client, plan)
            if found is not None:
                return found
            continue
        intent = unwrap_entity(response)
        if isinstance(intent, dict) and intent.get('id'):
            return settle_concurrent_create(client, plan, intent)
        found = _find_planned_intent(client, plan)
        if found is None:
            raise TaskError('createInstance answered without an intent and no intent named %r exists on template %s'
                            % (plan.inputs.display_name, plan.template.effective_id))
        return found
    raise last_error


def settle_concurrent_create(client, plan, created):
    """The intent to keep after this run created ``created``: another run may have created the same one meanwhile.

    Costs one lookup per create. Of two or more intents with the name and template, the one with the smallest id is
    kept; this run deletes only its own copy, and only when that is not the smallest (the other runs do the same
    with theirs), so that concurrent runs converge on one intent without deleting each other's.
    """
    name, template_id = plan.inputs.display_name, plan.template.effective_id
    try:
        twins = find_intents(client, name, template_id, plan.warnings)
    except GraphError as exc:
        plan.warnings.add('created intent %s (%r), but could not look for a copy created concurrently by another run: '
                          '%s' % (created['id'], name, exc))
        return created
    by_id = dict((str(intent.get('id')).lower(), intent) for intent in twins)
    own_id = str(created['id']).lower()
    by_id.setdefault(own_id, created)
    if len(by_id) < 2:
        return created
    keep_id = min(by_id)
    others = ', '.join(sorted(intent_id for intent_id in by_id if intent_id != own_id))
    if keep_id == own_id:
        plan.warnings.add('%d intents named %r on template %s were created concurrently; this run kept its own (%s, '
                          'the smallest id) and left %s to the runs that created them'
                          % (len(by_id), name, template_id, created['id'], others))
        return created
    delete_intent(client, created['id'])
    plan.warnings.add('another run created intent %r on template %s at the same time; this run deleted its own copy '
                      '%s and kept %s (the smallest id)' % (name, template_id, created['id'], by_id[keep_id].get('id')))
    return by_id[keep_id]


def _find_planned_intent(client, plan):
    return single_intent(find_intents(client, plan.inputs.display_name, plan.template.effective_id, plan.warnings))


def _create_outcome_unknown(exc):
    """A dropped connection, a timeout or a 5xx may hide an intent that was created anyway."""
    return isinstance(exc, GraphTransportError) or (exc.status is not None and exc.status >= 500)
