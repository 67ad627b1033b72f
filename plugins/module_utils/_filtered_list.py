# -*- coding: utf-8 -*-
# Copyright: msgraph.intune contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# FOR INTERNAL COLLECTION USE ONLY: this file may change without notice.

"""Listing a collection with an OData ``$filter`` that Graph may refuse: the one lookup with paging and fallback that
every domain uses to find profiles by name or template, optionally with a navigation property of each item expanded
(``$expand``), which Graph may refuse too."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

from ansible_collections.msgraph.intune.plugins.module_utils._errors import GraphError

# Statuses with which Graph refuses a $filter it cannot evaluate (names with brackets give 500 on intents, see
# docs/reliability.md; configurationPolicies refuses some filters with 400).
FILTER_REFUSED_STATUSES = (400, 500, 501)
# The client's run_memory keys (kept per client: a task; in process, a whole loop) of the filters Graph refused,
# {(path, filter): status}, and of the collections on which it refused $expand: neither is asked for again.
FILTER_REFUSED_KEY = 'filter_refused'
EXPAND_REFUSED_KEY = 'expand_refused'


def list_filtered(client, path, odata_filter, warnings=None, label='the', plural='items', expand=None):
    """Every item of the collection ``path`` (every page) that Graph returns for ``odata_filter``.

    Graph's filter is only a prefilter: the caller re-checks what it needs. When Graph refuses the filter, the whole
    collection is listed instead and, when ``warnings`` (a ``Warnings``) is given, a warning says so, naming the
    filter by ``label`` ("displayName") and the items by ``plural`` ("intents").

    ``expand`` names a navigation property (``settings``) to return with each item, every page of it. Where Graph
    refuses the expansion but takes the filter, the items come without it (the caller reads it itself). The whole
    collection is never expanded.
    """
    memory = getattr(client, 'run_memory', {})
    refused_filters = memory.setdefault(FILTER_REFUSED_KEY, {})
    refused_expansions = memory.setdefault(EXPAND_REFUSED_KEY, set())
    status = refused_filters.get((path, odata_filter))
    if status is None:
        try:
            return filtered(client, path, odata_filter, None if path in refused_expansions else expand, refused_expansions)
        except GraphError as exc:
            if exc.status not in FILTER_REFUSED_STATUSES:
                raise
            status = refused_filters[(path, odata_filter)] = exc.status
    if warnings is not None:
        warnings.add('Graph refused the %s filter on %s (HTTP %s); all %s were listed and matched locally instead'
                     % (label, path, status, plural))
    return client.get_all(path)


def filtered(client, path, odata_filter, expand, refused_expansions):
    """The items Graph returns for ``odata_filter``, with ``expand`` where Graph takes it; a refusal of the filter is
    raised (a refused expansion is added to ``refused_expansions``)."""
    params = {'$filter': odata_filter}
    if expand:
        try:
            return [with_expanded(client, item, expand)
                    for item in client.get_all(path, params=dict(params, **{'$expand': expand}))]
        except GraphError as exc:
            if exc.status not in FILTER_REFUSED_STATUSES:
                raise
        items = client.get_all(path, params=params)
        # The filter alone was taken, so the expansion was what Graph refused.
        refused_expansions.add(path)
        return items
    return client.get_all(path, params=params)


def with_expanded(client, item, name):
    """``item`` with its expanded collection ``name`` complete: the pages behind ``<name>@odata.nextLink`` are read,
    and the expansion's OData annotations dropped."""
    item = dict(item)
    next_link = item.pop(name + '@odata.nextLink', None)
    for key in [key for key in item if key.startswith(name + '@')]:
        del item[key]
    if name in item and next_link:
        item[name] = list(item[name]) + client.get_all(next_link)
    return item
