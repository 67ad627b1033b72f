"""The HTTPS server: TLS, dispatch to identity / Graph / control, faults, latency, request log."""
import json
import os
import re
import socket
import ssl
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from . import seed, tls
from .control import CONTROL_PREFIX, EmulatorControl, handle_control
from .faults import FaultRules, default_code
from .graph_api import GraphApi
from .identity import IdentityPlatform
from .schema import Schema
from .settings import SettingError, normalise
from .store import Store
from .throttle import IntuneLimits, retry_after_header
from .wire import Request, Response, graph_error

TENANT_DOMAIN = 'contoso-emulator.onmicrosoft.com'
_DISCOVERY = re.compile(r'^/([^/]+)/v2\.0/\.well-known/openid-configuration$')
_TOKEN = re.compile(r'^/([^/]+)/oauth2/v2\.0/token$')
_SECRET_KEYS = ('client_secret', 'client_assertion', 'password', 'access_token', 'refresh_token', 'secret')
_REDACTED = '***REDACTED***'


def _redact(value):
    if isinstance(value, dict):
        return {k: (_REDACTED if any(s in k.lower() for s in _SECRET_KEYS) else _redact(v)) for k, v in value.items()}
    if isinstance(value, list):
        return [_redact(v) for v in value]
    return value


class _Handler(BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'
    server_version = 'graph-emulator'
    sys_version = ''

    def setup(self):
        # The handshake runs here, in the connection's own thread, so a stalled client cannot block accept().
        self.request.do_handshake()
        # Headers and body go out in separate writes; without NODELAY, Nagle + delayed ACK adds ~40 ms each.
        self.request.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        super().setup()

    def _serve(self):
        self.server.emulator.dispatch(self)

    do_GET = do_POST = do_PATCH = do_PUT = do_DELETE = _serve

    def log_message(self, format, *args):
        """The emulator keeps its own request log."""


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        """Clients that drop connections (or fail the handshake) are expected in fault tests."""


class Emulator:
    """In-process emulator: `Emulator(state_dir, port=0).start()`; `.url`, `.ca_path`, `.info`, `.control`."""

    def __init__(self, state_dir, port=0, lifetime=None):
        self.state_dir = os.path.abspath(state_dir)
        self.port = port
        self.lifetime = lifetime
        self.url = None
        self.ca_path = None
        self.info = None
        self.control = None
        self.stopped = threading.Event()
        self._log_lock = threading.Lock()
        self._log = []
        self._violations = []
        self._httpd = None

    # -- lifecycle ----------------------------------------------------------------------------------------
    def start(self):
        os.makedirs(self.state_dir, exist_ok=True)
        pki = tls.generate_server_pki(self.state_dir)
        cert_paths, client_cert = tls.generate_client_certificate(self.state_dir, 'graph-emulator-app',
                                                                  seed.CERT_PASSWORD)
        sha1, sha256 = tls.thumbprints(client_cert)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.minimum_version = ssl.TLSVersion.TLSv1_2
        context.load_cert_chain(pki['cert'], pki['key'])
        self._httpd = _Server(('127.0.0.1', self.port), _Handler, bind_and_activate=True)
        self._httpd.socket = context.wrap_socket(self._httpd.socket, server_side=True, do_handshake_on_connect=False)
        self._httpd.emulator = self
        self.port = self._httpd.server_address[1]
        self.url = 'https://127.0.0.1:%d' % self.port
        self.ca_path = pki['ca']
        self.store = Store()
        self.schema = Schema()
        self.faults = FaultRules()
        self.limits = IntuneLimits()
        self.identity = IdentityPlatform(
            self.store, self.url, seed.TENANT_ID, TENANT_DOMAIN,
            apps={seed.SECRET_APP_ID: {'secret': seed.CLIENT_SECRET},
                  seed.CERT_APP_ID: {'certificate': client_cert, 'sha1': sha1, 'sha256': sha256}},
            managed_identities=[seed.SYSTEM_MI_CLIENT_ID, seed.USER_MI_CLIENT_ID],
            identity_header=seed.MANAGED_IDENTITY_HEADER)
        self.graph = GraphApi(self.store, self.schema, self.url, self._record_violation)
        self.info = {
            'url': self.url, 'graph_endpoint': self.url, 'authority_host': self.url, 'ca_path': self.ca_path,
            'tenant_id': seed.TENANT_ID, 'tenant_domain': TENANT_DOMAIN,
            'client_id': seed.SECRET_APP_ID, 'client_secret': seed.CLIENT_SECRET,
            'cert_client_id': seed.CERT_APP_ID, 'cert_path': cert_paths['plain'],
            'cert_encrypted_path': cert_paths['encrypted'], 'cert_password': seed.CERT_PASSWORD,
            'cert_thumbprint': sha1.hex().upper(), 'cert_thumbprint_sha256': sha256.hex().upper(),
            'identity_endpoint': self.url + '/msi/token', 'identity_header': seed.MANAGED_IDENTITY_HEADER,
            'managed_identity_client_id': seed.SYSTEM_MI_CLIENT_ID,
            'managed_identity_user_client_id': seed.USER_MI_CLIENT_ID,
            'control_url': self.url + '/_emulator', 'pid': os.getpid()}
        info_path = os.path.join(self.state_dir, 'emulator.json')
        fd = os.open(info_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, 'w') as handle:
            json.dump(self.info, handle, indent=2)
        self.control = EmulatorControl(self.url, self.ca_path)
        threading.Thread(target=self._httpd.serve_forever, name='graph-emulator', daemon=True).start()
        if self.lifetime:
            timer = threading.Timer(self.lifetime, self.stop)
            timer.daemon = True
            timer.start()
        return self

    def stop(self):
        if self._httpd is not None and not self.stopped.is_set():
            self.stopped.set()
            self._httpd.shutdown()
            self._httpd.server_close()

    def stop_soon(self):
        """Stop from inside a request handler, after its response has been written."""
        threading.Timer(0.2, self.stop).start()

    # -- state used by the control interface --------------------------------------------------------------
    def reset(self):
        self.store.reset()
        self.faults.clear()
        self.limits.reset()
        self.clear_request_log()
        with self._log_lock:
            self._violations = []

    def seed_intent(self, spec):
        """Store an intent directly; settings = template defaults overridden by {definitionId: value}."""
        if not isinstance(spec, dict) or not spec.get('displayName'):
            raise ValueError('displayName is required')
        template_id = spec.get('templateId')
        template = self.store.templates.get(template_id)
        overrides = spec.get('settings') or ({} if template else [])
        settings = []
        try:
            if template:
                definitions = self.store.template_definitions(template_id)
                unknown = set(overrides) - set(definitions)
                if unknown:
                    raise ValueError('definitions not in template: %s' % ', '.join(sorted(unknown)))
                for default in template['settings']:
                    definition_id = default['definitionId']
                    item = dict(default)
                    if definition_id in overrides:
                        item.pop('value', None)
                        item['valueJson'] = json.dumps(overrides[definition_id])
                    settings.append(normalise(item, definitions, self.store.definitions))
            else:
                settings = [normalise(item, None, self.store.definitions) for item in overrides]
        except SettingError as error:
            raise ValueError(str(error)) from None
        return self.store.add_intent(spec['displayName'], template_id, description=spec.get('description'),
                                     role_scope_tag_ids=spec.get('roleScopeTagIds'), settings=settings,
                                     intent_id=spec.get('id'))

    def request_log(self):
        with self._log_lock:
            return list(self._log)

    def clear_request_log(self):
        with self._log_lock:
            self._log = []

    def violations(self):
        with self._log_lock:
            return list(self._violations)

    def _record_violation(self, violation):
        with self._log_lock:
            self._violations.append(violation)

    # -- request handling ---------------------------------------------------------------------------------
    def dispatch(self, handler):
        body = self._read_body(handler)
        request = Request(handler.command, handler.path, handler.headers, body)
        if request.path.startswith(CONTROL_PREFIX):
            self._write(handler, handle_control(self, request))
            return
        latency = self.store.config['latency_ms']
        if latency:
            time.sleep(latency / 1000.0)
        fault = self.faults.take(request.method, request.path)
        if fault and fault['delay_ms']:
            time.sleep(fault['delay_ms'] / 1000.0)
        action = fault['action'] if fault else None
        kind, app_id, auth_present = self._kind(request), None, bool(request.headers.get('Authorization'))
        throttled = None
        if kind == 'graph' and action not in ('drop', 'respond'):
            throttled = self.limits.admit(request.method, self._token_app(request), self.store.config['throttle_scale'],
                                          self.store.config['throttle_window_s'])
        if action == 'drop':
            response = None
        elif action == 'respond':
            response = self._fault_response(request, fault)
        elif throttled:
            response = self._throttled_response(request, *throttled)
        else:
            response, app_id, auth_present = self._route(request, kind)
        self._log_request(request, kind, response, app_id, auth_present, action, throttled[1] if throttled else None)
        if response is None or action == 'commit_then_drop':
            self._drop(handler)
            return
        if kind == 'graph':
            response.headers.setdefault('request-id', request.request_id)
            response.headers.setdefault('client-request-id', request.client_request_id)
        self._write(handler, response)

    @staticmethod
    def _read_body(handler):
        if 'chunked' in (handler.headers.get('Transfer-Encoding') or '').lower():
            chunks = []
            while True:
                size = int(handler.rfile.readline().split(b';', 1)[0].strip() or b'0', 16)
                if size == 0:
                    while handler.rfile.readline() not in (b'\r\n', b'\n', b''):
                        pass  # trailers
                    return b''.join(chunks)
                chunks.append(handler.rfile.read(size))
                handler.rfile.readline()
        length = int(handler.headers.get('Content-Length') or 0)
        return handler.rfile.read(length) if length else b''

    @staticmethod
    def _kind(request):
        if request.path.startswith('/beta/') or request.path == '/beta':
            return 'graph'
        if _TOKEN.match(request.path):
            return 'token'
        if _DISCOVERY.match(request.path):
            return 'discovery'
        if request.path == '/msi/token':
            return 'msi'
        return 'other'

    def _route(self, request, kind):
        """Returns (response, app_id, auth_present)."""
        if kind == 'graph':
            response, auth_present = self.graph.handle(request)
            return response, None, auth_present
        if kind == 'token' and request.method == 'POST':
            response, app_id = self.identity.token(request, _TOKEN.match(request.path).group(1))
            return response, app_id, False
        if kind == 'discovery' and request.method == 'GET':
            return self.identity.openid_configuration(request, _DISCOVERY.match(request.path).group(1)), None, False
        if kind == 'msi' and request.method == 'GET':
            response, client_id = self.identity.managed_identity_token(request)
            return response, client_id, False
        return graph_error(request, 404, 'NotFound', 'No resource at %s %s' % (request.method, request.path)), \
            None, False

    def _token_app(self, request):
        """The app a bearer token was issued to (None without a known token): the per-app limits count by it."""
        scheme, _sep, token = (request.headers.get('Authorization') or '').partition(' ')
        info = self.store.token_info(token.strip()) if scheme.lower() == 'bearer' else None
        return info['app_id'] if info else None

    @staticmethod
    def _throttled_response(request, seconds, limit):
        """Graph's 429 (docs/graph-beta-facts.md s5): TooManyRequests with the innerError Graph sends, and a Retry-After."""
        response = graph_error(request, 429, 'TooManyRequests', 'Please retry again later.',
                               headers={'Retry-After': retry_after_header(seconds), 'x-emulator-limit': limit})
        inner = json.loads(response.body.decode('utf-8'))
        inner['error']['innerError'].update({'code': '429', 'message': 'Please retry after', 'status': '429'})
        return Response(429, inner, headers=response.headers)

    @staticmethod
    def _fault_response(request, fault):
        if fault['body'] is None:
            response = graph_error(request, fault['status'], default_code(fault['status']),
                                   'Please retry again later.' if fault['status'] == 429 else
                                   'Injected fault %d.' % fault['status'])
        elif isinstance(fault['body'], str):
            response = Response(fault['status'], text=_echo_request(fault['body'], request))
        else:
            response = Response(fault['status'], json.loads(_echo_request(json.dumps(fault['body']), request)))
        response.status = fault['status']
        response.headers.update(dict((name, _echo_request(value, request)) for name, value in fault['headers'].items()))
        return response

    def _log_request(self, request, kind, response, app_id, auth_present, action, throttled):
        if request.body:
            if kind == 'token':
                logged_body = _redact(request.form())
            else:
                try:
                    logged_body = _redact(json.loads(request.body.decode('utf-8')))
                except (UnicodeDecodeError, ValueError):
                    logged_body = '<%d bytes, not JSON>' % len(request.body)
        else:
            logged_body = None
        entry = {'time': time.time(), 'method': request.method, 'path': request.path,
                 'query': dict(request.query), 'body': logged_body, 'kind': kind,
                 'status': response.status if response is not None else None,
                 'client_request_id': request.headers.get('client-request-id'), 'auth': auth_present,
                 'app_id': app_id, 'fault': action, 'throttled': throttled}
        with self._log_lock:
            self._log.append(entry)

    @staticmethod
    def _drop(handler):
        handler.close_connection = True
        try:
            handler.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    @staticmethod
    def _write(handler, response):
        handler.send_response(response.status)
        for name, value in response.headers.items():
            handler.send_header(name, value)
        if response.status != 204:
            handler.send_header('Content-Length', str(len(response.body)))
        handler.end_headers()
        if response.body and response.status != 204:
            handler.wfile.write(response.body)
        handler.wfile.flush()


def _echo_request(text, request):
    """A fault's body or header with ``{authorization}`` replaced by the request's Authorization header, as gateways
    that echo request headers do (JSON-escaped, so that a JSON body stays JSON)."""
    if '{authorization}' not in text:
        return text
    return text.replace('{authorization}', json.dumps(request.headers.get('Authorization') or '')[1:-1])
