"""$expand on a collection (GET intents or configurationPolicies with $expand=settings), answered as the config key
`list_expand` says:
  all      every item's expanded collection whole (the default);
  refused  400, as a service that takes $expand on a single entity only would answer (with the refusal text of
           ASP.NET OData's query validation);
  paged    each expanded collection cut after settings_page_size members, with `<name>@odata.nextLink` to the rest
           in the item's own collection, as OData allows a service to do.
Microsoft's metadata has no Capabilities annotation on these collections (so no documented restriction) and no page
size for an expanded collection (docs/graph-beta-facts.md, "$expand"): the emulator offers each behaviour so that
clients are tested against all of them."""
from .odata import next_link
from .wire import Refusal, graph_error

LIST_EXPAND_MODES = ('all', 'refused', 'paged')


def expand_on_list(api, request, items, expand):
    """`items` (entities already carrying their expanded collections) as the configured behaviour answers them."""
    if not expand:
        return items
    mode = api.store.config['list_expand']
    if mode == 'refused':
        raise Refusal(graph_error(request, 400, 'BadRequest', "Query option 'Expand' is not allowed. To allow it, set "
                                                              "the 'AllowedQueryOptions' property on EnableQueryAttribute "
                                                              "or QueryValidationSettings."))
    if mode == 'paged':
        size = api.store.config['settings_page_size']
        for item in items:
            for name in expand:
                if len(item[name]) > size:
                    item[name] = item[name][:size]
                    item[name + '@odata.nextLink'] = next_link(api.base_url, '%s/%s/%s' % (request.path, item['id'], name),
                                                               [], size)
    return items
