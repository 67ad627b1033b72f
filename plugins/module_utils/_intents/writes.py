# -*- coding: utf-8 -*-
# Copyright: msgraph.intune contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# FOR INTERNAL COLLECTION USE ONLY: this file may change without notice.

"""The writes on an existing intent, one Graph request each: updateSettings, PATCH and DELETE, which may be repeated
after a lost response (the client retries them like reads), and migrateToTemplate, which is settled by a read."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

from ansible_collections.msgraph.intune.plugins.module_utils._create_once.outcome import answered_failure, write_outcome_unknown
from ansible_collections.msgraph.intune.plugins.module_utils._errors import GraphError, GraphTransportError
from ansible_collections.msgraph.intune.plugins.module_utils._graph import absent_as_none
from ansible_collections.msgraph.intune.plugins.module_utils._guids import same_id
from ansible_collections.msgraph.intune.plugins.module_utils._intents.lookup import ProfileNames, get_intent
from ansible_collections.msgraph.intune.plugins.module_utils._odata import intent_path


def update_intent_settings(client, intent_id, setting_instances):
    """``POST …/updateSettings``: sets the given instances (matched by id, else added), leaves the others alone."""
    client.post('%s/updateSettings' % intent_path(intent_id), {'settings': setting_instances}, idempotent=True)


def patch_intent(client, intent_id, body):
    client.patch(intent_path(intent_id), body)
    if 'displayName' in body:
        ProfileNames(client).renamed(intent_id, body['displayName'])


def delete_intent(client, intent_id):
    """``DELETE`` the intent; one that is already gone counts as deleted."""
    absent_as_none(lambda: client.delete(intent_path(intent_id)))
    ProfileNames(client).deleted(intent_id)


def migrate_intent(client, intent_id, body):
    """``POST …/migrateToTemplate`` (the portal's "Change version").

    Repeating it cannot duplicate anything: once an attempt has been processed the intent is on the target and a
    second one is refused. So after an attempt whose outcome is unknown (or a refusal of a repeat) the intent is read
    back, and the move counts as made when it carries the target's templateId; else it is sent again.
    """
    ProfileNames(client).moved()
    for attempt in range(client.max_retries + 1):
        try:
            client.post('%s/migrateToTemplate' % intent_path(intent_id), body, idempotent=False)
            return
        except GraphError as exc:
            not_sent = isinstance(exc, GraphTransportError) and exc.not_sent
            repeat_refused = attempt > 0 and exc.status == 400
            if (write_outcome_unknown(exc) or repeat_refused) and _on_template(client, intent_id, body['newTemplateId']):
                return
            if not (not_sent or write_outcome_unknown(exc)) or answered_failure(exc) or attempt == client.max_retries:
                raise
            client.pause(client.retry_wait(attempt))


def _on_template(client, intent_id, template_id):
    intent = get_intent(client, intent_id)
    return intent is not None and same_id(intent.get('templateId'), template_id)
