"""`python -m graph_emulator serve --state-dir DIR [--port N] [--lifetime SECONDS]`."""
import argparse
import signal
import sys

from .server import Emulator


def main(argv=None):
    parser = argparse.ArgumentParser(prog='graph_emulator', description='Graph beta + identity platform emulator')
    commands = parser.add_subparsers(dest='command', required=True)
    serve = commands.add_parser('serve', help='run the HTTPS emulator on 127.0.0.1')
    serve.add_argument('--state-dir', required=True, help='where ca.pem, emulator.json and certificates go')
    serve.add_argument('--port', type=int, default=0, help='TCP port (0 = any free port)')
    serve.add_argument('--lifetime', type=float, default=900, help='stop after this many seconds (default 900)')
    args = parser.parse_args(argv)
    emulator = Emulator(args.state_dir, port=args.port, lifetime=args.lifetime).start()
    signal.signal(signal.SIGTERM, lambda *_: emulator.stop())
    print(emulator.url, flush=True)
    try:
        emulator.stopped.wait()
    except KeyboardInterrupt:
        emulator.stop()
    return 0


if __name__ == '__main__':
    sys.exit(main())
