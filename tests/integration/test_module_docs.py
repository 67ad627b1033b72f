# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What ``ansible-doc`` shows users: each requirement and each note once, and the options the modules take."""

import glob
import json
import os
import subprocess
import sys

import pytest

from playbook_runner import COLLECTION_ROOT, hermetic_env

MODULES = sorted(os.path.basename(path)[:-3]
                 for path in glob.glob(os.path.join(COLLECTION_ROOT, 'plugins', 'modules', 'intune_*.py')))


def ansible_doc(module):
    name = 'msgraph.intune.' + module
    proc = subprocess.run([os.path.join(os.path.dirname(sys.executable), 'ansible-doc'), '-j', name],
                          env=hermetic_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=120,
                          check=True)
    return json.loads(proc.stdout)[name]['doc']


@pytest.mark.parametrize('module', MODULES)
def test_each_requirement_and_each_note_is_shown_once(module):
    doc = ansible_doc(module)
    requirements = [text.split()[0].lower() for text in doc['requirements']]
    assert len(requirements) == len(set(requirements)), doc['requirements']
    assert requirements.count('msal') == 1
    notes = doc.get('notes') or []
    assert len(notes) == len(set(notes)), notes
    assert len([note for note in notes if 'DeviceManagementConfiguration.ReadWrite.All' in note]) == 1, notes


def test_the_instance_module_documents_every_option_it_takes():
    options = ansible_doc('intune_template_instance')['options']
    for option in ('intent_id', 'migrate_in_place', 'settings_mode', 'remove_unsupported_targets'):
        assert option in options and options[option]['description'], option
    assert options['settings_mode']['choices'] == ['delta', 'exact']
    assert {'collection_id', 'unsupported_target'} <= set(options['assignments']['suboptions'])
    assert not options['display_name'].get('required')
