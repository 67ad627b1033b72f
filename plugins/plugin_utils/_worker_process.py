# -*- coding: utf-8 -*-
# Copyright: msgraph.intune contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# FOR INTERNAL COLLECTION USE ONLY: this file may change without notice.

"""What a task run in Ansible's worker process must set up itself, which a module process gets for free: the task's
environment: keyword in os.environ, and Python warnings reported as task warnings instead of the worker's stderr."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import contextlib
import os
import warnings


@contextlib.contextmanager
def task_environment(environment):
    """os.environ with the task's environment for the duration of the block, restored afterwards.

    msal reads IDENTITY_ENDPOINT/IDENTITY_HEADER and requests its proxy variables from os.environ itself. A worker
    is a single-threaded fork that runs one task, so nothing else sees the change.
    """
    saved = dict((name, os.environ.get(name)) for name in environment)
    os.environ.update(dict((name, str(value)) for name, value in environment.items()))
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


@contextlib.contextmanager
def python_warnings_as(report):
    """Python warnings raised in the block (urllib3's InsecureRequestWarning, say) go to ``report(text)``."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter('default')
        try:
            yield
        finally:
            for warning in caught:
                report('%s: %s' % (warning.category.__name__, warning.message))
