# -*- coding: utf-8 -*-
# Copyright: msgraph.intune contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# FOR INTERNAL COLLECTION USE ONLY: this file may change without notice.

"""Warnings: what a run tells the user without failing the task."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

from contextlib import contextmanager

from ansible_collections.msgraph.intune.plugins.module_utils._errors import MsgraphIntuneError


class Warnings(list):
    """The run's warning texts in the order they arose, each given once (a lookup repeated on a retry or a settle
    step must not repeat its warning)."""

    def add(self, text):
        if text not in self:
            self.append(text)


@contextmanager
def collected_warnings():
    """A ``Warnings`` for the block; when the block fails with the collection's error, the error carries the warnings
    given so far, so that the failed task still shows them (they often explain the failure)."""
    warnings = Warnings()
    try:
        yield warnings
    except MsgraphIntuneError as exc:
        exc.warnings = list(warnings) + [text for text in exc.warnings if text not in warnings]
        raise
