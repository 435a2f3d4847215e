"""Install the npm packages the browser tests inject into pages (axe-core), exactly as
package-lock.json pins them, into ./node_modules.

With npm: `npm ci`. Without it (a machine with only Python and git): each package's
tarball is fetched from the address the lock file records and checked against the
lock file's sha512 `integrity` before anything is unpacked. Nothing happens when the
installed versions already match the lock file, so offline runs keep working.

    python tests/e2e/js_packages.py
"""

import base64
import hashlib
import io
import json
import shutil
import subprocess
import sys
import tarfile
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LOCK = ROOT / "package-lock.json"


def locked_packages() -> dict[str, dict]:
    """{"node_modules/axe-core": {"version", "resolved", "integrity", ...}} from the lock."""
    packages = json.loads(LOCK.read_text())["packages"]
    return {path: entry for path, entry in packages.items() if path.startswith("node_modules/")}


def installed_version(path: str) -> str | None:
    manifest = ROOT / path / "package.json"
    if not manifest.is_file():
        return None
    return json.loads(manifest.read_text()).get("version")


def missing() -> dict[str, dict]:
    return {
        path: entry
        for path, entry in locked_packages().items()
        if installed_version(path) != entry["version"]
    }


def verified_tarball(entry: dict) -> bytes:
    """The package's tarball, only if its sha512 matches the lock file's `integrity`."""
    algorithm, _, expected = entry["integrity"].partition("-")
    if algorithm != "sha512":
        raise SystemExit(f"unsupported integrity {algorithm!r} in package-lock.json")
    url = entry["resolved"]
    if not url.startswith("https://registry.npmjs.org/"):
        raise SystemExit(f"refusing to download {url}: not the npm registry over https")
    with urllib.request.urlopen(url, timeout=60) as response:  # noqa: S310 (https only)
        data = response.read()
    actual = base64.b64encode(hashlib.sha512(data).digest()).decode()
    if actual != expected:
        raise SystemExit(f"{url}: sha512 does not match package-lock.json; nothing installed")
    return data


def unpack(path: str, data: bytes) -> None:
    """npm tarballs hold one folder, `package/`: it becomes node_modules/<name>."""
    target = ROOT / path
    staging = target.with_name(target.name + ".partial")
    shutil.rmtree(staging, ignore_errors=True)
    target.parent.mkdir(parents=True, exist_ok=True)
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as archive:
        archive.extractall(staging, filter="data")  # no links out, no absolute paths
    shutil.rmtree(target, ignore_errors=True)
    (staging / "package").rename(target)
    shutil.rmtree(staging)


def main() -> int:
    todo = missing()
    if not todo:
        return 0
    if shutil.which("npm"):
        command = ["npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"]
        return subprocess.run(command, cwd=ROOT).returncode
    for path, entry in todo.items():
        print(f"Fetching {path.removeprefix('node_modules/')} {entry['version']} (no npm found)")
        unpack(path, verified_tarball(entry))
    return 0


if __name__ == "__main__":
    sys.exit(main())
