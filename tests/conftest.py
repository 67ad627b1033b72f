# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Make the collection and the bundled Graph emulator importable for every test under tests/.

Tests import ``ansible_collections.msgraph.intune...``, which needs the directory that contains
``ansible_collections/`` on sys.path, and ``graph_emulator``, which lives in tests/emulator. The paths are
derived lexically from this file so that a symlinked collection directory resolves to its
ansible_collections parent, not to the symlink target's parent.
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import os
import sys

TESTS_DIR = os.path.dirname(os.path.abspath(__file__))
COLLECTIONS_ROOT = os.path.normpath(os.path.join(TESTS_DIR, '..', '..', '..', '..'))
EMULATOR_DIR = os.path.join(TESTS_DIR, 'emulator')

for import_root in (EMULATOR_DIR, COLLECTIONS_ROOT):
    if import_root not in sys.path:
        sys.path.insert(0, import_root)


def pytest_configure(config):
    # Registered here as well as in pytest.ini: ansible-test units runs pytest with its own ini and --strict-markers.
    config.addinivalue_line('markers', 'slow: takes more than a few seconds')
    config.addinivalue_line('markers', 'every_path: also runs on the module path and through a non-local connection')
    config.addinivalue_line('markers', 'reliability(section, row): the test proves this row of docs/reliability.md')
