# -*- coding: utf-8 -*-
# Copyright: msgraph.intune contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# FOR INTERNAL COLLECTION USE ONLY: this file may change without notice.

"""Which template a task's intent belongs to: the template the task names, the effective one (``migrate_to``), and
the createInstance path that makes an intent from them."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

from ansible_collections.msgraph.intune.plugins.module_utils._errors import InputError
from ansible_collections.msgraph.intune.plugins.module_utils._odata import TEMPLATES_PATH, path_segment
from ansible_collections.msgraph.intune.plugins.module_utils._templates import (
    describe_template,
    describe_templates,
    migration_target,
    migration_targets,
    template_by_id,
    template_by_name,
)


class TemplateChoice:
    """The template named by the task, the one intents are created from and matched on, and how to create them."""

    def __init__(self, source_template, effective_template, use_migration_path):
        self.source_template = source_template
        self.effective_template = effective_template
        self.use_migration_path = use_migration_path

    @property
    def effective_id(self):
        return self.effective_template['id']

    @property
    def create_instance_path(self):
        if self.use_migration_path:
            return '%s/%s/migratableTo/%s/createInstance' % (
                TEMPLATES_PATH, path_segment(self.source_template['id']), path_segment(self.effective_id))
        return '%s/%s/createInstance' % (TEMPLATES_PATH, path_segment(self.effective_id))


def resolve_template(client, template_id=None, template_name=None, template_version=None, migrate_to=None,
                     state='present'):
    """Find the template the task names and the effective one (``migrate_to`` when given).

    A deprecated template is fine here: a profile that exists on it is managed where it is, and only a create is
    refused (plan.py). A deprecated migration target is refused for ``present``: nothing can be created there.
    """
    if template_id is not None:
        source = template_by_id(client, template_id)
    else:
        source = template_by_name(client, template_name, template_version)
    if migrate_to is not None:
        target = migration_target(client, source, migrate_to)
        if state == 'present' and target.get('isDeprecated'):
            raise InputError('migrate_to', 'template %s is deprecated as well; intents cannot be created from it'
                             % describe_template(target))
        return TemplateChoice(source, target, True)
    return TemplateChoice(source, source, False)


def refuse_deprecated_create(client, choice):
    """InputError when the plan would create a profile from a deprecated template (not through migrate_to)."""
    template = choice.effective_template
    if template.get('isDeprecated') and not choice.use_migration_path:
        targets = migration_targets(client, template['id'])
        raise InputError('migrate_to', 'template %s is deprecated, so intents cannot be created from it; '
                         'set migrate_to to one of the templates it migrates to: %s'
                         % (describe_template(template), describe_templates(targets)))
