"""The hand-built province of the evaluation and warning tests (issue 11); every expected value
in tests/contract/test_evaluation.py is worked out from this picture.

湘南省 g-prov (province) ← 衡州市 g-city (prefecture) ← 东县 g-ca, 西县 g-cb (counties); 东县 ← 城关镇 g-t1 (township)
东县: departments 住建局 d-zj, 财政局 d-cz.
Posts / officials:
    东县县长 p-ca (principal, g-ca): 王一 o1 2020-01-01..2026-03-31; 李二 o2 2026-04-01..   (no identity link)
    住建局局长 p-zj (principal, d-zj): 张三 o3 2019-01-01..                                (identity linked)
    财政局局长 p-cz (principal, d-cz): 钱五 o5 2019-01-01..                                (no identity link)
    西县县长 p-cb (principal, g-cb): 赵四 o4 2019-01-01..                                  (identity linked)
Facts:
    j1 against g-ca, effective 2026-01-10, unperformed
    j2 against d-zj, effective 2026-02-01, debtor listed 2026-05-20, unperformed
    j3 against g-cb, effective 2026-05-01, unperformed;  j4 against g-cb, performed 2026-03-01
    PPP project pj1 (owned by g-ca), stage st1 (execution) with p-ca responsible from 2025-06-01
    c1 (pj1) signed 2025-06-01 by o1 as p-ca, party g-ca (government), breached 2026-05-10
    c2 (pj1) signed 2025-09-01 by o1 as p-ca, party g-ca, performing, arrears since 2026-05-01
    k1 by g-ca, made 2025-07-01, due 2026-05-01, pending, p-ca responsible from 2025-07-01
    k2 by g-cb, made 2026-01-01, due 2026-07-15, pending
    k3 by d-cz, made 2025-10-01, broken 2026-03-15
Records (created through the register, so they are attributed):
    r-zj1 on d-zj: administrative_penalty, general, act 2026-01-10, decided 2026-01-15
    r-zj2 on d-zj: approval_failure, light, act 2026-02-20, decided 2026-03-01; rectified 2026-03-20
    r-cb1 on g-cb: upheld_complaint, light, act 2026-01-20, decided 2026-02-01
"""

from __future__ import annotations

from datetime import UTC, datetime

from scenario import D, Scenario

from graph.integrity.rectification import record_rectification
from graph.model.policy import PolicySet, load_policies, policy_from_dict
from graph.records.register import RecordIn, create_record
from graph.stores.base import GraphStore

T0 = datetime(2026, 7, 1, 2, 0, tzinfo=UTC)  # record time of the facts (10:00 CST 2026-07-01)


def policies_per_official() -> PolicySet:
    """The default policy with ``evaluation.size_unit`` 1 (values per official), as the tests use."""
    import yaml

    from graph.model.policy import POLICY_DIR

    base = yaml.safe_load((POLICY_DIR / "default.yaml").read_text(encoding="utf-8"))
    base["evaluation"]["size_unit"] = 1
    return PolicySet((policy_from_dict(base),))


def province() -> Scenario:
    s = Scenario()
    for gid, name, level, code in [("g-prov", "湘南省人民政府", "province", "430000"),
                                   ("g-city", "衡州市人民政府", "prefecture", "430100"),
                                   ("g-ca", "东县人民政府", "county", "430102"),
                                   ("g-cb", "西县人民政府", "county", "430103"),
                                   ("g-t1", "城关镇人民政府", "township", "430102001")]:
        s.node("Government", gid, name, level=level, division_code=code)
    s.rel("SUBORDINATE_TO", "su-city", "g-city", "g-prov")
    s.rel("SUBORDINATE_TO", "su-ca", "g-ca", "g-city")
    s.rel("SUBORDINATE_TO", "su-cb", "g-cb", "g-city")
    s.rel("SUBORDINATE_TO", "su-t1", "g-t1", "g-ca")
    s.node("Department", "d-zj", "东县住建局")
    s.node("Department", "d-cz", "东县财政局")
    s.rel("BELONGS_TO", "b-zj", "d-zj", "g-ca")
    s.rel("BELONGS_TO", "b-cz", "d-cz", "g-ca")
    for pid, name, unit in [("p-ca", "东县县长", "g-ca"), ("p-zj", "东县住建局局长", "d-zj"),
                            ("p-cz", "东县财政局局长", "d-cz"), ("p-cb", "西县县长", "g-cb")]:
        s.node("Post", pid, name, is_principal=True)
        s.rel("POST_IN", f"pi-{pid}", pid, unit)
    h = "a" * 64
    s.node("Official", "o1", "王一")
    s.node("Official", "o2", "李二")
    s.node("Official", "o3", "张三", id_hash=h)
    s.node("Official", "o4", "赵四", id_hash="b" * 64)
    s.node("Official", "o5", "钱五")
    s.rel("HOLDS", "t1", "o1", "p-ca", valid_from=D("2020-01-01"), valid_to=D("2026-03-31"))
    s.rel("HOLDS", "t2", "o2", "p-ca", valid_from=D("2026-04-01"))
    s.rel("HOLDS", "t3", "o3", "p-zj", valid_from=D("2019-01-01"))
    s.rel("HOLDS", "t4", "o4", "p-cb", valid_from=D("2019-01-01"))
    s.rel("HOLDS", "t5", "o5", "p-cz", valid_from=D("2019-01-01"))
    s.node("Judgment", "j1", "东县政府工程款纠纷案", case_number="(2025)湘01民初1号", effective_on=D("2026-01-10"))
    s.node("Judgment", "j2", "东县住建局合同纠纷案", case_number="(2025)湘01民初2号", effective_on=D("2026-02-01"),
           debtor_listed_on=D("2026-05-20"))
    s.node("Judgment", "j3", "西县政府借款纠纷案", case_number="(2026)湘01民初3号", effective_on=D("2026-05-01"))
    s.node("Judgment", "j4", "西县政府租赁纠纷案", case_number="(2025)湘01民初4号", effective_on=D("2025-12-01"),
           performed=True, performed_on=D("2026-03-01"))
    s.rel("AGAINST", "ag1", "j1", "g-ca")
    s.rel("AGAINST", "ag2", "j2", "d-zj")
    s.rel("AGAINST", "ag3", "j3", "g-cb")
    s.rel("AGAINST", "ag4", "j4", "g-cb")
    s.node("Company", "co", "衡州建设有限公司")
    s.node("Project", "pj1", "东县污水处理PPP项目", kind="ppp", start_date=D("2025-06-01"))
    s.rel("OWNED_BY", "ob1", "pj1", "g-ca", valid_from=D("2025-06-01"))
    s.node("ProjectStage", "st1", "东县污水处理PPP项目执行阶段", stage="execution")
    s.rel("HAS_STAGE", "hs1", "pj1", "st1")
    s.rel("RESPONSIBLE_FOR", "rf-st1", "p-ca", "st1", valid_from=D("2025-06-01"))
    s.node("Contract", "c1", "东县污水处理PPP项目合同", status="breached", signed_on=D("2025-06-01"),
           breached_on=D("2026-05-10"))
    s.node("Contract", "c2", "东县污水管网建设合同", status="performing", signed_on=D("2025-09-01"),
           attributes={"arrears_since": "2026-05-01"})
    for c in ("c1", "c2"):
        s.rel("FOR_PROJECT", f"fp-{c}", c, "pj1")
        s.rel("HAS_PARTY", f"hp-{c}", c, "g-ca", role="government", signatory=True)
        s.rel("HAS_PARTY", f"hpc-{c}", c, "co", role="social_capital")
        s.rel("SIGNED_BY", f"sb-{c}", c, "o1")
        s.rel("SIGNED_AS", f"sa-{c}", c, "p-ca")
    s.node("Commitment", "k1", "东县招商引资奖励承诺", kind="policy", made_on=D("2025-07-01"), due_on=D("2026-05-01"))
    s.node("Commitment", "k2", "西县企业用地保障承诺", kind="guarantee", made_on=D("2026-01-01"), due_on=D("2026-07-15"))
    s.node("Commitment", "k3", "东县财政贴息承诺", kind="policy", status="broken", made_on=D("2025-10-01"),
           broken_on=D("2026-03-15"))
    s.rel("COMMITTED_BY", "cb1", "k1", "g-ca")
    s.rel("COMMITTED_BY", "cb2", "k2", "g-cb")
    s.rel("COMMITTED_BY", "cb3", "k3", "d-cz")
    s.rel("RESPONSIBLE_FOR", "rf-k1", "p-ca", "k1", valid_from=D("2025-07-01"))
    return s


RECORDS = [
    dict(id="r-zj1", name="东县住建局违规审批受行政处罚", source_kind="administrative_penalty", severity="general",
         act_date="2026-01-10", decided_on="2026-01-15", subject="d-zj"),
    dict(id="r-zj2", name="东县住建局网上审批超时", source_kind="approval_failure", severity="light",
         act_date="2026-02-20", decided_on="2026-03-01", subject="d-zj"),
    dict(id="r-cb1", name="西县政府投诉查实", source_kind="upheld_complaint", severity="light",
         act_date="2026-01-20", decided_on="2026-02-01", subject="g-cb"),
]


def build(store: GraphStore, policies: PolicySet | None = None) -> GraphStore:
    """The province, its three records (attributed) and the rectification of r-zj2, all recorded at T0."""
    policies = policies or load_policies()
    province().write(store, now=T0)
    for r in RECORDS:
        create_record(store, RecordIn(**r, source={"document": f"湘信〔2026〕{r['id']}号", "authority": "湘南省信用办"}),
                      policies, now=T0)
    record_rectification(store, "r-zj2", explained_on=D("2026-03-10"), explanation_document="东住建〔2026〕5号",
                         completed_on=D("2026-03-20"), completion_document="东住建〔2026〕6号", now=T0)
    return store
