# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The task's environment in os.environ for the block only; Python warnings reported, not printed."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import os
import warnings

import pytest

from ansible_collections.msgraph.intune.plugins.plugin_utils._worker_process import python_warnings_as, task_environment


def test_the_task_environment_is_applied_and_restored(monkeypatch):
    monkeypatch.setenv('MSGRAPH_IT_KEPT', 'before')
    monkeypatch.delenv('MSGRAPH_IT_ADDED', raising=False)
    with task_environment({'MSGRAPH_IT_KEPT': 'during', 'MSGRAPH_IT_ADDED': 5}):
        assert os.environ['MSGRAPH_IT_KEPT'] == 'during' and os.environ['MSGRAPH_IT_ADDED'] == '5'
    assert os.environ['MSGRAPH_IT_KEPT'] == 'before' and 'MSGRAPH_IT_ADDED' not in os.environ


def test_the_environment_is_restored_when_the_block_fails(monkeypatch):
    monkeypatch.delenv('MSGRAPH_IT_ADDED', raising=False)
    with pytest.raises(ZeroDivisionError):
        with task_environment({'MSGRAPH_IT_ADDED': 'x'}):
            raise ZeroDivisionError()
    assert 'MSGRAPH_IT_ADDED' not in os.environ


def test_python_warnings_are_reported_with_their_category(capsys):
    reported = []
    with python_warnings_as(reported.append):
        warnings.warn('Unverified HTTPS request is being made', UserWarning)
    assert reported == ['UserWarning: Unverified HTTPS request is being made']
    assert capsys.readouterr().err == ''
