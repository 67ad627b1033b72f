"""The slice of OData query handling Graph offers on intents/templates/configurationPolicies: $filter (eq, and, isof;
ne, has, or and property paths where an entity set allows them), $select, paging."""
import base64
import re
from urllib.parse import quote, urlencode

_TOKEN = re.compile(r"\s*(?:(?P<string>'(?:[^']|'')*')|(?P<lparen>\()|(?P<rparen>\))|(?P<comma>,)|(?P<name>[A-Za-z_][\w./]*))")


class FilterSyntaxError(ValueError):
    """The $filter text does not parse."""


class UnsupportedFilter(ValueError):
    """The $filter parses but uses something this entity set does not support."""


def _tokenize(text):
    tokens, position = [], 0
    text = text.rstrip()
    while position < len(text):
        match = _TOKEN.match(text, position)
        if not match:
            raise FilterSyntaxError("syntax error at position %d in '%s'" % (position, text))
        kind = match.lastgroup
        value = match.group(kind)
        if kind == 'string':
            value = value[1:-1].replace("''", "'")
        tokens.append((kind, value))
        position = match.end()
    return tokens


def parse_filter(text, properties, allow_isof, operators=('eq',), allow_or=False):
    """Parse `prop eq 'x' [and ...]` / `isof('ns.Type')` into a predicate over entity dicts.

    `properties` maps lower-cased filterable names (or paths such as `templatereference/templatefamily`) to the
    entity key, or to a tuple of keys for a path. `operators`: the comparisons allowed among eq, ne and has (`has`
    tests membership in a flags enum value such as "mdm,microsoftSense"). Comparison is case-insensitive, as
    Intune's store compares strings. The predicate's `equalities` maps entity keys to the lower-cased value that
    an `eq` in the top-level conjunction requires (none when `or` is used).
    """
    tokens = _tokenize(text)
    position = [0]

    def peek():
        return tokens[position[0]] if position[0] < len(tokens) else (None, None)

    def take(kind=None, value=None):
        token = peek()
        if token[0] is None or (kind and token[0] != kind) or (value and token[1].lower() != value):
            raise FilterSyntaxError("expected %s at token %d in '%s'" % (value or kind, position[0], text))
        position[0] += 1
        return token[1]

    def term():
        kind, value = peek()
        if kind == 'lparen':
            take('lparen')
            predicate = expression()
            take('rparen')
            return predicate
        name = take('name')
        if name.lower() == 'isof' and peek()[0] == 'lparen':
            take('lparen')
            type_name = take('string')
            take('rparen')
            if not allow_isof:
                raise UnsupportedFilter('isof is not supported on this entity set')
            expected = '#' + type_name
            return lambda entity: entity.get('@odata.type') == expected
        if peek()[0] == 'lparen':
            raise UnsupportedFilter("function '%s' is not supported" % name)
        operator = take('name').lower()
        if operator not in operators:
            raise UnsupportedFilter("operator '%s' is not supported" % operator)
        literal = take('string')
        key = properties.get(name.lower())
        if key is None:
            raise UnsupportedFilter("filtering on property '%s' is not supported" % name)
        return _comparison(key, operator, literal.lower())

    def expression():
        alternatives = [conjunction()]
        while peek()[0] == 'name' and peek()[1].lower() == 'or':
            if not allow_or:
                raise UnsupportedFilter("operator 'or' is not supported")
            take('name')
            alternatives.append(conjunction())
        if len(alternatives) == 1:
            return alternatives[0]

        def disjunction(entity):
            return any(p(entity) for p in alternatives)
        disjunction.equalities = {}
        return disjunction

    def conjunction():
        predicates = [term()]
        while peek()[0] == 'name' and peek()[1].lower() == 'and':
            take('name')
            predicates.append(term())

        def conjunction(entity):
            return all(p(entity) for p in predicates)
        # What every matching entity must equal (lower-cased), so that a store can answer from an index.
        conjunction.equalities = {}
        for predicate in predicates:
            conjunction.equalities.update(getattr(predicate, 'equalities', {}))
        return conjunction

    predicate = expression()
    if position[0] != len(tokens):
        raise FilterSyntaxError("unexpected '%s' in '%s'" % (tokens[position[0]][1], text))
    return predicate


def _comparison(key, operator, lowered):
    path = key if isinstance(key, tuple) else (key,)

    def value_of(entity):
        for step in path:
            entity = entity.get(step) if isinstance(entity, dict) else None
        return entity.lower() if isinstance(entity, str) else None

    if operator == 'has':
        def predicate(entity):
            return lowered in [flag.strip() for flag in (value_of(entity) or '').split(',')]
    elif operator == 'ne':
        def predicate(entity):
            return value_of(entity) != lowered
    else:
        def predicate(entity):
            return value_of(entity) == lowered
    predicate.equalities = {key: lowered} if operator == 'eq' and not isinstance(key, tuple) else {}
    return predicate


def encode_skiptoken(offset):
    return base64.urlsafe_b64encode(('offset:%d' % offset).encode()).decode().rstrip('=')


def decode_skiptoken(token):
    try:
        text = base64.urlsafe_b64decode(token + '=' * (-len(token) % 4)).decode()
        prefix, number = text.split(':')
        if prefix != 'offset' or int(number) < 0:
            raise ValueError
        return int(number)
    except (ValueError, UnicodeDecodeError) as exc:
        raise ValueError('invalid $skiptoken') from exc


def next_link(base_url, path, query, offset):
    """Absolute nextLink repeating the caller's query with a new $skiptoken."""
    kept = [(name, value) for name, value in query if name != '$skiptoken']
    kept.append(('$skiptoken', encode_skiptoken(offset)))
    return '%s%s?%s' % (base_url, quote(path), urlencode(kept, quote_via=quote, safe="$'(),"))


def project(entity, selected):
    """$select: keep the named properties plus id and @odata.type."""
    return {key: value for key, value in entity.items() if key in selected or key in ('id', '@odata.type')}
