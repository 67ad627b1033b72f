# -*- coding: utf-8 -*-
# Copyright: msgraph.intune contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# FOR INTERNAL COLLECTION USE ONLY: this file may change without notice.

"""The writes on configuration policies: the create (a CreateTarget of _create_once, since POST is not idempotent),
PUT of the whole policy (the only way Graph takes a change of settings), PATCH of its name, description and scope
tags, and DELETE. PUT, PATCH and DELETE may be repeated after a lost response: the client retries them like reads."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

from ansible_collections.msgraph.intune.plugins.module_utils._create_once.create import create_once
from ansible_collections.msgraph.intune.plugins.module_utils._create_once.target import CreateTarget
from ansible_collections.msgraph.intune.plugins.module_utils._graph import absent_as_none
from ansible_collections.msgraph.intune.plugins.module_utils._odata import (
    CONFIGURATION_POLICIES_PATH,
    policy_path,
    without_odata_context,
)
from ansible_collections.msgraph.intune.plugins.module_utils._policies.lookup import find_policies, policy_template_id


class PolicyCreate(CreateTarget):
    """The planned policy, created by ``POST deviceManagement/configurationPolicies``."""

    noun = 'configuration policy'
    plural = 'configuration policies'
    request = 'POST configurationPolicies'
    # createdDateTime never moves: no second look is needed before the run changes its copy.
    creation_time_moves = False
    expand = 'settings'

    def __init__(self, plan):
        super(PolicyCreate, self).__init__(plan.inputs.name, 'template %s' % plan.template['id'], plan.warnings)
        self.plan = plan

    def send(self, client):
        return client.post(CONFIGURATION_POLICIES_PATH, self.plan.create_body, idempotent=False)

    def created(self, answer):
        return without_odata_context(answer) if isinstance(answer, dict) else None

    def find_copies(self, client):
        template_id = self.plan.template['id'].lower()
        return [policy for policy in find_policies(client, self.name, None, self.warnings, self.expand)
                if policy_template_id(policy).lower() == template_id]

    def delete(self, client, object_id):
        delete_policy(client, object_id)

    @staticmethod
    def created_at(entity):
        return entity.get('createdDateTime')


def create_policy(client, plan, recheck=False):
    """Create the planned policy exactly once in spirit (a CreateOutcome)."""
    return create_once(client, PolicyCreate(plan), recheck)


def put_policy(client, policy_id, body):
    """``PUT`` the whole policy, settings included: it replaces the policy's settings with ``body['settings']``."""
    client.put(policy_path(policy_id), body)


def patch_policy(client, policy_id, body):
    client.patch(policy_path(policy_id), body)


def delete_policy(client, policy_id):
    """``DELETE`` the policy; one that is already gone counts as deleted."""
    absent_as_none(lambda: client.delete(policy_path(policy_id)))
