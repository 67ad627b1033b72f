# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The session "all": every other session, each as a `nox -s NAME` child process, in lanes that keep two cores
busy, then one summary table.

A lane runs its sessions one after the other; the lanes run at once. The first lane (the default series, then the
integration sessions of the other series) streams its output as it comes; the other lanes' output is kept in a log
and printed as one block when each session ends. A session listed in WAIT_FOR starts only when the named lane is
done: the integration sessions use every core (pytest-xdist), so they run one at a time, after the sanity and units
sessions of their series.

nox's own --parallel runs sessions in child processes too, but it knows no lanes (only a job count and requires=,
which would also make `nox -s integration-2.21` run units-2.21 first, and skip it when units fail) and it reports
no test counts; hence this small scheduler.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time

from _nox.session import ENV_RESULTS, ENV_SNAPSHOT, ENV_WORK, copy_working_tree, keep_staged


class Scheduler:

    def __init__(self, session, noxfile, lanes, wait_for, order):
        self.session = session
        self.order = order
        self.noxfile = noxfile
        self.lanes = lanes
        self.wait_for = wait_for
        self.print_lock = threading.Lock()
        self.lane_done = {lane: threading.Event() for lane in lanes}
        self.rows = {}
        self.children = set()
        self.work_root = None

    def child_env(self):
        env = dict(os.environ)
        env.update({ENV_WORK: os.path.join(self.work_root, 'sessions'),
                    ENV_SNAPSHOT: os.path.join(self.work_root, 'snapshot'),
                    ENV_RESULTS: os.path.join(self.work_root, 'results')})
        return env

    def say(self, text):
        with self.print_lock:
            sys.stdout.write(text)
            sys.stdout.flush()

    def run_child(self, name, stream):
        """Runs `nox -s NAME`; streams its output if STREAM, else prints it when it ends. Records its row."""
        log_path = os.path.join(self.work_root, 'logs', name + '.log')
        started = time.time()
        self.say('[%s] %s: started%s\n' % (time.strftime('%H:%M:%S'), name, '' if stream else
                                           ' in the background (its output follows when it is done)'))
        with open(log_path, 'wb') as log:
            process = subprocess.Popen([sys.executable, '-m', 'nox', '--noxfile', self.noxfile, '-s', name],
                                       env=self.child_env(), stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                       stderr=subprocess.STDOUT)
            self.children.add(process)
            try:
                for line in process.stdout:
                    log.write(line)
                    if stream:
                        with self.print_lock:
                            sys.stdout.buffer.write(line)
                            sys.stdout.flush()
            finally:
                process.stdout.close()
                rc = process.wait()
                self.children.discard(process)
        seconds = time.time() - started
        row = {'session': name, 'passed': 0, 'failed': 0, 'skipped': 0, 'detail': ''}
        try:
            with open(os.path.join(self.work_root, 'results', name + '.json')) as result:
                row.update(json.load(result))
        except (OSError, ValueError):
            row.update(failed=1, detail='the session ended without an outcome (nox exit code %d)' % rc)
        if rc != 0 and not row['failed']:
            row.update(failed=1, detail='nox exit code %d; %s' % (rc, row['detail']))
        row.update(seconds=seconds, status='ok' if rc == 0 and not row['failed'] else 'FAIL')
        self.rows[name] = row
        if not stream:
            with self.print_lock:
                sys.stdout.write('\n===== output of the background session "%s" =====\n' % name)
                sys.stdout.flush()
                with open(log_path, 'rb') as log:
                    shutil.copyfileobj(log, sys.stdout.buffer)
                sys.stdout.write('===== end of the background session "%s" (%s, %.0f s) =====\n\n'
                                 % (name, row['status'], seconds))
                sys.stdout.flush()
        else:
            self.say('[%s] %s: %s in %.0f s\n' % (time.strftime('%H:%M:%S'), name, row['status'], seconds))

    def run_lane(self, lane, names, stream):
        try:
            for name in names:
                if name in self.wait_for:
                    self.lane_done[self.wait_for[name]].wait()
                self.run_child(name, stream)
        finally:
            self.lane_done[lane].set()

    def run(self, selected):
        self.work_root = tempfile.mkdtemp(prefix='msgraph-intune-tests.')
        for directory in ('sessions', 'results', 'logs'):
            os.makedirs(os.path.join(self.work_root, directory))
        # One snapshot of the working tree at the start; every session stages a copy of it, so that all of them test
        # the same code even if files change during the run.
        copy_working_tree(os.path.join(self.work_root, 'snapshot'))
        started = time.time()
        threads = []
        try:
            for index, (lane, names) in enumerate(self.lanes.items()):
                thread = threading.Thread(target=self.run_lane, name=lane, daemon=True,
                                          args=(lane, [name for name in names if name in selected], index == 0))
                thread.start()
                threads.append(thread)
            for thread in threads:
                while thread.is_alive():
                    thread.join(1)
        except KeyboardInterrupt:
            for process in list(self.children):
                process.terminate()
            raise
        finally:
            if keep_staged():
                self.session.log('the staged copies and logs are kept in %s' % self.work_root)
            else:
                shutil.rmtree(self.work_root, ignore_errors=True)
        return self.summary(time.time() - started)

    def summary(self, seconds):
        rows = sorted(self.rows.values(), key=lambda row: self.order.index(row['session']))
        totals = [sum(row[key] for row in rows) for key in ('passed', 'failed', 'skipped')]
        print('\n== msgraph.intune test summary ==')
        print('%-24s %7s  %-6s %6s %6s %7s  %s' % ('session', 'time', 'status', 'passed', 'failed', 'skipped', 'detail'))
        for row in rows:
            print('%-24s %6.0fs  %-6s %6d %6d %7d  %s' % (
                row['session'], row['seconds'], row['status'], row['passed'], row['failed'], row['skipped'], row['detail']))
        print('total wall time: %.0f s (%d min %02d s); counts are pytest cases, plus one per ansible-test sanity run '
              'and per lint or docs gate' % (seconds, seconds // 60, seconds % 60))
        print('%d passed, %d failed, %d skipped' % tuple(totals), flush=True)
        return totals[1] == 0 and all(row['status'] == 'ok' for row in rows)
