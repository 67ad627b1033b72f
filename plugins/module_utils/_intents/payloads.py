# -*- coding: utf-8 -*-
# Copyright: msgraph.intune contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# FOR INTERNAL COLLECTION USE ONLY: this file may change without notice.

"""The bodies the intent domain sends to Graph (createInstance, updateSettings), and createInstance's answer."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

from ansible_collections.msgraph.intune.plugins.module_utils._intents.values import (
    STRUCTURED_VALUE_TYPES,
    encode_value_json,
)


def build_setting_instance(setting, setting_id=None):
    """A setting instance for createInstance/updateSettings; ``setting`` must have its instance type."""
    instance = {'@odata.type': setting.odata_type}
    if setting_id is not None:
        instance['id'] = setting_id
    instance['definitionId'] = setting.definition_id
    instance['valueJson'] = encode_value_json(setting.value)
    return instance


def predicted_setting_instance(setting, setting_id):
    """The instance as Graph would return it: simple types also carry the typed ``value``."""
    instance = build_setting_instance(setting, setting_id)
    if setting.value_type not in STRUCTURED_VALUE_TYPES:
        instance['value'] = setting.value
    return instance


def build_create_instance_body(display_name, description, desired_settings, role_scope_tag_ids):
    # The description is always sent ('' when the task gives none), so that the profile holds exactly what check
    # mode predicts whatever Graph would default it to.
    body = {'displayName': display_name, 'description': description or ''}
    body['settingsDelta'] = [build_setting_instance(setting) for setting in desired_settings]
    if role_scope_tag_ids is not None:
        body['roleScopeTagIds'] = list(role_scope_tag_ids)
    return body


def unwrap_entity(response):
    """The entity of a response; Graph's docs show createInstance as ``{"value": {...}}``, the wire has it bare."""
    if isinstance(response, dict) and 'id' not in response and isinstance(response.get('value'), dict):
        return response['value']
    return response
