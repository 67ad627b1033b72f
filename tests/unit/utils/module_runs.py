# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Running a module's main() in the test process with given arguments, and reading what it printed."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import contextlib
import json

from unittest import mock

import pytest

from ansible.module_utils import basic
from ansible.module_utils.common import warnings as module_warnings

try:
    from ansible.module_utils import _internal as module_utils_internal
except ImportError:  # ansible-core before 2.19
    module_utils_internal = None
from ansible.module_utils.common.arg_spec import ArgumentSpecValidator


@contextlib.contextmanager
def module_args(args):
    """The arguments AnsibleModule reads, for the duration of the block."""
    try:
        from ansible.module_utils.testing import patch_module_args
    except ImportError:  # ansible-core before 2.19
        saved = basic._ANSIBLE_ARGS
        basic._ANSIBLE_ARGS = json.dumps({'ANSIBLE_MODULE_ARGS': args}).encode('utf-8')
        try:
            yield
        finally:
            basic._ANSIBLE_ARGS = saved
    else:
        with patch_module_args(args):
            yield


def run_main(main, args, capsys):
    """(result, exit code) of ``main()`` run with ``args``, as the module prints them.

    AnsibleModule keeps warnings in module globals (a module process runs once); each run starts with none. Since
    ansible-core 2.19 a module's warnings go to the controller's display once controller code is imported (as the
    action plugin tests do in the same process); here the module runs as in its own process.
    """
    fresh = dict((name, type(getattr(module_warnings, name))()) for name in ('_global_warnings', '_global_deprecations'))
    with contextlib.ExitStack() as stack:
        stack.enter_context(module_args(args))
        stack.enter_context(mock.patch.multiple(module_warnings, **fresh))
        if hasattr(module_utils_internal, 'is_controller'):
            stack.enter_context(mock.patch.object(module_utils_internal, 'is_controller', False))
        with pytest.raises(SystemExit) as exited:
            main()
    return json.loads(capsys.readouterr().out), exited.value.code


def warning_texts(result):
    """The texts of a module result's warnings: plain strings before ansible-core 2.19, WarningSummary dicts after."""
    return [warning['event']['msg'] if isinstance(warning, dict) else warning for warning in result.get('warnings', [])]


def validated_params(argument_spec, args):
    """The runner's ``params``: ``args`` checked and completed (defaults) by the argument spec, as AnsibleModule does."""
    result = ArgumentSpecValidator(argument_spec).validate(args)
    assert not result.error_messages, result.error_messages
    return result.validated_parameters
