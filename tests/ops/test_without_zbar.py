"""Without libzbar0 the station starts and decodes with zxing-cpp, and says so once."""

import subprocess
import sys

from tests.support import ROOT

# pyzbar raises ImportError when libzbar0 is missing; a None in sys.modules does the same.
SCRIPT = """
import logging, sys
sys.modules["pyzbar"] = None
sys.modules["pyzbar.pyzbar"] = None
logging.basicConfig(level=logging.WARNING, format="%(name)s: %(message)s")
import station.app
from scanner.chain import default_chain
from scanner.synth import render_code128
gray = render_code128("SF1234567890123")
chain = default_chain()
from scanner.decoders import PyzbarDecoder
zbar = PyzbarDecoder()
print([s.text for s in chain.decode_gray(gray)], zbar(gray), zbar(gray))
"""


def test_the_station_starts_and_decodes_without_zbar_and_says_so_once():
    done = subprocess.run([sys.executable, "-c", SCRIPT], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["['SF1234567890123'] [] []"]
    assert done.stderr.count("zbar is not available") == 1
