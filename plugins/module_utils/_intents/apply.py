# -*- coding: utf-8 -*-
# Copyright: msgraph.intune contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# FOR INTERNAL COLLECTION USE ONLY: this file may change without notice.

"""Applying a plan: its writes in order, then the intent read back as Graph now has it. A failure after a write
still reports what was written (``changed``, ``actions``, and the intent)."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

from ansible_collections.msgraph.intune.plugins.module_utils._applied_writes import AppliedWrites, assign_only
from ansible_collections.msgraph.intune.plugins.module_utils._assignments.plan import assign, read_assignments
from ansible_collections.msgraph.intune.plugins.module_utils._errors import MsgraphIntuneError
from ansible_collections.msgraph.intune.plugins.module_utils._intents.create import create_intent
from ansible_collections.msgraph.intune.plugins.module_utils._intents.lookup import (
    ProfileNames,
    get_intent,
    read_intent,
    read_intent_settings,
)
from ansible_collections.msgraph.intune.plugins.module_utils._intents.plan import plan_adopted
from ansible_collections.msgraph.intune.plugins.module_utils._intents.successor import refusal_hint
from ansible_collections.msgraph.intune.plugins.module_utils._intents.writes import (
    delete_intent,
    migrate_intent,
    patch_intent,
    update_intent_settings,
)
from ansible_collections.msgraph.intune.plugins.module_utils._odata import intent_path, without_odata_context

# The keys of an intent that a failed result shows, for a failure after the intent was written.
INTENT_SUMMARY_KEYS = ('id', 'displayName', 'templateId', 'description', 'roleScopeTagIds', 'lastModifiedDateTime')


def apply_plan(client, plan):
    """Make the plan's writes and return the resulting intent as Graph now has it (``{}`` once deleted).

    ``plan.actions`` is replaced by the writes really made (a concurrent run's copy may add to them).
    """
    if not plan.actions:
        return plan.predicted_intent
    with AppliedWrites(plan, 'intent', INTENT_SUMMARY_KEYS, plan.intent) as written:
        try:
            return _apply(client, plan, written)
        except MsgraphIntuneError as exc:
            exc.hint = exc.hint or refusal_hint(exc, plan.template.effective_template if plan.template else None)
            raise


def _apply(client, plan, written):
    intent = plan.intent
    if 'delete' in plan.actions:
        delete_intent(client, intent['id'])
        written.add('delete')
        return {}
    if 'create' in plan.actions:
        outcome = create_intent(client, plan, recheck=plan.assign_body is not None)
        written.add(*outcome.actions)
        intent = written.entity = outcome.entity
        ProfileNames(client).created(intent)
        follow = plan_adopted(client, plan, intent) if outcome.adopted else assign_only(plan)
    elif 'migrate' in plan.actions:
        migrate_intent(client, intent['id'], plan.migrate_body)
        written.add('migrate')
        # The drift on the target is planned again from what the move really left.
        intent = written.entity = get_intent(client, intent['id']) or intent
        follow = plan_adopted(client, plan, intent)
    else:
        follow = plan
    _write(client, follow, intent['id'], written)
    return _read_back(client, plan, intent, only_created=written.only_created)


def _write(client, plan, intent_id, written):
    """The update writes of ``plan`` (None: none) on ``intent_id``, each added to ``written`` once made."""
    if plan is None:
        return
    if 'update_settings' in plan.actions:
        update_intent_settings(client, intent_id, plan.settings_update)
        written.add('update_settings')
    if 'patch' in plan.actions:
        patch_intent(client, intent_id, plan.patch_body)
        written.add('patch')
    if 'assign' in plan.actions:
        assign(client, intent_path(intent_id), plan.assign_body)
        written.add('assign')


def _read_back(client, plan, intent, only_created):
    if only_created:
        # createInstance (or the lookup that settled it) returned the intent as Graph stores it; its settings, which
        # the response does not carry, the lookup for a concurrent copy expanded where Graph takes that: they are
        # read back only where it did not.
        result = without_odata_context(intent)
        if 'settings' not in result:
            result['settings'] = read_intent_settings(client, intent['id'])
    else:
        result = read_intent(client, intent['id'])
    if plan.assignment_targets is not None:
        result['assignments'] = read_assignments(client, intent_path(intent['id']))
    return result
