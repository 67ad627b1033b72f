# -*- coding: utf-8 -*-
# Copyright: msgraph.intune contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# FOR INTERNAL COLLECTION USE ONLY: this file may change without notice.

"""Reading intents: finding one by display name and template, and reading an intent and its settings by id."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

from ansible_collections.msgraph.intune.plugins.module_utils._errors import TaskError
from ansible_collections.msgraph.intune.plugins.module_utils._filtered_list import list_filtered
from ansible_collections.msgraph.intune.plugins.module_utils._graph import absent_as_none
from ansible_collections.msgraph.intune.plugins.module_utils._guids import same_id
from ansible_collections.msgraph.intune.plugins.module_utils._odata import (
    INTENTS_PATH,
    intent_path,
    odata_string_literal,
    without_odata_context,
)


def find_intents(client, display_name, template_id, warnings=None, expand=None):
    """Intents named exactly ``display_name`` (case-sensitive) created from ``template_id`` (None: any template),
    each with ``expand`` (``settings``) where Graph takes it.

    Graph's filter is only a prefilter: every page is read and both keys are re-checked here. When Graph refuses the
    filter, the full list is read instead and a warning is added to ``warnings`` (a ``_warnings.Warnings``).
    """
    candidates = list_filtered(client, INTENTS_PATH, 'displayName eq ' + odata_string_literal(display_name), warnings,
                               label='displayName', plural='intents', expand=expand)
    return [intent for intent in candidates
            if intent.get('displayName') == display_name
            and (template_id is None or same_id(intent.get('templateId'), template_id))]


def single_intent(intents):
    """None, the one intent, or an error naming every duplicate and the way out (the caller must not write)."""
    if len(intents) > 1:
        ids = ', '.join('%s (template %s)' % (i.get('id'), i.get('templateId')) for i in intents)
        raise TaskError('%d intents have the display name %r: %s. Give intent_id to manage exactly one of them (with '
                        'state: absent and intent_id to delete the others), or delete or rename all but one; nothing was '
                        'changed' % (len(intents), intents[0].get('displayName'), ids))
    return intents[0] if intents else None


def intents_on_template(client, template_id, warnings=None):
    """Every intent created from ``template_id`` (filtered by Graph where it can, re-checked here)."""
    candidates = list_filtered(client, INTENTS_PATH, 'templateId eq ' + odata_string_literal(template_id))
    return [intent for intent in candidates if same_id(intent.get('templateId'), template_id)]


class ProfileNames(object):
    """The names of the profiles on each template, for the near-miss check before a create: listed once per client
    and template (a task; in-process, a whole loop, where a create per item would otherwise list the template's
    profiles again and again), then kept current with this client's own creates, renames and deletes. Profiles that
    others change meanwhile are seen by the next task."""

    MEMORY_KEY = 'profile_names'

    def __init__(self, client):
        self.client = client
        self.by_template = getattr(client, 'run_memory', {}).setdefault(self.MEMORY_KEY, {})

    def on_template(self, template_id, warnings=None):
        """[(id, displayName)] of the profiles on ``template_id``."""
        key = template_id.lower()
        if key not in self.by_template:
            self.by_template[key] = dict((str(intent.get('id')).lower(), (intent.get('id'), intent.get('displayName') or ''))
                                         for intent in intents_on_template(self.client, template_id, warnings))
        return sorted(self.by_template[key].values())

    def created(self, intent):
        names = self.by_template.get(str(intent.get('templateId') or '').lower())
        if names is not None:
            names[str(intent.get('id')).lower()] = (intent.get('id'), intent.get('displayName') or '')

    def renamed(self, intent_id, name):
        for names in self.by_template.values():
            if str(intent_id).lower() in names:
                names[str(intent_id).lower()] = (names[str(intent_id).lower()][0], name)

    def deleted(self, intent_id):
        for names in self.by_template.values():
            names.pop(str(intent_id).lower(), None)

    def moved(self):
        """A profile changed template: list again when asked."""
        self.by_template.clear()


def migration_warning(intent):
    """A warning text for an intent that Intune is migrating to a Settings Catalog policy, else None."""
    if intent.get('isMigratingToConfigurationPolicy'):
        return ('intent %s (%r) is being migrated by Intune to a settings catalog policy; changes made here may not '
                'reach the migrated policy, which gets a new id: manage it with msgraph.intune.intune_configuration_policy '
                '(msgraph.intune.intune_configuration_policy_info finds it by name)'
                % (intent.get('id'), intent.get('displayName')))
    return None


def get_intent(client, intent_id):
    """The intent with this id (without its settings), or None when there is none."""
    intent = absent_as_none(lambda: client.get(intent_path(intent_id)))
    return without_odata_context(intent) if intent is not None else None


def read_intent(client, intent_id):
    """The intent with its ``settings`` (without the response's ``@odata.context``, as every intent returned)."""
    intent = without_odata_context(client.get(intent_path(intent_id)))
    intent['settings'] = read_intent_settings(client, intent_id)
    return intent


def read_intent_settings(client, intent_id):
    return client.get_all('%s/settings' % intent_path(intent_id))
