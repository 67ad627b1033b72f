# -*- coding: utf-8 -*-
# Copyright: msgraph.intune contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# FOR INTERNAL COLLECTION USE ONLY: this file may change without notice.

"""Listing a collection with an OData ``$filter`` that Graph may refuse: the one lookup with paging and fallback that
every domain uses to find profiles by name or template."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

from ansible_collections.msgraph.intune.plugins.module_utils._errors import GraphError

# Statuses with which Graph refuses a $filter it cannot evaluate (names with brackets give 500 on intents, see
# docs/reliability.md; configurationPolicies refuses some filters with 400).
FILTER_REFUSED_STATUSES = (400, 500, 501)


def list_filtered(client, path, odata_filter, warnings=None, label='the', plural='items'):
    """Every item of the collection ``path`` (every page) that Graph returns for ``odata_filter``.

    Graph's filter is only a prefilter: the caller re-checks what it needs. When Graph refuses the filter, the whole
    collection is listed instead and, when ``warnings`` (a ``Warnings``) is given, a warning says so, naming the
    filter by ``label`` ("displayName") and the items by ``plural`` ("intents").
    """
    try:
        return client.get_all(path, params={'$filter': odata_filter})
    except GraphError as exc:
        if exc.status not in FILTER_REFUSED_STATUSES:
            raise
        if warnings is not None:
            warnings.add('Graph refused the %s filter on %s (HTTP %s); all %s were listed and matched locally instead'
                         % (label, path, exc.status, plural))
        return client.get_all(path)
