# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The run's warnings: in order, each once."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import pytest

from ansible_collections.msgraph.intune.plugins.module_utils._errors import TaskError
from ansible_collections.msgraph.intune.plugins.module_utils._warnings import Warnings, collected_warnings


def test_a_warning_given_twice_is_kept_once_in_first_order():
    warnings = Warnings()
    for text in ('filter refused', 'migrating', 'filter refused'):
        warnings.add(text)
    assert warnings == ['filter refused', 'migrating']


def test_the_collections_error_carries_the_warnings_given_before_it():
    error = TaskError('the profile cannot be updated')
    error.warnings = ['said by the error itself']
    with pytest.raises(TaskError) as raised:
        with collected_warnings() as warnings:
            warnings.add('profile x is on an older version')
            raise error
    assert raised.value.warnings == ['profile x is on an older version', 'said by the error itself']
    assert raised.value.result_fields()['warnings'] == raised.value.warnings


def test_other_exceptions_pass_through_untouched():
    with pytest.raises(ZeroDivisionError) as raised:
        with collected_warnings() as warnings:
            warnings.add('w')
            raise ZeroDivisionError('bug')
    assert not hasattr(raised.value, 'warnings')
