"""What a province's admin installs from deploy/ is accepted by the tools that will load it.

`nginx -t` reads the site exactly as shipped: only the paths that exist on a real server (the
certificate, the log folder) point at stand-ins. `systemd-analyze verify` reads the units with
/opt/hoptac pointing at this checkout. Both caught a real fault: `http2 on;` needs nginx 1.25.1,
and Debian 12 ships 1.22, so the site did not load on the documented server.
"""

import subprocess

from .environment import BASE_DIR

DEPLOY = BASE_DIR / "deploy"


def test_nginx_accepts_the_site(tmp_path):
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=hoptac.example.gov.vn",
         "-keyout", tmp_path / "privkey.pem", "-out", tmp_path / "fullchain.pem"],
        check=True, capture_output=True,
    )  # fmt: skip
    site = (DEPLOY / "nginx" / "hoptac.conf").read_text(encoding="utf-8")
    site = site.replace("/etc/letsencrypt/live/hoptac.example.gov.vn/", f"{tmp_path}/").replace("/var/log/nginx/", f"{tmp_path}/")
    (tmp_path / "site.conf").write_text(site, encoding="utf-8")
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
        f"http {{\n include /etc/nginx/mime.types;\n access_log {tmp_path}/access.log;\n"
        f" include {DEPLOY}/nginx/request-id-log-format.conf;\n include {tmp_path}/site.conf;\n}}\n",
        encoding="utf-8",
    )
    result = subprocess.run(["nginx", "-t", "-c", tmp_path / "nginx.conf", "-p", tmp_path], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "test is successful" in result.stderr


def test_systemd_accepts_every_unit(tmp_path):
    units = tmp_path / "units"
    units.mkdir()
    for unit in (DEPLOY / "systemd").iterdir():
        (units / unit.name).write_text(unit.read_text(encoding="utf-8").replace("/opt/hoptac", str(BASE_DIR)))
    assert sorted(p.name for p in units.iterdir()) == [
        "hoptac-backup.service", "hoptac-backup.timer", "hoptac-scheduler.service", "hoptac-web.service",
        "hoptac-worker.service",
    ]  # fmt: skip
    result = subprocess.run(["systemd-analyze", "verify", *sorted(units.iterdir())], capture_output=True, text=True, cwd=units)
    # verify prints nothing for good units; it also warns about the host's own units, which are not ours.
    ours = [line for line in (result.stdout + result.stderr).splitlines() if "hoptac" in line]
    assert ours == [] and result.returncode == 0, result.stdout + result.stderr
