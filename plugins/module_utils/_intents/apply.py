# -*- coding: utf-8 -*-
# Copyright: msgraph.intune contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# FOR INTERNAL COLLECTION USE ONLY: this file may change without notice.

"""Applying a plan: its writes in order, then the intent read back as Graph now has it."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

from ansible_collections.msgraph.intune.plugins.module_utils._assignments import assign, read_assignments
from ansible_collections.msgraph.intune.plugins.module_utils._intents.create import create_intent
from ansible_collections.msgraph.intune.plugins.module_utils._intents.lookup import read_intent, read_intent_settings
from ansible_collections.msgraph.intune.plugins.module_utils._intents.writes import (
    delete_intent,
    patch_intent,
    update_intent_settings,
)
from ansible_collections.msgraph.intune.plugins.module_utils._odata import without_odata_context


def apply_plan(client, plan):
    """Make the plan's writes and return the resulting intent as Graph now has it (``{}`` once deleted)."""
    if not plan.actions:
        return plan.predicted_intent
    if 'delete' in plan.actions:
        delete_intent(client, plan.intent['id'])
        return {}
    created = create_intent(client, plan) if 'create' in plan.actions else None
    intent_id = created['id'] if created else plan.intent['id']
    if 'update_settings' in plan.actions:
        update_intent_settings(client, intent_id, plan.settings_update)
    if 'patch' in plan.actions:
        patch_intent(client, intent_id, plan.patch_body)
    if 'assign' in plan.actions:
        assign(client, intent_id, plan.assign_body)
    if plan.actions == ['create']:
        # createInstance (or the lookup that settled it) returned the intent as Graph stores it: only its settings,
        # which the response does not carry, are read back.
        intent = without_odata_context(created)
        intent['settings'] = read_intent_settings(client, intent_id)
    else:
        intent = read_intent(client, intent_id)
    if plan.assignment_targets is not None:
        intent['assignments'] = read_assignments(client, intent_id)
    return intent
