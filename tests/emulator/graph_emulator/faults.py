"""Fault injection: rules matched on method + path regex, each applying to the next N matching requests."""
import re
import threading

ACTIONS = ('respond', 'commit_then_drop', 'drop', 'delay')
_DEFAULT_CODES = {400: 'BadRequest', 401: 'InvalidAuthenticationToken', 403: 'Forbidden', 404: 'ResourceNotFound',
                  409: 'Conflict', 429: 'TooManyRequests', 500: 'InternalServerError', 502: 'BadGateway',
                  503: 'ServiceUnavailable', 504: 'GatewayTimeout'}


class FaultRules:
    def __init__(self):
        self._lock = threading.Lock()
        self._rules = []
        self._next_id = 1

    def add(self, spec):
        """Validate and store a rule; returns its public form.

        spec: method ('*' or a verb), path (regex searched in the decoded path), count (default 1),
        action (respond | commit_then_drop | drop | delay), status/headers/body for respond, delay_ms for any action.
        """
        if not isinstance(spec, dict):
            raise ValueError('a fault rule is a JSON object')
        unknown = set(spec) - {'method', 'path', 'count', 'action', 'status', 'headers', 'body', 'delay_ms'}
        if unknown:
            raise ValueError('unknown fault rule keys: %s' % ', '.join(sorted(unknown)))
        action = spec.get('action', 'respond' if 'status' in spec else 'delay')
        if action not in ACTIONS:
            raise ValueError('action must be one of %s' % ', '.join(ACTIONS))
        if action == 'respond' and not isinstance(spec.get('status'), int):
            raise ValueError("action 'respond' needs an integer status")
        count = spec.get('count', 1)
        if not isinstance(count, int) or count < 1:
            raise ValueError('count must be a positive integer')
        delay_ms = spec.get('delay_ms', 0)
        if not isinstance(delay_ms, int) or delay_ms < 0:
            raise ValueError('delay_ms must be a non-negative integer')
        headers = spec.get('headers') or {}
        if not isinstance(headers, dict) or not all(isinstance(v, str) for v in headers.values()):
            raise ValueError('headers must map names to string values')
        try:
            pattern = re.compile(spec.get('path', ''))
        except re.error as exc:
            raise ValueError('path is not a valid regex: %s' % exc) from None
        with self._lock:
            rule = {'id': self._next_id, 'method': spec.get('method', '*').upper(), 'path': pattern.pattern,
                    'remaining': count, 'action': action, 'status': spec.get('status'), 'headers': headers,
                    'body': spec.get('body'), 'delay_ms': delay_ms, 'hits': 0, '_regex': pattern}
            self._next_id += 1
            self._rules.append(rule)
            return _public(rule)

    def take(self, method, path):
        """The first live rule matching this request (consuming one use), or None."""
        with self._lock:
            for rule in self._rules:
                if rule['remaining'] > 0 and rule['method'] in ('*', method) and rule['_regex'].search(path):
                    rule['remaining'] -= 1
                    rule['hits'] += 1
                    return _public(rule)
        return None

    def list(self):
        with self._lock:
            return [_public(rule) for rule in self._rules]

    def clear(self):
        with self._lock:
            self._rules = []


def _public(rule):
    return {key: value for key, value in rule.items() if not key.startswith('_')}


def default_code(status):
    return _DEFAULT_CODES.get(status, 'UnknownError')
