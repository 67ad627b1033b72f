# -*- coding: utf-8 -*-
# Copyright: msgraph.intune contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# FOR INTERNAL COLLECTION USE ONLY: this file may change without notice.

"""Configuration policy templates (deviceManagement/configurationPolicyTemplates): reading them, choosing the one a
task names (by id, or by family, name and version), and their setting templates with the setting definitions.

A template's id is ``<baseId>_<version>``; the versions of one template share its baseId. Its setting templates and
definitions never change for a template id, so they are cached without expiry; the list of templates changes (a new
version, a deprecation), so it is kept for TEMPLATE_MAX_AGE like the intent templates.
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

from ansible_collections.msgraph.intune.plugins.module_utils._errors import InputError, TaskError
from ansible_collections.msgraph.intune.plugins.module_utils._filtered_list import list_filtered
from ansible_collections.msgraph.intune.plugins.module_utils._graph import absent_as_none
from ansible_collections.msgraph.intune.plugins.module_utils._odata import (
    POLICY_TEMPLATES_PATH,
    odata_string_literal,
    policy_template_path,
    without_odata_context,
)
from ansible_collections.msgraph.intune.plugins.module_utils._templates import TEMPLATE_MAX_AGE, cached, close_names_text

# Lifecycle states of a template from which Intune no longer creates policies; "newest" never picks them.
CLOSED_STATES = ('deprecated', 'retired')
# States that "newest" passes over as well: not yet (draft) or never (invalid) usable.
UNPUBLISHED_STATES = ('draft', 'invalid')


def base_id(template_id):
    """The baseId part of a template id ``<baseId>_<version>`` (the id itself when it has no version part)."""
    return str(template_id).rpartition('_')[0] or str(template_id)


def get_policy_template(client, template_id):
    """The template with this id, or None."""
    def fetch():
        return without_odata_context(client.get(policy_template_path(template_id)))
    return absent_as_none(lambda: cached(client, 'policy_template', template_id.lower(), fetch, TEMPLATE_MAX_AGE))


def list_policy_templates(client, family=None):
    """Every template (of ``family`` when given), in Graph's order, read once per family and TEMPLATE_MAX_AGE."""
    def fetch():
        if family is None:
            return client.get_all(POLICY_TEMPLATES_PATH)
        listed = list_filtered(client, POLICY_TEMPLATES_PATH, 'templateFamily eq ' + odata_string_literal(family))
        return [template for template in listed if template.get('templateFamily') == family]
    return cached(client, 'policy_templates', family or '', fetch, TEMPLATE_MAX_AGE)


def version_number(template):
    try:
        return int(template.get('version'))
    except (TypeError, ValueError):
        return -1


def describe_policy_template(template):
    """How messages name a template: its name, version and id."""
    version = template.get('displayVersion') or 'version %s' % template.get('version')
    return '%r (%s, %s, %s)' % (template.get('displayName'), version, template.get('lifecycleState'), template.get('id'))


def choose_policy_template(client, inputs):
    """The template entity the task names; InputError when there is none."""
    if inputs.template_id is not None:
        template = get_policy_template(client, inputs.template_id)
        if template is None:
            raise InputError('template_id', 'no configuration policy template has the id %r (template ids read '
                                            '<baseId>_<version>; intune_configuration_policy_template_info lists them)'
                             % inputs.template_id)
        return template
    listed = list_policy_templates(client, inputs.template_family)
    candidates = [t for t in listed
                  if (inputs.template_name is None or _same_name(t, inputs.template_name))
                  and (inputs.template_platform is None or _on_platform(t, inputs.template_platform))]
    field = 'template_name' if inputs.template_name is not None else 'template_family'
    if not candidates:
        raise InputError(field, 'no configuration policy template matches %s%s' % (_wanted(inputs), _close(inputs, listed)))
    bases = sorted(set(str(t.get('baseId') or base_id(t.get('id'))).lower() for t in candidates))
    if len(bases) > 1:
        found = '; '.join(describe_policy_template(t) for t in _newest_per_base(candidates))
        raise InputError(field, '%d different templates match %s: %s. Give template_platform or template_id'
                         % (len(bases), _wanted(inputs), found))
    return _pick_version(candidates, inputs)


def _pick_version(versions, inputs):
    if inputs.template_version is not None:
        wanted = str(inputs.template_version).strip().lower()
        for template in versions:
            if wanted in (str(template.get('version')).lower(), str(template.get('displayVersion') or '').lower()):
                return template
        raise InputError('template_version', 'template %r has no version %r; it has %s'
                         % (versions[0].get('displayName'), inputs.template_version,
                            ', '.join(describe_policy_template(t) for t in sorted(versions, key=version_number))))
    usable = [t for t in versions if t.get('lifecycleState') not in CLOSED_STATES + UNPUBLISHED_STATES]
    if not usable:
        raise TaskError('every version of template %r is %s: %s; give template_version to manage a policy on one '
                        'of them' % (versions[0].get('displayName'), ' or '.join(CLOSED_STATES + UNPUBLISHED_STATES),
                                     ', '.join(describe_policy_template(t) for t in versions)))
    return max(usable, key=version_number)


def _same_name(template, name):
    return str(template.get('displayName') or '').strip().lower() == name.strip().lower()


def _on_platform(template, platform):
    return platform.lower() in [p.strip().lower() for p in str(template.get('platforms') or '').split(',')]


def _newest_per_base(templates):
    newest = {}
    for template in templates:
        key = str(template.get('baseId') or base_id(template.get('id'))).lower()
        if key not in newest or version_number(template) > version_number(newest[key]):
            newest[key] = template
    return [newest[key] for key in sorted(newest)]


def _wanted(inputs):
    parts = []
    if inputs.template_name is not None:
        parts.append('name %r' % inputs.template_name)
    if inputs.template_family is not None:
        parts.append('family %r' % inputs.template_family)
    if inputs.template_platform is not None:
        parts.append('platform %r' % inputs.template_platform)
    return ' and '.join(parts)


def _close(inputs, listed):
    if inputs.template_name is None:
        return ''
    return '; ' + close_names_text(inputs.template_name, listed)


def setting_templates(client, template_id):
    """The template's setting templates, each with its ``settingDefinitions``, read once per template id."""
    def fetch():
        return client.get_all('%s/settingTemplates' % policy_template_path(template_id),
                              params={'$expand': 'settingDefinitions'})
    return cached(client, 'policy_setting_templates', template_id.lower(), fetch, keep=bool)


def lifecycle_warning(template):
    """A warning text for a policy on a template Intune has closed or superseded, else None."""
    state = template.get('lifecycleState')
    if state in CLOSED_STATES:
        return ('template %s is %s: Intune creates no new policies from it; move the policy to a current version of '
                'the template' % (describe_policy_template(template), state))
    return None
