# -*- coding: utf-8 -*-
# Copyright: msgraph.intune contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# FOR INTERNAL COLLECTION USE ONLY: this file may change without notice.

"""Reading device management templates for ``intune_template_info``: selection, migration targets, definitions.

The template lookups of the intent domain (name matching, migration targets, setting definitions) live in
``_intents``; this file only combines them into the listing the info module returns.
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

from ansible_collections.msgraph.intune.plugins.module_utils._graph import GraphError
from ansible_collections.msgraph.intune.plugins.module_utils._inputs import IntentInputError
from ansible_collections.msgraph.intune.plugins.module_utils._intents import (
    load_setting_definitions,
    migration_targets,
    template_name_matches,
    without_odata_context,
    _same_id,
)
from ansible_collections.msgraph.intune.plugins.module_utils._odata import TEMPLATES_PATH, path_segment


def select_templates(client, template_id=None, template_name=None, template_type=None, include_deprecated=False,
                     migratable_from=None):
    """Templates matching every filter given, in Graph's order.

    ``migratable_from`` selects among the templates that template can migrate to, else among all templates.
    Deprecated templates are left out unless ``include_deprecated``, or asked for by ``template_id``. An unknown
    ``template_id`` matches nothing; an unknown ``migratable_from`` is an error, since it names the source.
    """
    if migratable_from is not None:
        candidates = _migration_targets_of(client, migratable_from)
    elif template_id is not None:
        candidates = _template_by_id(client, template_id)
    else:
        candidates = client.get_all(TEMPLATES_PATH)
    wanted_type = (template_type or '').lower()
    return [template for template in candidates
            if (template_id is None or _same_id(template.get('id'), template_id))
            and (template_name is None or template_name_matches(template, template_name))
            and (template_type is None or (template.get('templateType') or '').lower() == wanted_type)
            and (include_deprecated or template_id is not None or not template.get('isDeprecated'))]


def with_setting_definitions(client, templates):
    """Copies of ``templates``, each with ``settingDefinitions``: Graph's definitions over all its categories."""
    return [dict(template, settingDefinitions=list(load_setting_definitions(client, template['id']).values()))
            for template in templates]


def _template_by_id(client, template_id):
    try:
        return [without_odata_context(client.get('%s/%s' % (TEMPLATES_PATH, path_segment(template_id))))]
    except GraphError as exc:
        if exc.status != 404:
            raise
        return []


def _migration_targets_of(client, template_id):
    try:
        return migration_targets(client, template_id)
    except GraphError as exc:
        if exc.status != 404:
            raise
        raise IntentInputError('migratable_from', 'no device management template has the id %s' % template_id)
