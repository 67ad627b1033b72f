# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The run's warnings: in order, each once."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

from ansible_collections.msgraph.intune.plugins.module_utils._warnings import Warnings


def test_a_warning_given_twice_is_kept_once_in_first_order():
    warnings = Warnings()
    for text in ('filter refused', 'migrating', 'filter refused'):
        warnings.add(text)
    assert warnings == ['filter refused', 'migrating']
