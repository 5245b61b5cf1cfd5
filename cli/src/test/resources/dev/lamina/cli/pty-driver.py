"""Runs a command with a new pseudo-terminal as its controlling terminal and stdio, as a shell in a terminal
emulator would, and reports what happened as JSON: the exit code, everything written to the terminal, and the
terminal's modes before, during (when the command prints READY) and after.

usage: pty-driver.py ROWS COLS ACTION COMMAND...
ACTION: none | resize (at READY: the window becomes 50x132, then a newline is typed)
        | interrupt (at READY: ^C is typed)
"""
import fcntl
import json
import os
import select
import struct
import subprocess
import sys
import termios
import time

rows, cols, action, command = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4:]
master, slave = os.openpty()
fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
before = termios.tcgetattr(slave)


def controlling_terminal():
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


process = subprocess.Popen(command, stdin=slave, stdout=slave, stderr=slave, start_new_session=True,
                           preexec_fn=controlling_terminal)
output = b""
during = None
acted = False
deadline = time.time() + 90
while True:
    ready, _, _ = select.select([master], [], [], 0.1)
    if ready:
        try:
            data = os.read(master, 65536)
        except OSError:
            data = b""
        output += data
    if not acted and b"READY" in output:
        acted = True
        during = termios.tcgetattr(slave)
        if action == "resize":
            fcntl.ioctl(master, termios.TIOCSWINSZ, struct.pack("HHHH", 50, 132, 0, 0))
            time.sleep(0.5)
            os.write(master, b"\r")
        elif action == "interrupt":
            time.sleep(0.2)
            os.write(master, b"\x03")
    if process.poll() is not None and not ready:
        break
    if time.time() > deadline:
        process.kill()
        process.wait()
        break
after = termios.tcgetattr(slave)
json.dump({
    "code": process.returncode,
    "output": output.decode("utf-8", "replace"),
    "restored": before == after,
    "echoBefore": bool(before[3] & termios.ECHO),
    "echoDuring": None if during is None else bool(during[3] & termios.ECHO),
    "echoAfter": bool(after[3] & termios.ECHO),
}, sys.stdout)
