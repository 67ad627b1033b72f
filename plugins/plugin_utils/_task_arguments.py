# -*- coding: utf-8 -*-
# Copyright: msgraph.intune contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# FOR INTERNAL COLLECTION USE ONLY: this file may change without notice.

"""A task's arguments checked against the module's own argument spec, as AnsibleModule checks them: the same
defaults, conversions and error wording, and the values that no_log options hide."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

from ansible.module_utils.common.arg_spec import ArgumentSpecValidator
from ansible.module_utils.errors import UnsupportedError

# The AnsibleModule arguments that take part in validation (the others, such as supports_check_mode, do not).
VALIDATION_KWARGS = ('mutually_exclusive', 'required_together', 'required_one_of', 'required_if', 'required_by')


class TaskArguments(object):
    """``params``: the validated options with their defaults; ``error``: AnsibleModule's failure message, or None;
    ``no_log_values``: the values of no_log options, to mask wherever the run writes."""

    def __init__(self, params, error, no_log_values):
        self.params = params
        self.error = error
        self.no_log_values = no_log_values


def no_log_values(argument_spec, params):
    """The values given to no_log options (the collection's no_log options are strings)."""
    return set(str(params[name]) for name, option in argument_spec.items()
               if option.get('no_log') and params.get(name) not in (None, ''))


def validate_task_arguments(runner, args, module_name):
    """``args`` checked against ``runner.ARGUMENT_SPEC`` and its MODULE_KWARGS, as AnsibleModule would."""
    validator = ArgumentSpecValidator(
        runner.ARGUMENT_SPEC, **dict((key, value) for key, value in runner.MODULE_KWARGS.items() if key in VALIDATION_KWARGS))
    result = validator.validate(dict(args))
    params = result.validated_parameters
    error = None
    if result.error_messages:
        error = result.errors.msg
        if isinstance(result.errors[0], UnsupportedError):
            error = 'Unsupported parameters for (%s) module: %s' % (module_name, error)
    return TaskArguments(params, error, no_log_values(runner.ARGUMENT_SPEC, params))
