"""A third party's plugin, as a separate distribution built and installed in the test.

Two distributions are written to a temporary folder -- ``mohpromt-demo-dive`` (a plugin with
a certificate type folder, routes and an event handler) and ``mohpromt-broken-plugin``
(raises at import) -- each with its own pyproject.toml declaring an entry point in group
``mohpromt_ca.plugins``. They are installed with pip (offline, ``--no-deps
--no-build-isolation``; a 40-line in-tree PEP 517 backend builds the wheels, so no
setuptools/wheel is needed) into a fresh virtual environment that sees this one's packages.
Everything then runs in that environment, in subprocesses.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from .conftest import DEMO_TYPE

pytestmark = pytest.mark.slow

BACKEND = '''
"""A minimal PEP 517 backend: a pure-Python wheel of the packages named in [tool.tiny-backend]."""
import base64, hashlib, os, re, tomllib, zipfile

def _project():
    with open("pyproject.toml", "rb") as f:
        data = tomllib.load(f)
    return data["project"], data["tool"]["tiny-backend"]["packages"]

def get_requires_for_build_wheel(config_settings=None):
    return []

def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    project, packages = _project()
    name, version = re.sub(r"[-_.]+", "_", project["name"]), project["version"]
    info = f"{name}-{version}.dist-info"
    files = {}
    for package in packages:
        for folder, dirs, names in os.walk(package):
            dirs[:] = [d for d in dirs if d != "__pycache__"]
            for n in names:
                path = os.path.join(folder, n)
                files[path.replace(os.sep, "/")] = open(path, "rb").read()
    files[f"{info}/METADATA"] = f"Metadata-Version: 2.1\\nName: {project['name']}\\nVersion: {version}\\n".encode()
    files[f"{info}/WHEEL"] = (b"Wheel-Version: 1.0\\nGenerator: tiny-backend\\nRoot-Is-Purelib: true\\n"
                              b"Tag: py3-none-any\\n")
    groups = project.get("entry-points", {})
    files[f"{info}/entry_points.txt"] = "".join(
        f"[{group}]\\n" + "".join(f"{k} = {v}\\n" for k, v in eps.items()) + "\\n" for group, eps in groups.items()
    ).encode()
    record = []
    for path, data in files.items():
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        record.append(f"{path},sha256={digest},{len(data)}")
    record.append(f"{info}/RECORD,,")
    files[f"{info}/RECORD"] = ("\\n".join(record) + "\\n").encode()
    wheel = f"{name}-{version}-py3-none-any.whl"
    with zipfile.ZipFile(os.path.join(wheel_directory, wheel), "w") as zf:
        for path, data in files.items():
            zf.writestr(path, data)
    return wheel
'''

PYPROJECT = '''
[build-system]
requires = []
build-backend = "tiny_backend"
backend-path = ["."]

[project]
name = "{dist}"
version = "{version}"

[project.entry-points."mohpromt_ca.plugins"]
{ep} = "{module}:{attr}"

[tool.tiny-backend]
packages = ["{module}"]
'''

DIVE_PLUGIN = '''
"""A third party's plugin: a certificate type, routes under /plugins/dive, an event handler."""
from pathlib import Path

from mohpromt_ca.plugins import PluginBase

EVENTS = []


class DivePlugin(PluginBase):
    name = "dive"
    version = "1.2.0"

    def certificate_types(self):
        return [Path(__file__).parent / "types" / "dive_fitness"]

    def routes(self):
        from fastapi import APIRouter

        router = APIRouter()

        @router.get("/ping")
        def ping():
            return {"plugin": self.name, "events": len(EVENTS)}

        return router

    def on_event(self, event):
        EVENTS.append(event)
'''

ISSUE_SCRIPT = '''
import io, json, sys
from pathlib import Path

from mohpromt_ca.authority.context import Authority
from mohpromt_ca.authority.hierarchy import initialise
from mohpromt_ca.registration.desk import decide_facility, enrol_signer, register_facility
from mohpromt_ca.config import Settings
from mohpromt_ca.plugins import DocumentIssued, default_bus
from mohpromt_ca.application.in_process_client import InProcessClient
from mohpromt_ca.service.plugin_host import mount_plugins, new_registry
from mohpromt_ca.templates import CertificateTypes
import datetime as dt

types = CertificateTypes()  # this script is the host: its certificate types, with the plugins'
registry = new_registry(types=types)  # and its plugin registry, found through the entry points
settings = Settings(data_dir=Path(sys.argv[1]), key_passphrase="test-passphrase-not-secret",
                    base_url="http://127.0.0.1:8000")
authority = Authority.open(settings, actor="test-officer")
initialise(authority, organisation="Ministry of Public Health", country="TH")
facility = register_facility(authority, type="medical-clinic", licence="LIC-DIVE-1", name_th="คลินิกดำน้ำ",
                             name_en="Dive Clinic", contact="dive@example.org", address="1 หาดป่าตอง ภูเก็ต")
facility = decide_facility(authority, facility.id, "approve")
signer = enrol_signer(authority, facility_id=facility.id, profession="physician", licence="ว.12345",
                      name_th="นายแพทย์ สมชาย ใจดี", name_en="Somchai Jaidee").signer

seen = []
default_bus().subscribe(DocumentIssued, seen.append)
def broken(event):
    raise RuntimeError("subscriber boom")
default_bus().subscribe(DocumentIssued, broken)

data = types.get("dive-fitness").request_sample(dt.datetime.now(dt.UTC))  # facility, signer: the register's
client = InProcessClient(authority, actor="plugin:dive", types=types)
info = client.issue_pdf("dive-fitness", data, signer_id=signer.id)

from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives.serialization import Encoding
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.dss import DocumentSecurityStore

root = asn1_x509.Certificate.load(authority.certificate_of("root").public_bytes(Encoding.DER))
reader = PdfFileReader(io.BytesIO(info.pdf))
dss = DocumentSecurityStore.read_dss(reader)
status = validate_pdf_signature(reader.embedded_signatures[0],
                                dss.as_validation_context({"trust_roots": [root], "allow_fetching": False}))

from fastapi import FastAPI
from fastapi.testclient import TestClient

app = FastAPI()
report = mount_plugins(app, registry)
ping = TestClient(app).get("/plugins/dive/ping").json()

plugin = registry.get("dive").plugin
print(json.dumps({
    "number": info.number, "type": info.type,
    "intact": status.intact, "valid": status.valid, "trusted": status.trusted,
    "field": reader.embedded_signatures[0].field_name,
    "status": client.document_status(info.number).status,
    "seen": [e.number for e in seen],
    "plugin_events": [[e.name, e.number] for e in sys.modules[type(plugin).__module__].EVENTS],
    "mounted": report.mounted, "ping": ping,
}))
'''


def _write_dist(root: Path, *, dist: str, module: str, attr: str, ep: str, source: str,
                with_type: bool = False) -> Path:
    folder = root / dist
    (folder / module).mkdir(parents=True)
    (folder / "pyproject.toml").write_text(PYPROJECT.format(dist=dist, version="1.2.0", ep=ep, module=module,
                                                            attr=attr))
    (folder / "tiny_backend.py").write_text(BACKEND)
    (folder / module / "__init__.py").write_text(textwrap.dedent(source))
    if with_type:
        shutil.copytree(DEMO_TYPE, folder / module / "types" / "dive_fitness",
                        ignore=shutil.ignore_patterns("__pycache__"))
    return folder


@pytest.fixture(scope="module")
def plugin_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    import site

    root = tmp_path_factory.mktemp("plugin-dist")
    good = _write_dist(root, dist="mohpromt-demo-dive", module="demo_dive_plugin", attr="DivePlugin", ep="dive",
                       source=DIVE_PLUGIN, with_type=True)
    bad = _write_dist(root, dist="mohpromt-broken-plugin", module="broken_plugin", attr="Plugin", ep="broken",
                      source="raise RuntimeError('boom at import')\n")
    env = root / "env"
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", "--without-pip", str(env)], check=True)
    python = env / "bin" / "python"
    purelib = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                             check=True, capture_output=True, text=True).stdout.strip()
    # the new environment sees this one's packages (mohpromt-ca editable, pyHanko, Typst...)
    lines = "".join(f"import site; site.addsitedir({p!r})\n" for p in site.getsitepackages())
    (Path(purelib) / "_mohpromt_parent_env.pth").write_text(lines)
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet", "--no-deps",
                    "--no-build-isolation", "--no-index", "--disable-pip-version-check", str(good), str(bad)],
                   check=True, capture_output=True, text=True)
    return {"python": python, "root": root}


def _run(env: dict[str, Path], *args: str) -> subprocess.CompletedProcess[str]:
    result = subprocess.run([str(env["python"]), *args], capture_output=True, text=True, cwd=env["root"],
                            timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def _cli(env: dict[str, Path], *args: str) -> subprocess.CompletedProcess[str]:
    return _run(env, "-m", "mohpromt_ca.cli", *args)


def test_plugins_list_shows_the_plugin_loaded_and_the_broken_one_failed(plugin_env: dict[str, Path]) -> None:
    data = json.loads(_cli(plugin_env, "plugins", "list", "--json").stdout)
    # the reference plugins ship with mohpromt-ca itself (and must load); this test is about third parties'
    ours = {p["name"] for p in data["loaded"] if p["distribution"] == "mohpromt-ca"}
    assert {"booking", "records", "rewards"} <= ours
    assert not [p for p in data["failed"] if p["distribution"] == "mohpromt-ca"]
    data["loaded"] = [p for p in data["loaded"] if p["distribution"] != "mohpromt-ca"]
    (loaded,) = data["loaded"]
    assert (loaded["name"], loaded["version"], loaded["distribution"]) == ("dive", "1.2.0", "mohpromt-demo-dive")
    assert loaded["capabilities"] == ["certificate_types", "routes", "on_event"]
    assert loaded["certificate_types"] == ["dive-fitness"]
    (failed,) = data["failed"]
    assert (failed["name"], failed["stage"], failed["distribution"]) == ("broken", "import", "mohpromt-broken-plugin")
    assert failed["reason"] == "RuntimeError: boom at import"
    text = _cli(plugin_env, "plugins", "list").stdout
    assert "loaded  dive" in text and "FAILED  broken" in text


def test_the_plugin_type_is_listed_with_the_built_in_ones(plugin_env: dict[str, Path]) -> None:
    from mohpromt_ca.templates import builtin_keys

    rows = json.loads(_cli(plugin_env, "templates", "list", "--json").stdout)
    keys = [r["type"] for r in rows]
    assert "dive-fitness" in keys
    assert set(keys) == set(builtin_keys()) | {"dive-fitness"}
    sample = json.loads(_cli(plugin_env, "templates", "show", "dive-fitness", "--sample").stdout)
    assert sample["document_number"] == "DIVE-2568-000001"
    assert "plugins" in _cli(plugin_env, "--help").stdout


def test_issue_the_plugin_type_end_to_end(plugin_env: dict[str, Path], tmp_path: Path) -> None:
    script = tmp_path / "issue.py"
    script.write_text(ISSUE_SCRIPT)
    result = _run(plugin_env, str(script), str(tmp_path / "data"))
    out = json.loads(result.stdout.strip().splitlines()[-1])
    assert (out["number"], out["type"]) == ("DIVE-2568-000001", "dive-fitness")
    assert (out["intact"], out["valid"], out["trusted"]) == (True, True, True)  # pyHanko, trust root only
    assert out["status"] == "valid"
    assert out["seen"] == ["DIVE-2568-000001"]  # a subscriber got it; the failing one broke nothing
    assert out["plugin_events"] == [["document.issued", "DIVE-2568-000001"]]  # the plugin's on_event
    assert out["mounted"] == ["/plugins/dive"] and out["ping"] == {"plugin": "dive", "events": 1}
    assert "subscriber boom" in result.stderr  # logged, not raised


def test_the_service_starts_with_a_plugin_that_raises_at_import(plugin_env: dict[str, Path], tmp_path: Path) -> None:
    """`mohpromt-ca serve` in the environment holding the broken distribution: it comes up, lists the
    broken plugin as failed at import, and serves the good ones (third-party and reference)."""
    import os

    import httpx

    from mohpromt_ca.bench.serve_process import wait_until_ready

    from ..conftest import TEST_PASSPHRASE, free_port

    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("MOHPROMT_")}
    env.update(MOHPROMT_DATA_DIR=str(tmp_path / "data"), MOHPROMT_KEY_PASSPHRASE=TEST_PASSPHRASE,
               MOHPROMT_ADMIN_PASSWORD="a long enough first password")
    with open(tmp_path / "serve.err", "wb") as stderr:
        server = subprocess.Popen([str(plugin_env["python"]), "-m", "mohpromt_ca.cli", "serve", "--port", str(port)],
                                  env=env, cwd=plugin_env["root"], stdin=subprocess.DEVNULL,
                                  stdout=subprocess.DEVNULL, stderr=stderr)
        base = f"http://127.0.0.1:{port}"
        try:
            wait_until_ready(base + "/readyz", server, timeout=120)
            report = httpx.get(base + "/plugins").json()
            ping = httpx.get(base + "/plugins/dive/ping")
            openapi = httpx.get(base + "/api/v1/openapi.json")
        finally:
            server.terminate()
            server.wait(timeout=30)
    failed = {p["name"]: p for p in report["failed"]}
    assert failed["broken"]["stage"] == "import" and "boom at import" in failed["broken"]["reason"]
    assert {"dive", "booking", "records", "rewards"} <= {p["name"] for p in report["loaded"]}
    assert ping.status_code == 200 and openapi.status_code == 200
    assert "/plugins/booking" in report["routes"]["mounted"]
    assert "Traceback" not in (tmp_path / "serve.err").read_text()
