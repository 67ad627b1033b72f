# -*- coding: utf-8 -*-
# Copyright: msgraph.intune contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# FOR INTERNAL COLLECTION USE ONLY: this file may change without notice.

"""Every read of device management templates: by id, by name and version, their versions, migration targets, and the
selection ``intune_template_info`` returns (their settings and definitions: _setting_definitions.py)."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import datetime
import difflib

from ansible_collections.msgraph.intune.plugins.module_utils._errors import InputError
from ansible_collections.msgraph.intune.plugins.module_utils._graph import absent_as_none
from ansible_collections.msgraph.intune.plugins.module_utils._guids import same_id
from ansible_collections.msgraph.intune.plugins.module_utils._odata import (
    TEMPLATES_PATH,
    datetime_offset,
    path_segment,
    without_odata_context,
)

# What may be reused from the client's GraphCache (per run, and on disk across runs). A template's setting
# definitions never change for a template id (Intune publishes a new version with a new id instead), so they are
# kept without expiry. The template entity, the template list and migratableTo do change: a template gets
# deprecated, a new version appears. They are kept for TEMPLATE_MAX_AGE seconds, which makes a playbook of hundreds
# of tasks read them once, and lets a stale "not deprecated" at worst meet Graph's own refusal of createInstance.
TEMPLATE_MAX_AGE = 3600


def cached(client, kind, key, fetch, max_age=None, keep=None, fresh=False):
    """``fetch()`` through the client's GraphCache (see GraphCache.get_or_fetch); stand-in clients without one always
    fetch."""
    cache = getattr(client, 'cache', None)
    if cache is None:
        return fetch()
    return cache.get_or_fetch(kind, key, fetch, max_age, keep=keep, fresh=fresh)


def template_path(template_id):
    return '%s/%s' % (TEMPLATES_PATH, path_segment(template_id))


def get_template(client, template_id, fresh=False):
    """The template, or None when Graph has none with this id. ``fresh`` reads past the cache."""
    def fetch():
        return client.get(template_path(template_id))
    if fresh:
        return absent_as_none(fetch)
    return absent_as_none(lambda: cached(client, 'template', template_id.lower(), fetch, TEMPLATE_MAX_AGE))


def list_templates(client, fresh=False):
    """Every template Graph lists, in its order. ``fresh`` reads past the cache."""
    def fetch():
        return client.get_all(TEMPLATES_PATH)
    return fetch() if fresh else cached(client, 'templates', '', fetch, TEMPLATE_MAX_AGE)


def migration_targets(client, template_id):
    """The templates ``template_id`` can migrate to; None when Graph has no such template."""
    return absent_as_none(lambda: cached(
        client, 'migratableTo', template_id.lower(), lambda: client.get_all(template_path(template_id) + '/migratableTo'),
        TEMPLATE_MAX_AGE))


def template_by_id(client, template_id):
    template = get_template(client, template_id)
    if template is None:
        raise InputError('template_id', 'no device management template has the id %s' % template_id)
    return template


def template_by_name(client, template_name, template_version):
    """The newest version named ``template_name`` (of ``template_version`` when given); current before deprecated."""
    templates = list_templates(client)
    named = [t for t in templates if template_name_matches(t, template_name)]
    if not named:
        raise InputError('template_name', 'no device management template is named %r; %s'
                         % (template_name, close_names_text(template_name, templates)))
    if template_version is not None:
        versioned = [t for t in named if (t.get('versionInfo') or '').strip().lower() == template_version.strip().lower()]
        if not versioned:
            raise InputError('template_version', 'template %r has no version %r; its versions are: %s'
                             % (template_name, template_version, describe_templates(named)))
        return max(versioned, key=published_key)
    current = [t for t in named if not t.get('isDeprecated')]
    # With every version deprecated, the newest one is returned so that the deprecation error names its targets.
    return max(current or named, key=published_key)


def template_versions(client, template):
    """Every version of ``template``: the templates with its displayName, newest first (current before deprecated)."""
    named = [t for t in list_templates(client) if template_name_matches(t, template.get('displayName') or '')]
    if not any(same_id(t.get('id'), template.get('id')) for t in named):
        named.append(template)
    return sorted(named, key=lambda t: (not t.get('isDeprecated'), published_key(t)), reverse=True)


def newest_current_version(client, template):
    """The newest version of ``template`` that is not deprecated, or None."""
    current = [t for t in template_versions(client, template) if not t.get('isDeprecated')]
    return current[0] if current else None


def template_name_matches(template, template_name):
    """Template names match case-insensitively, ignoring surrounding blanks (the portal shows them that way)."""
    return (template.get('displayName') or '').strip().lower() == template_name.strip().lower()


def migration_target(client, source, migrate_to):
    """The template ``migrate_to`` among the migration targets of ``source``, else an InputError naming them."""
    if same_id(source.get('id'), migrate_to):
        raise InputError('migrate_to', 'migrate_to names template %s, the template the task names itself (template_name '
                         'alone means its newest version); name the version to migrate from with template_version or '
                         'template_id' % describe_template(source))
    targets = migration_targets(client, source['id']) or []
    for target in targets:
        if same_id(target.get('id'), migrate_to):
            return target
    raise InputError('migrate_to', 'template %s cannot migrate to %s; it can migrate to: %s'
                     % (describe_template(source), migrate_to, describe_templates(targets)))


def published_key(template):
    """Sort key for publishedDateTime: the newest last; a template without a date first."""
    published = datetime_offset(template.get('publishedDateTime'))
    return published or datetime.datetime.min.replace(tzinfo=datetime.timezone.utc)


def describe_template(template):
    text = '%s (%r' % (template.get('id'), template.get('displayName'))
    if template.get('versionInfo'):
        text += ', version %r' % template['versionInfo']
    return text + ')'


def describe_templates(templates):
    if not templates:
        return 'none'
    return '; '.join(describe_template(t) for t in templates)


def close_names_text(name, templates):
    names = sorted(set(t.get('displayName') for t in templates if t.get('displayName')))
    by_lower = dict((n.lower(), n) for n in names)
    close = difflib.get_close_matches(name.lower(), list(by_lower), n=5, cutoff=0.5)
    if not close:
        return 'no template has a similar name'
    return 'close names: %s' % ', '.join(repr(by_lower[n]) for n in close)


def deprecation_warning(client, template):
    """The warning for a profile that lives on a deprecated template: what it migrates to, and how to move."""
    targets = migration_targets(client, template['id']) or []
    return ('template %s is deprecated: no new profile can be created from it (this one is managed where it is); it '
            'migrates to %s. To move the profile, set migrate_to to the target and migrate_in_place: true'
            % (describe_template(template), describe_templates(targets)))


def select_templates(client, template_id=None, template_name=None, template_type=None, include_deprecated=False,
                     migratable_from=None):
    """Templates matching every filter given, in Graph's order (what ``intune_template_info`` returns).

    ``migratable_from`` selects among the templates that template can migrate to, else among all templates.
    Deprecated templates are left out unless ``include_deprecated``, or asked for by ``template_id``. An unknown
    ``template_id`` matches nothing; an unknown ``migratable_from`` is an error, since it names the source.
    """
    if migratable_from is not None:
        candidates = migration_targets(client, migratable_from)
        if candidates is None:
            raise InputError('migratable_from', 'no device management template has the id %s' % migratable_from)
    elif template_id is not None:
        template = get_template(client, template_id, fresh=True)
        candidates = [without_odata_context(template)] if template is not None else []
    else:
        candidates = list_templates(client, fresh=True)
    wanted_type = (template_type or '').lower()
    return [template for template in candidates
            if (template_id is None or same_id(template.get('id'), template_id))
            and (template_name is None or template_name_matches(template, template_name))
            and (template_type is None or (template.get('templateType') or '').lower() == wanted_type)
            and (include_deprecated or template_id is not None or not template.get('isDeprecated'))]
