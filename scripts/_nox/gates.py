# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The quality gates that make msgraph.intune fit for Ansible users, Galaxy and AWX: the sessions lint and docs.

lint:
  changelog        antsibull-changelog lint; CHANGELOG.rst is what `antsibull-changelog generate` writes, and the
                   fragments render into it with `antsibull-changelog release` (in a scratch copy)
  ansible-doc      ansible-doc renders every module, EXAMPLES included
  ansible-lint     ansible-lint --profile production on the collection (examples/ included)
  galaxy-importer  ansible-galaxy collection build, then galaxy-importer on the tarball: no ERROR
  ee               ansible-builder create on extensions/ee (the build context, no image) and ansible-builder
                   introspect of the installed tarball: msal and requests reach the execution environment
  awx              pytest tests/integration/test_awx.py: the example playbook through ansible-runner with the
                   environment of the collection's AWX credential type, and of the stock Azure RM credential
docs:
  docs             antsibull-docs lint-collection-docs --plugin-docs (module docs, the guides in docs/docsite,
                   extra-docs.yml, links.yml)
  docs-html        the HTML site of docs/preview (antsibull-docs sphinx-init): module reference and guides

Each gate counts as one test (passed or failed). Arguments after -- choose gates: `nox -s lint -- ansible-lint ee`.
The tools come from the cached virtualenvs lint (ansible-core of the default series, requirements.txt,
tests/requirements-test.txt, tests/requirements-lint.txt, docs/preview/requirements.txt) and galaxy-importer
(tests/requirements-galaxy-importer.txt: its pins conflict with the others).
"""

import difflib
import json
import os
import re
import shutil
import subprocess
import time

import venvs
from _nox.session import COLLECTION, run, tool_env

LINT_GATES = ('changelog', 'ansible-doc', 'ansible-lint', 'galaxy-importer', 'ee', 'awx')
DOCS_GATES = ('docs', 'docs-html')


class Gates:
    """One staged copy of the collection and the tools to check it."""

    def __init__(self, session, outcome, work_root, tools_venv):
        self.session = session
        self.outcome = outcome
        self.work_root = work_root
        self.collection = os.path.join(work_root, COLLECTION)
        self.tools = tools_venv
        self.importer = None
        self.env = tool_env(tools_venv, work_root, ANSIBLE_PYTHON_INTERPRETER=os.path.join(tools_venv, 'bin', 'python'),
                            ANSIBLE_NOCOLOR='1', ANSIBLE_LOCALHOST_WARNING='False')
        self.rows = []
        self.timings = []

    # Plumbing

    def run(self, args, cwd=None, env=None, output=None):
        full_env = dict(self.env)
        full_env.update(env or {})
        return run(self.session, args, cwd=cwd or self.collection, env=full_env, output=output)

    def capture(self, args, cwd=None):
        """(exit code, output) of ARGS run with the tools."""
        full_env = dict(os.environ)
        full_env.update(self.env)
        process = subprocess.run(args, cwd=cwd or self.collection, env=full_env, stdout=subprocess.PIPE,
                                 stderr=subprocess.STDOUT, universal_newlines=True, check=False)
        return process.returncode, process.stdout

    def note(self, message):
        self.session.log(message)

    def load_yaml(self, path):
        """The YAML file PATH, read by the Python of the tools (nox's virtualenv has no PyYAML)."""
        return json.loads(subprocess.check_output(
            [os.path.join(self.tools, 'bin', 'python'), '-c',
             'import json, sys, yaml; print(json.dumps(yaml.safe_load(open(sys.argv[1]))))', path]))

    def version(self):
        return self.load_yaml(os.path.join(self.collection, 'galaxy.yml'))['version']

    def tarball(self):
        """The collection built once with ansible-galaxy collection build; None if the build fails."""
        tarball = os.path.join(self.work_root, 'dist', 'msgraph-intune-%s.tar.gz' % self.version())
        if not os.path.exists(tarball) and self.run(['ansible-galaxy', 'collection', 'build', '--force', '--output-path',
                                                     os.path.dirname(tarball), '.']) != 0:
            return None
        return tarball

    def gate(self, name):
        self.session.log('=== %s ===' % name)
        started = time.time()
        try:
            ok = getattr(self, 'check_' + name.replace('-', '_'))()
        except (OSError, subprocess.SubprocessError, ValueError, KeyError) as error:
            self.session.warn('%s: %s' % (name, error))
            ok = False
        seconds = time.time() - started
        self.rows.append('%-16s %5.0fs  %s' % (name, seconds, 'ok' if ok else 'FAIL'))
        self.timings.append('%s %s%.0fs' % (name, '' if ok else 'FAIL ', seconds))
        if ok:
            self.outcome.add(passed=1)
        else:
            self.outcome.add(failed=1)
            self.session.warn('gate %s failed' % name)

    def report(self, title):
        print('\n== msgraph.intune %s gates (gate, wall time, status) ==' % title)
        print('\n'.join(self.rows), flush=True)
        self.outcome.add(detail=', '.join(self.timings))

    # The gates

    def check_changelog(self):
        if self.run(['antsibull-changelog', 'lint']) != 0:
            return False
        # Once released, CHANGELOG.rst must be what antsibull-changelog generates from changelogs/changelog.yaml.
        changelog = os.path.join(self.collection, 'CHANGELOG.rst')
        if os.path.exists(changelog):
            with open(changelog) as committed:
                before = committed.readlines()
            if self.run(['antsibull-changelog', 'generate']) != 0:
                return False
            with open(changelog) as generated:
                diff = list(difflib.unified_diff(before, generated.readlines(), 'CHANGELOG.rst (committed)',
                                                 'CHANGELOG.rst (generated)'))
            if diff:
                print(''.join(diff))
                self.session.warn('CHANGELOG.rst differs from what antsibull-changelog generate writes; run it and '
                                  'commit the result')
                return False
        # The unreleased fragments render into CHANGELOG.rst for the galaxy.yml version (in a scratch copy).
        scratch = os.path.join(self.work_root, 'changelog-release')
        shutil.copytree(self.collection, scratch, symlinks=True)
        version = self.version()
        if self.run(['antsibull-changelog', 'release', '--version', version], cwd=scratch) != 0:
            return False
        with open(os.path.join(scratch, 'CHANGELOG.rst')) as released:
            text = released.read()
        if not re.search(r'^v%s$' % re.escape(version), text, re.MULTILINE):
            self.session.warn('CHANGELOG.rst has no v%s section' % version)
            return False
        self.note('antsibull-changelog release --version %s renders the fragments; CHANGELOG.rst then reads:' % version)
        print(text, flush=True)
        return True

    def check_ansible_doc(self):
        ok = True
        modules = sorted(name[:-3] for name in os.listdir(os.path.join(self.collection, 'plugins', 'modules'))
                         if name.endswith('.py') and name != '__init__.py')
        for module in modules:
            rc, rendered = self.capture(['ansible-doc', 'msgraph.intune.' + module])
            if rc != 0:
                print(rendered)
                self.session.warn('ansible-doc msgraph.intune.%s failed' % module)
                ok = False
            elif not re.search(r'^EXAMPLES:', rendered, re.MULTILINE):
                self.session.warn('ansible-doc msgraph.intune.%s shows no EXAMPLES' % module)
                ok = False
            else:
                self.note('ansible-doc msgraph.intune.%s: ok' % module)
        return ok and bool(modules)

    def check_ansible_lint(self):
        # One run over the whole collection: it lints the playbooks under examples/ as playbooks too.
        return self.run(['ansible-lint', '--offline', '--profile', 'production']) == 0

    def check_galaxy_importer(self):
        tarball = self.tarball()
        if tarball is None:
            return False
        log_path = os.path.join(self.work_root, 'galaxy-importer.log')
        # galaxy-importer exits 0 even when a check fails, so its log is the verdict.
        with open(log_path, 'wb') as output:
            self.run([os.path.join(self.importer, 'bin', 'python'), '-m', 'galaxy_importer.main', tarball],
                     cwd=os.path.dirname(tarball), output=output,
                     env={'GALAXY_IMPORTER_CONFIG': os.path.join(self.collection, 'tests', 'galaxy-importer.cfg'),
                          'PATH': os.path.join(self.importer, 'bin') + os.pathsep + os.environ.get('PATH', '')})
        with open(log_path, errors='replace') as output:
            lines = output.read().splitlines()
        for line in lines:
            if line.startswith(('ERROR', 'WARNING')):
                print(line)
        if any(line.startswith('ERROR') for line in lines) or \
                not any('Importer processing completed successfully' in line for line in lines):
            print('\n'.join(lines[-30:]), flush=True)
            return False
        return True

    def check_ee(self):
        tarball = self.tarball()
        if tarball is None:
            return False
        context = os.path.join(self.work_root, 'ee-context')
        if self.run(['ansible-builder', 'create', '--file', 'execution-environment.yml', '--context', context,
                     '--output-filename', 'Containerfile'], cwd=os.path.join(self.collection, 'extensions', 'ee')) != 0:
            return False
        if not (os.path.isfile(os.path.join(context, 'Containerfile'))
                and os.path.isfile(os.path.join(context, '_build', 'requirements.yml'))):
            self.session.warn('ansible-builder create wrote no Containerfile or requirements.yml')
            return False
        # What the image build does with the collection: install it, then collect its Python and system requirements.
        installed = os.path.join(self.work_root, 'ee-installed')
        if self.run(['ansible-galaxy', 'collection', 'install', '--force', '-p', installed, tarball]) != 0:
            return False
        rc, introspected = self.capture(['ansible-builder', 'introspect', '--sanitize', installed])
        print(introspected, flush=True)
        if rc != 0:
            return False
        for package in ('msal', 'requests'):
            if not re.search(r"^- '%s[>=<~ ].*# from collection msgraph.intune'" % package, introspected, re.MULTILINE):
                self.session.warn('ansible-builder introspect does not find %s in the installed collection' % package)
                return False
        return True

    def check_awx(self):
        return self.run(['python', '-m', 'pytest', '-p', 'no:cacheprovider', '-q',
                         os.path.join(COLLECTION, 'tests', 'integration', 'test_awx.py')],
                        cwd=self.work_root, env={'MSGRAPH_INTUNE_REQUIRE_ANSIBLE_RUNNER': '1'}) == 0

    def check_docs(self):
        return self.run(['antsibull-docs', 'lint-collection-docs', '--plugin-docs', '.']) == 0

    def check_docs_html(self):
        """What docs/preview/build.sh does, made to work without internet access: intersphinx gets no inventories,
        so the only warnings allowed are the labels of the Ansible docs that it would resolve (-W is dropped)."""
        preview = os.path.join(self.collection, 'docs', 'preview')
        with open(os.path.join(preview, 'conf.py'), 'a') as conf:
            conf.write('\nintersphinx_mapping = {}\n')
        rst = os.path.join(preview, 'rst')
        os.makedirs(rst, exist_ok=True)
        os.chmod(rst, 0o755)  # antsibull-docs wants that directory writable by its owner only
        with open(os.devnull, 'wb') as devnull:
            if self.run(['antsibull-docs', '--config-file', 'antsibull-docs.cfg', 'collection', '--cleanup', 'everything',
                         '--use-current', '--dest-dir', 'rst', 'msgraph.intune'], cwd=preview, output=devnull) != 0:
                return False
        if self.run(['sphinx-build', '-M', 'html', 'rst', 'build', '-c', '.', '-q', '-w', 'warnings.txt'], cwd=preview) != 0:
            return False
        ok = True
        allowed = re.compile(r"WARNING: undefined label: '(ansible_configuration_settings|common_return_values|action_plugins)'")
        with open(os.path.join(preview, 'warnings.txt')) as warnings:
            unexpected = [line for line in warnings.read().splitlines() if line.strip() and not allowed.search(line)]
        if unexpected:
            print('\n'.join(unexpected))
            self.session.warn('sphinx-build warned (above)')
            ok = False
        site = os.path.join(preview, 'build', 'html', 'collections', 'msgraph', 'intune')
        for section in self.load_yaml(os.path.join(self.collection, 'docs', 'docsite', 'extra-docs.yml'))['sections']:
            for page in section['toctree']:
                if not os.path.isfile(os.path.join(site, 'docsite', page + '.html')):
                    self.session.warn('the site has no page for the guide %s' % page)
                    ok = False
        self.note('site: %s (kept with %s=1)' % (os.path.join(site, 'index.html'), 'MSGRAPH_INTUNE_TEST_KEEP'))
        return ok


def check(session, outcome, all_gates, title):
    """Runs the gates ALL_GATES, or those named after --, on a staged copy of the working tree."""
    unknown = [name for name in session.posargs if name not in all_gates]
    if unknown:
        session.error('unknown gate(s) %s (choose from: %s)' % (', '.join(unknown), ', '.join(all_gates)))
    selected = [name for name in all_gates if name in session.posargs] or list(all_gates)
    gates = Gates(session, outcome, outcome.stage(), venvs.ensure_venv('lint'))
    if 'galaxy-importer' in selected:
        gates.importer = venvs.ensure_venv('galaxy-importer')
    for name in selected:
        gates.gate(name)
    gates.report(title)
