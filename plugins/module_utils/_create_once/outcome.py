# -*- coding: utf-8 -*-
# Copyright: msgraph.intune contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# FOR INTERNAL COLLECTION USE ONLY: this file may change without notice.

"""What a failed write may have done: the one classification of write failures that every exactly-once write uses."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

from ansible_collections.msgraph.intune.plugins.module_utils._errors import GraphTransportError
from ansible_collections.msgraph.intune.plugins.module_utils._retry import RetryPolicy


def answered_failure(exc):
    """A 5xx other than 503/504 (500, 502, ...): Graph processed the request and said that it failed. What it may
    have written anyway is visible at once, so such a write is looked for briefly and never sent again, as no
    request is repeated after such a status."""
    return not isinstance(exc, GraphTransportError) and write_outcome_unknown(exc) and \
        exc.status not in RetryPolicy.RETRY_STATUSES


def write_outcome_unknown(exc):
    """A timeout, a dropped connection or a 5xx may hide a write that was made anyway; a refused redirect was an
    answer that wrote nothing."""
    if isinstance(exc, GraphTransportError):
        return exc.kind != 'redirect' and not exc.not_sent
    return exc.status is not None and exc.status >= 500
