# -*- coding: utf-8 -*-
# Copyright: msgraph.intune contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# FOR INTERNAL COLLECTION USE ONLY: this file may change without notice.

"""Reading configuration policies: by name and template (any version of it), by id, and a policy's settings."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

from ansible_collections.msgraph.intune.plugins.module_utils._errors import TaskError
from ansible_collections.msgraph.intune.plugins.module_utils._filtered_list import list_filtered
from ansible_collections.msgraph.intune.plugins.module_utils._graph import absent_as_none
from ansible_collections.msgraph.intune.plugins.module_utils._odata import (
    CONFIGURATION_POLICIES_PATH,
    odata_string_literal,
    policy_path,
    without_odata_context,
)
from ansible_collections.msgraph.intune.plugins.module_utils._policies.templates import base_id


def policy_template_id(policy):
    return str(((policy or {}).get('templateReference') or {}).get('templateId') or '')


def find_policies(client, name, template_base_id, warnings=None, expand=None):
    """Policies named exactly ``name`` (case-sensitive) from any version of the template ``template_base_id`` (None:
    any template), each with ``expand`` (``settings``) where Graph takes it. Graph's filter is a prefilter; both keys
    are re-checked here."""
    candidates = list_filtered(client, CONFIGURATION_POLICIES_PATH, 'name eq ' + odata_string_literal(name), warnings,
                               label='name', plural='configuration policies', expand=expand)
    return [policy for policy in candidates
            if policy.get('name') == name
            and (template_base_id is None or base_id(policy_template_id(policy)).lower() == template_base_id.lower())]


class PoliciesByFamily(object):
    """The policies of a template family, listed once per client (a task; in-process, a whole loop) for checks that
    would otherwise list them per item, such as the intent module's look for a migrated profile. This client's own
    policy writes forget the lists (``forget``); what others change meanwhile is seen by the next task."""

    MEMORY_KEY = 'policies_by_family'

    def __init__(self, client):
        self.client = client
        self.by_family = getattr(client, 'run_memory', {}).setdefault(self.MEMORY_KEY, {})

    def named(self, family, name, warnings=None):
        """The policies of ``family`` named exactly ``name``."""
        if family not in self.by_family:
            self.by_family[family] = list_filtered(
                self.client, CONFIGURATION_POLICIES_PATH, 'templateReference/templateFamily eq ' + odata_string_literal(family),
                warnings, label='templateFamily', plural='configuration policies')
        return [policy for policy in self.by_family[family] if policy.get('name') == name
                and (policy.get('templateReference') or {}).get('templateFamily') == family]

    def forget(self):
        self.by_family.clear()


def single_policy(policies):
    """None, the one policy, or an error naming every duplicate and the way out (the caller must not write)."""
    if len(policies) > 1:
        ids = ', '.join('%s (template %s)' % (p.get('id'), policy_template_id(p)) for p in policies)
        raise TaskError('%d configuration policies have the name %r: %s. Give policy_id to manage exactly one of them '
                        '(with state: absent and policy_id to delete the others), or delete or rename all but one; '
                        'nothing was changed' % (len(policies), policies[0].get('name'), ids))
    return policies[0] if policies else None


def get_policy(client, policy_id):
    """The policy with this id (without its settings), or None when there is none."""
    policy = absent_as_none(lambda: client.get(policy_path(policy_id)))
    return without_odata_context(policy) if policy is not None else None


def read_policy_settings(client, policy_id):
    """The policy's settings as Graph lists them ({id, settingInstance}), every page."""
    return client.get_all('%s/settings' % policy_path(policy_id))


def read_policy(client, policy_id):
    """The policy with its ``settings``."""
    policy = without_odata_context(client.get(policy_path(policy_id)))
    policy['settings'] = read_policy_settings(client, policy_id)
    return policy
