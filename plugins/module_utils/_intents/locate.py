# -*- coding: utf-8 -*-
# Copyright: msgraph.intune contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# FOR INTERNAL COLLECTION USE ONLY: this file may change without notice.

"""Which profile (intent) a task manages, and on which template.

By ``intent_id``, exactly that profile. Otherwise by display name: on the template the task names; with
``template_name`` alone on every version of that template, so that a profile on an older baseline version is
managed where it is rather than created again on the newest; with ``migrate_to`` on the target, else (with
``migrate_in_place``) on the source, to be moved. Near-miss names of a profile about to be created are warned about.
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import unicodedata

from ansible_collections.msgraph.intune.plugins.module_utils._errors import InputError
from ansible_collections.msgraph.intune.plugins.module_utils._guids import same_id
from ansible_collections.msgraph.intune.plugins.module_utils._intents.lookup import (
    ProfileNames,
    find_intents,
    get_intent,
    single_intent,
)
from ansible_collections.msgraph.intune.plugins.module_utils._intents.template_choice import TemplateChoice, resolve_template
from ansible_collections.msgraph.intune.plugins.module_utils._templates import (
    describe_template,
    get_template,
    migration_target,
    template_name_matches,
    template_versions,
)


class Location(object):
    """``choice``: the templates (the profile's own, or the one a create uses); ``intent``: the profile the task
    manages, or None; ``migrate``: the profile is on the migration source and is to be moved to the target;
    ``searched``: the ids of the templates whose profiles the task's name was looked up on (near misses are looked
    for on the same ones); ``on_older_version``: the profile was found on an older version than the one named."""

    def __init__(self, choice, intent=None, migrate=False, searched=(), on_older_version=False):
        self.choice = choice
        self.intent = intent
        self.migrate = migrate
        self.searched = list(searched) or ([choice.effective_id] if choice else [])
        self.on_older_version = on_older_version


def locate_intent(client, inputs, warnings):
    if inputs.intent_id is not None:
        return _locate_by_id(client, inputs)
    choice = resolve_template(client, inputs.template_id, inputs.template_name, inputs.template_version,
                              inputs.migrate_to, inputs.state)
    named = find_intents(client, inputs.display_name, None, warnings)
    if choice.use_migration_path:
        return _locate_for_migration(choice, named, inputs, warnings)
    if inputs.template_name is not None and inputs.template_version is None:
        return _locate_on_any_version(client, choice, named, inputs.state, warnings)
    return Location(choice, single_intent(_on(named, choice.effective_id)))


def near_miss_warnings(client, inputs, template_ids, warnings):
    """Before a create: warn about profiles of the templates the name was looked up on (every version with
    template_name alone; source and target with migrate_to) whose name differs from the new one only by case,
    surrounding or repeated blanks, or invisible characters (the task then makes a second profile)."""
    wanted = name_key(inputs.display_name)
    names = ProfileNames(client)
    for template_id in template_ids:
        for intent_id, name in names.on_template(template_id, warnings):
            if name != inputs.display_name and name_key(name) == wanted:
                warnings.add('a profile named %r (%s) exists on template %s; its name differs from %r only by case, '
                             'blanks or invisible characters, and this task creates a second profile. Correct '
                             'display_name, or give intent_id to manage that one'
                             % (name, intent_id, template_id, inputs.display_name))


def name_taken_warnings(client, inputs, intent, template_id, warnings):
    """Before a rename by intent_id: warn when other profiles of the template already have the new name (tasks
    that name the profile by display_name would then fail as ambiguous)."""
    others = [other for other in _on(find_intents(client, inputs.display_name, None, warnings), template_id)
              if not same_id(other.get('id'), intent.get('id'))]
    if others:
        warnings.add('profile %s is renamed to %r, which %s on template %s already have; tasks that name the profile '
                     'by display_name will fail as ambiguous until one of them is renamed'
                     % (intent.get('id'), inputs.display_name, ', '.join(other.get('id') for other in others), template_id))


def name_key(name):
    """A name as people read it: compatibility-normalised, invisible (format and control) characters removed,
    every run of white space one blank, surrounding blanks dropped, case folded."""
    visible = ''.join(' ' if char.isspace() else char for char in unicodedata.normalize('NFKC', name)
                      if char.isspace() or unicodedata.category(char) not in ('Cf', 'Cc'))
    return ' '.join(visible.split()).casefold()


def _on(intents, template_id):
    return [intent for intent in intents if same_id(intent.get('templateId'), template_id)]


def _locate_for_migration(choice, named, inputs, warnings):
    searched = [choice.effective_id, choice.source_template['id']]
    on_target = single_intent(_on(named, choice.effective_id))
    on_source = single_intent(_on(named, choice.source_template['id']))
    if on_source is not None and (on_target is not None or inputs.state == 'absent'):
        # state=absent with migrate_to concerns the profile on the target only, moved or not.
        warnings.add('profile %s (%r) on template %s is left as it is (still assigned, if it was): this task manages '
                     'the profile on %s. Delete it with intent_id: %s and state: absent once it is no longer needed'
                     % (on_source.get('id'), on_source.get('displayName'), describe_template(choice.source_template),
                        describe_template(choice.effective_template), on_source.get('id')))
    if on_target is not None:
        return Location(choice, on_target, searched=searched)
    if inputs.state == 'absent' or on_source is None:
        return Location(choice, searched=searched)
    if inputs.migrate_in_place:
        return Location(choice, on_source, migrate=True, searched=searched)
    warnings.add('profile %s (%r) stays on template %s, and a new profile is created on %s from its defaults and '
                 'settings_delta; set migrate_in_place: true to move that profile instead (same id, assignments and '
                 'custom values)' % (on_source.get('id'), inputs.display_name,
                                     describe_template(choice.source_template), describe_template(choice.effective_template)))
    return Location(choice, searched=searched)


def _locate_on_any_version(client, choice, named, state, warnings):
    versions = template_versions(client, choice.source_template)
    searched = [version.get('id') for version in versions]
    intent = single_intent([i for i in named if any(same_id(i.get('templateId'), v.get('id')) for v in versions)])
    if intent is None or same_id(intent.get('templateId'), choice.effective_id):
        return Location(choice, intent, searched=searched)
    own = next(v for v in versions if same_id(v.get('id'), intent.get('templateId')))
    if state == 'present':
        warnings.add('profile %s (%r) is on template %s, an older version than %s; it is managed where it is%s. To move '
                     'it, name its version (template_version: %r, or template_id: %s) and set migrate_to: %s and '
                     'migrate_in_place: true' % (intent.get('id'), intent.get('displayName'), describe_template(own),
                                                 describe_template(choice.effective_template),
                                                 ' (the version is deprecated: no new profile can be created from it)'
                                                 if own.get('isDeprecated') else '',
                                                 own.get('versionInfo'), own.get('id'), choice.effective_id))
    return Location(TemplateChoice(own, own, False), intent, searched=searched, on_older_version=True)


def _locate_by_id(client, inputs):
    intent = get_intent(client, inputs.intent_id)
    if intent is None:
        if inputs.state == 'absent':
            return Location(None)
        raise InputError('intent_id', 'no profile (intent) has the id %s' % inputs.intent_id)
    template = get_template(client, intent.get('templateId') or '') if intent.get('templateId') else None
    template = template or {'id': intent.get('templateId'), 'displayName': None}
    _check_named_template(inputs, intent, template)
    own = TemplateChoice(template, template, False)
    if inputs.state == 'absent' or inputs.migrate_to is None or same_id(intent.get('templateId'), inputs.migrate_to):
        return Location(own, intent)
    target = migration_target(client, template, inputs.migrate_to)
    if not inputs.migrate_in_place:
        raise InputError('migrate_in_place', 'profile %s is on template %s, not on %s; set migrate_in_place: true to move '
                         'it there' % (intent.get('id'), describe_template(template), describe_template(target)))
    return Location(TemplateChoice(template, target, True), intent, migrate=True)


def _check_named_template(inputs, intent, template):
    """The template options given with intent_id must name the profile's own template (or, with migrate_to, that)."""
    allowed = [intent.get('templateId')] + ([inputs.migrate_to] if inputs.migrate_to else [])
    if inputs.template_id is not None and not any(same_id(inputs.template_id, allowed_id) for allowed_id in allowed):
        raise InputError('template_id', 'profile %s is on template %s, not on %s'
                         % (intent.get('id'), describe_template(template), inputs.template_id))
    if inputs.template_name is not None:
        version = (template.get('versionInfo') or '').strip().lower()
        if not template_name_matches(template, inputs.template_name) or (
                inputs.template_version is not None and inputs.template_version.strip().lower() != version):
            field = 'template_name' if not template_name_matches(template, inputs.template_name) else 'template_version'
            raise InputError(field, 'profile %s is on template %s, which the task does not name'
                             % (intent.get('id'), describe_template(template)))
