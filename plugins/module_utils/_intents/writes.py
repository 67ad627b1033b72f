# -*- coding: utf-8 -*-
# Copyright: msgraph.intune contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# FOR INTERNAL COLLECTION USE ONLY: this file may change without notice.

"""The writes on an existing intent, one Graph request each: updateSettings, PATCH and DELETE. All three may be
repeated after a lost response, so the client retries them like reads."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

from ansible_collections.msgraph.intune.plugins.module_utils._graph import absent_as_none
from ansible_collections.msgraph.intune.plugins.module_utils._odata import intent_path


def update_intent_settings(client, intent_id, setting_instances):
    """``POST …/updateSettings``: sets the given instances (matched by id, else added), leaves the others alone."""
    client.post('%s/updateSettings' % intent_path(intent_id), {'settings': setting_instances}, idempotent=True)


def patch_intent(client, intent_id, body):
    client.patch(intent_path(intent_id), body)


def delete_intent(client, intent_id):
    """``DELETE`` the intent; one that is already gone counts as deleted."""
    absent_as_none(lambda: client.delete(intent_path(intent_id)))
