# -*- coding: utf-8 -*-
# Copyright: msgraph.intune contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# FOR INTERNAL COLLECTION USE ONLY: this file may change without notice.

"""createInstance as a CreateTarget: the intent side of exactly-once creation (the rules are in _create_once/)."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

from ansible_collections.msgraph.intune.plugins.module_utils._create_once.create import create_once
from ansible_collections.msgraph.intune.plugins.module_utils._create_once.target import CreateTarget
from ansible_collections.msgraph.intune.plugins.module_utils._intents.lookup import find_intents
from ansible_collections.msgraph.intune.plugins.module_utils._intents.payloads import unwrap_entity
from ansible_collections.msgraph.intune.plugins.module_utils._intents.writes import delete_intent


class IntentCreate(CreateTarget):
    """The planned intent, created by createInstance on the plan's effective template (or its migration path)."""

    noun = 'intent'
    plural = 'intents'
    request = 'createInstance'
    expand = 'settings'

    def __init__(self, plan):
        super(IntentCreate, self).__init__(plan.inputs.display_name, 'template %s' % plan.template.effective_id,
                                           plan.warnings)
        self.plan = plan

    def send(self, client):
        return client.post(self.plan.template.create_instance_path, self.plan.create_body, idempotent=False)

    def created(self, answer):
        return unwrap_entity(answer)

    def find_copies(self, client):
        return find_intents(client, self.name, self.plan.template.effective_id, self.warnings, self.expand)

    def delete(self, client, object_id):
        delete_intent(client, object_id)

    @staticmethod
    def created_at(entity):
        # Intents have no createdDateTime; lastModifiedDateTime is the creation time until the copy is changed.
        return entity.get('lastModifiedDateTime')


def create_intent(client, plan, recheck=False):
    """Create the planned intent exactly once in spirit (a CreateOutcome); ``recheck``: the caller writes to it
    afterwards."""
    return create_once(client, IntentCreate(plan), recheck)
