# -*- coding: utf-8 -*-
# Copyright: msgraph.intune contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# FOR INTERNAL COLLECTION USE ONLY: this file may change without notice.

"""The settings of a policy plan: what the policy should hold in delta or exact mode, what a write sends, and what
the run predicts.

- A create, and exact mode, start from the template's defaults (a baseline's recommended values) with the listed
  settings over them; every other setting is left out, which Intune shows as "not configured".
- Delta mode starts from what the policy holds. A listed choice setting that keeps its option keeps the children the
  task does not list (they merge, as the top level does); a group collection is replaced as a whole, since its
  groups have no identity.
- What is sent is the task's own instances (a secret in clear included); what is shown and predicted keeps the
  policy's own instance wherever it already holds the same, so that a run without change shows no difference.
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

from ansible_collections.msgraph.intune.plugins.module_utils._policies.catalog import short_type
from ansible_collections.msgraph.intune.plugins.module_utils._policies.setting_view import (
    definition_key,
    same_settings,
    secret_plaintexts,
)


class SettingsPlan(object):
    """``send``: the top-level instances a write sends; ``shown``: the same as the policy will hold them, as far as
    the run can know (the policy's own instance where it holds the same); ``drift``: whether a write is needed."""

    def __init__(self, send, shown, drift):
        self.send = send
        self.shown = shown
        self.drift = drift


def plan_settings(defaults, existing, desired, mode, update_secrets='on_change'):
    """``defaults``: the template's default instances; ``existing``: the policy's (None for a create); ``desired``:
    the option's instances (None: not managed). ``update_secrets='always'`` makes a write of every secret the task
    gives, which Graph never shows and so cannot be compared."""
    if existing is None:
        send = overlay(defaults, desired or [], merge=False)
        return SettingsPlan(send, send, True)
    if desired is None:
        return SettingsPlan(existing, existing, False)
    if mode == 'exact':
        send = overlay(defaults, desired, merge=False)
    else:
        send = overlay(existing, desired, merge=True)
    shown = as_held(send, existing)
    drift = not same_settings(send, existing) or (update_secrets == 'always' and bool(secret_plaintexts(desired)))
    return SettingsPlan(send, shown, drift)


def overlay(base, given, merge):
    """``base`` with each instance of ``given`` in place of the one with its definition id, or added at the end;
    ``merge``: a choice that keeps its option keeps the children ``given`` does not list."""
    listed = dict((definition_key(instance), instance) for instance in given)
    result = []
    for instance in base:
        replacement = listed.pop(definition_key(instance), None)
        if replacement is None:
            result.append(instance)
        else:
            result.append(merged_choice(instance, replacement) if merge else replacement)
    return result + [instance for instance in given if definition_key(instance) in listed]


def merged_choice(held, given):
    """``given`` with the children of ``held`` that it does not list, when both are the same choice and option."""
    kind = short_type(given.get('@odata.type'))
    if kind != 'ChoiceSettingInstance' or short_type(held.get('@odata.type')) != kind:
        return given
    held_value, given_value = held.get('choiceSettingValue') or {}, given.get('choiceSettingValue') or {}
    if str(held_value.get('value')).lower() != str(given_value.get('value')).lower():
        return given
    children = overlay(held_value.get('children') or [], given_value.get('children') or [], merge=True)
    return dict(given, choiceSettingValue=dict(given_value, children=children))


def as_held(instances, existing):
    """``instances`` with the policy's own instance in place of each that sets the same."""
    own = dict((definition_key(instance), instance) for instance in existing)

    def held_or_given(instance):
        held = own.get(definition_key(instance))
        return held if held is not None and same_settings([instance], [held]) else instance

    return [held_or_given(instance) for instance in instances]
