"""The ``retrace`` commands of cli/evaluation_cmd.py on the embedded store (default policy:
size unit 10 officials, so each unit here counts one size unit)."""

from __future__ import annotations

import json

import pytest
from eval_scenario import build

from cli import main as cli_main
from graph.stores.memory.store import MemoryStore

J2 = "prop/unperformed_judgment/j2/d-zj"


@pytest.fixture
def run(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("RETRACE_DATA_DIR", str(tmp_path / "d"))
    for var in ("RETRACE_NEO4J_URI", "RETRACE_NEO4J_PASSWORD"):
        monkeypatch.delenv(var, raising=False)
    st = MemoryStore(tmp_path / "d")
    build(st)
    st.checkpoint()
    st.close()

    def go(*argv: str) -> tuple[int, str, str]:
        code = cli_main.main(list(argv))
        out = capsys.readouterr()
        return code, out.out, out.err

    return go


def test_derive_confirm_evaluate_warn_on_the_command_line(run):
    code, out, _ = run("derive", "--day", "2026-06-30")
    assert code == 0 and "新提出8条" in out
    code, out, _ = run("proposals", "list", "--status", "proposed")
    assert code == 0 and "共8条" in out and J2 in out
    code, out, _ = run("proposals", "confirm", J2, "--inspector", "检查员甲", "--document", "湘信〔2026〕88号",
                       "--decided", "2026-06-30", "--json")
    assert code == 0 and json.loads(out)["record"] == "rec/" + J2
    code, _, err = run("proposals", "dismiss", J2, "--inspector", "乙", "--reason", "x")
    assert code == 4 and "confirmed" in err
    # 东县: 118 points over one size unit (3 officials < 10): 0, D; 西县 67, C and first of two counties
    code, out, _ = run("evaluate", "2026", "--kind", "Government")
    assert code == 0 and "东县人民政府（g-ca）2026：0.0分 D级 同级第2/2" in out and "西县人民政府（g-cb）2026：67.0分 C级 同级第1/2" in out
    code, out, _ = run("evaluate", "2026", "--unit", "d-cz", "--json")
    assert json.loads(out)["score"] == 91.0
    code, out, _ = run("warnings", "--on", "2026-06-30", "--kind", "turnover_watch")
    assert code == 0 and out.count("[换届/换人履约关注]") == 3 and "王一于2025-09-01签订" in out
    code, out, _ = run("rectify", "r-zj1", "--completed", "2026-03-10", "--completion-doc", "东住建〔2026〕3号")
    assert code == 0
    code, out, _ = run("stats", "--government", "g-ca", "--csv")
    assert code == 0 and out.lstrip("\ufeff").splitlines()[0].startswith("id,name") and "r-zj1" in out
    code, out, _ = run("redlist", "2026")
    assert "守信激励个人：钱五" in out
    code, _, err = run("evaluate", "twenty")
    assert code == 1 and "period" in err
