"""Request/response values shared by the handlers, and the Graph / Intune / Entra error bodies."""
import datetime
import json
import uuid
from urllib.parse import parse_qsl, unquote


class Request:
    """One parsed HTTP request. `path` is percent-decoded; `query` keeps every (name, value) pair in order."""

    def __init__(self, method, raw_path, headers, body):
        self.method = method
        path, _sep, raw_query = raw_path.partition('?')
        self.path = unquote(path)
        self.query = parse_qsl(raw_query, keep_blank_values=True)
        self.headers = headers
        self.body = body
        self.request_id = str(uuid.uuid4())
        self.client_request_id = headers.get('client-request-id') or self.request_id

    def query_dict(self):
        return dict(self.query)

    def json(self):
        """The body as JSON; raises ValueError with a readable message."""
        if not self.body:
            raise ValueError('the request body is empty')
        try:
            return json.loads(self.body.decode('utf-8'))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise ValueError('the request body is not valid JSON: %s' % exc) from None

    def form(self):
        return dict(parse_qsl(self.body.decode('utf-8', 'replace'), keep_blank_values=True))


GRAPH_JSON = 'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8'


class Response:
    """Status, headers and body; a JSON `payload` is serialised with Graph's content type unless told otherwise."""

    def __init__(self, status, payload=None, headers=None, text=None, content_type=GRAPH_JSON):
        self.status = status
        self.headers = dict(headers or {})
        if payload is not None:
            self.body = json.dumps(payload).encode('utf-8')
            self.headers.setdefault('Content-Type', content_type)
        elif text is not None:
            self.body = text.encode('utf-8')
            self.headers.setdefault('Content-Type', 'text/plain; charset=utf-8')
        else:
            self.body = b''


class Refusal(Exception):
    """Short-circuits a Graph handler with a ready response."""

    def __init__(self, response):
        super().__init__(response.status)
        self.response = response


def _graph_date():
    return datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%dT%H:%M:%S')


def graph_error(request, status, code, message, headers=None):
    """Graph's OData error body with innerError, plus request-id/client-request-id headers."""
    body = {'error': {'code': code, 'message': message, 'innerError': {
        'date': _graph_date(), 'request-id': request.request_id, 'client-request-id': request.client_request_id}}}
    return Response(status, body, headers=headers)


def intune_message(request, text):
    """Intune's error message: a JSON document inside Graph's error.message (docs/graph-beta-facts.md section 5)."""
    url = 'https://fef.msua06.manage.microsoft.com/StatelessDeviceConfigurationFEService%s?api-version=5024-10-28' % (
        request.path[len('/beta'):] if request.path.startswith('/beta') else request.path)
    return json.dumps({
        '_version': 3,
        'Message': '%s - Operation ID (for customer support): 00000000-0000-0000-0000-000000000000 - '
                   'Activity ID: %s - Url: %s' % (text, request.client_request_id, url),
        'CustomApiErrorPhrase': '', 'RetryAfter': None, 'ErrorSourceService': '', 'HttpHeaders': '{}'})


def intune_error(request, status, text, code='BadRequest'):
    return graph_error(request, status, code, intune_message(request, text))


def entra_error(request, status, error, aadsts, description, base_url):
    """Entra ID token-endpoint error body (AADSTS code first in error_description)."""
    trace_id = str(uuid.uuid4())
    correlation_id = request.headers.get('client-request-id') or str(uuid.uuid4())
    timestamp = datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%d %H:%M:%SZ')
    return Response(status, {
        'error': error,
        'error_description': 'AADSTS%d: %s Trace ID: %s Correlation ID: %s Timestamp: %s' % (
            aadsts, description, trace_id, correlation_id, timestamp),
        'error_codes': [aadsts], 'timestamp': timestamp, 'trace_id': trace_id, 'correlation_id': correlation_id,
        'error_uri': '%s/error?code=%d' % (base_url, aadsts)}, content_type='application/json; charset=utf-8')
