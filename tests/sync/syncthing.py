"""Two real Syncthing instances on 127.0.0.1 sharing one folder, for the sync test.

Each gets its own home (keys, config), a GUI/REST port and a listen port, knows the other
by address, and has discovery, relays, NAT, usage reports and upgrades off: nothing
leaves the machine. Debian's `syncthing` package (1.19) provides the binary.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import time
import urllib.request
import xml.etree.ElementTree as ET
from pathlib import Path

FOLDER_ID = "reader-sync"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Instance:
    def __init__(self, home: Path, folder: Path) -> None:
        self.home, self.folder = home, folder
        self.gui_port, self.port = free_port(), free_port()
        self.apikey = "reader-test-" + home.name
        done = subprocess.run(["syncthing", "generate", f"--home={home}", "--no-default-folder",
                               "--skip-port-probing"], capture_output=True, text=True,
                              timeout=60, check=True)
        self.device = next(line.split(": ", 1)[1].strip() for line in
                           (done.stdout + done.stderr).splitlines() if "Device ID:" in line)
        self.process: subprocess.Popen | None = None

    def configure(self, peer: Instance) -> None:
        path = self.home / "config.xml"
        tree = ET.parse(path)
        root = tree.getroot()
        for device in root.findall("device"):
            root.remove(device)
        for who in (self, peer):
            device = ET.SubElement(root, "device", id=who.device, name=who.home.name,
                                   compression="metadata", introducer="false")
            ET.SubElement(device, "address").text = f"tcp://127.0.0.1:{who.port}"
        folder = ET.SubElement(root, "folder", id=FOLDER_ID, label=FOLDER_ID,
                               path=str(self.folder), type="sendreceive",
                               rescanIntervalS="1", fsWatcherEnabled="true",
                               fsWatcherDelayS="1")
        for who in (self, peer):
            ET.SubElement(folder, "device", id=who.device)
        gui = root.find("gui")
        gui.find("address").text = f"127.0.0.1:{self.gui_port}"
        gui.find("apikey").text = self.apikey
        options = root.find("options")
        for name, value in {"listenAddress": f"tcp://127.0.0.1:{self.port}",
                            "globalAnnounceEnabled": "false", "localAnnounceEnabled": "false",
                            "relaysEnabled": "false", "natEnabled": "false",
                            "startBrowser": "false", "urAccepted": "-1",
                            "autoUpgradeIntervalH": "0", "crashReportingEnabled": "false",
                            "reconnectionIntervalS": "1"}.items():
            element = options.find(name)
            if element is None:
                element = ET.SubElement(options, name)
            element.text = value
        tree.write(path)
        (self.folder / ".stfolder").mkdir(parents=True, exist_ok=True)

    def start(self) -> None:
        env = {**os.environ, "STNOUPGRADE": "1", "STNORESTART": "1", "STNODEFAULTFOLDER": "1"}
        log = open(self.home / "syncthing.log", "wb")  # the child keeps its own descriptor
        self.process = subprocess.Popen(
            ["syncthing", "serve", f"--home={self.home}", "--no-browser"],
            stdout=log, stderr=subprocess.STDOUT, env=env)
        log.close()

    def scan(self) -> None:
        """Ask for a scan now (the watcher would, a second or so later)."""
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.gui_port}/rest/db/scan?folder={FOLDER_ID}",
            method="POST", headers={"X-API-Key": self.apikey})
        with contextlib.suppress(OSError):
            urllib.request.urlopen(request, timeout=5).close()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


class Pair:
    def __init__(self, root: Path) -> None:
        self.a = Instance(root / "st-a", root / "folder-a")
        self.b = Instance(root / "st-b", root / "folder-b")
        self.a.configure(self.b)
        self.b.configure(self.a)

    def __enter__(self) -> Pair:
        self.a.start()
        self.b.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.a.stop()
        self.b.stop()


def wait_for(condition, what: str, poke=None, limit_s: float = 90.0) -> None:
    """Poll until `condition()` holds (a wait for delivery, not a timing assert)."""
    deadline = time.monotonic() + limit_s
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"Syncthing did not deliver {what} within {limit_s:.0f} s")
        if poke is not None:
            poke()
        time.sleep(0.5)
