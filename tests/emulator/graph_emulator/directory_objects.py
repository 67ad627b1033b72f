"""Microsoft Entra directory objects: POST directoryObjects/getByIds, which the collection uses to show group names.

As Microsoft Learn documents it (graph/api/directoryobject-getbyids): the body is ``{"ids": [...], "types": [...]}``,
at most 1000 GUIDs; ``types`` (optional, case-insensitive) narrows the search to those resource types, directoryObject
(the default) meaning all of them; the answer is a ``value`` list of the objects found, each with its ``@odata.type``,
and an id that matches nothing is simply absent. It needs the Directory.Read.All permission: the emulated app holds it
unless the ``directory_read_all`` switch is off, and then Graph's 403 comes back. The tenant's only directory objects
are the seeded groups. The wording of the 400s for a malformed body is the emulator's own where Learn gives none.
"""
import copy
import re

from .wire import Refusal, Response, graph_error

MAX_IDS = 1000
GROUP_TYPE = '#microsoft.graph.group'
# Resource types derived from directoryObject that a caller may name in ``types`` (compared lower-cased).
KNOWN_TYPES = ('directoryobject', 'user', 'group', 'device', 'serviceprincipal', 'application', 'orgcontact',
               'directoryrole', 'administrativeunit', 'directoryobjectpartnerreference')
# The types whose search includes groups.
GROUP_SEARCH = ('directoryobject', 'group')
_GUID = re.compile(r'^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$')
_PARAMETERS = ('ids', 'types')


def get_by_ids(api, request):
    """The directory objects among ``ids`` of the ``types`` asked for, in the order of ``ids``, each once."""
    if request.method != 'POST':
        raise Refusal(graph_error(request, 405, 'BadRequest',
                                  "The HTTP method '%s' is not allowed on this resource." % request.method))
    if not api.store.config['directory_read_all']:
        raise Refusal(graph_error(request, 403, 'Authorization_RequestDenied',
                                  'Insufficient privileges to complete the operation.'))
    ids, types = _parameters(request)
    items = []
    if any(kind in GROUP_SEARCH for kind in types):
        with api.store.lock:
            groups = dict((group['id'].lower(), copy.deepcopy(group)) for group in api.store.groups)
        seen = set()
        for wanted in ids:
            group = groups.get(wanted.lower())
            if group is not None and group['id'] not in seen:
                seen.add(group['id'])
                items.append(dict({'@odata.type': GROUP_TYPE}, **group))
    return Response(200, {'@odata.context': '%s/beta/$metadata#directoryObjects' % api.base_url, 'value': items})


def _parameters(request):
    """``ids`` and the lower-cased ``types`` of the body (all of the directory without ``types``), or a 400."""
    try:
        body = request.json()
    except ValueError as error:
        raise _bad_request(request, 'BadRequest', 'Unable to read JSON request payload: %s' % error) from None
    if not isinstance(body, dict):
        raise _bad_request(request, 'BadRequest', 'The request payload must be a JSON object.')
    for name in body:
        if name not in _PARAMETERS:
            raise _bad_request(request, 'BadRequest', "The parameter '%s' in the request payload is not a valid "
                                                      "parameter for the operation 'getByIds'." % name)
    ids = body.get('ids')
    if not isinstance(ids, list) or not ids or not all(isinstance(item, str) for item in ids):
        raise _bad_request(request, 'Request_BadRequest', "Invalid value specified for property 'ids': a non-empty "
                                                          'collection of GUID strings is required.')
    if len(ids) > MAX_IDS:
        raise _bad_request(request, 'Request_BadRequest', 'Too many ids: %d given, at most %d are allowed.'
                           % (len(ids), MAX_IDS))
    for item in ids:
        if not _GUID.match(item):
            raise _bad_request(request, 'Request_BadRequest', "Invalid object identifier '%s'." % item)
    types = body.get('types')
    if types is None:
        return ids, ['directoryobject']
    if not isinstance(types, list) or not all(isinstance(item, str) for item in types):
        raise _bad_request(request, 'Request_BadRequest', "Invalid value specified for property 'types': a "
                                                          'collection of resource type names is required.')
    for item in types:
        if item.lower() not in KNOWN_TYPES:
            raise _bad_request(request, 'Request_BadRequest', "Unsupported resource type '%s'." % item)
    return ids, [item.lower() for item in types] or ['directoryobject']


def _bad_request(request, code, message):
    return Refusal(graph_error(request, 400, code, message))
