# -*- coding: utf-8 -*-
# Copyright: msgraph.intune contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# FOR INTERNAL COLLECTION USE ONLY: this file may change without notice.

"""Warnings: what a run tells the user without failing the task."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type


class Warnings(list):
    """The run's warning texts in the order they arose, each given once (a lookup repeated on a retry or a settle
    step must not repeat its warning)."""

    def add(self, text):
        if text not in self:
            self.append(text)
