"""Hand-built cities shared by the responsibility and turnover tests.

The city (青山市):
    市长 p-mayor (principal, in g)        王强 2012-01-01..2017-06-30; 赵刚 2017-07-01..
      ↑ 副市长 p-vm (in g)                陈静 2014-01-01.. (end unknown)
        ↑ 财政局局长 p-cz (principal of d-cz)   周婷 2015-03-01..2016-11-20; vacancy;
                                           钱涛 acting 2016-11-25..2016-12-31; 李明 2017-01-01..
          ↑ 财政局副局长 p-czd (d-cz until 2016-12-31, then d-zj)  孙丽 2015-01-01..
        ↑ 住建局局长 p-zj (principal of d-zj)   冯军 2016-01-01..2016-11-20; 蒋华 2016-11-21..;
                                           吴敏 acting 2017-02-01..2017-02-28 (overlaps 蒋华)
Project prj (PPP, from 2016-01-01, owned by d-cz). Stages:
    s-ident   identification  → official 孙丽 directly
    s-proc    procurement     → p-cz
    s-exec    execution       → p-zj and p-czd (several posts)
Contract c1: signed 2016-11-20 by 周婷 as p-cz; breached 2017-03-01. Contract c2: performing.
Commitment cm1: promised 2016-10-01 by d-cz (p-cz responsible), broken 2017-02-15.
County g-lj (临江县, subordinate of g): 县长 p-lj 刘洋 ..2017-04-30, 何平 2017-05-01..;
    investment-promotion project prj-lj, contract c-lj signed 2017-01-10, breached 2017-06-01.
"""

from __future__ import annotations

from scenario import D, Scenario


def city() -> Scenario:
    s = Scenario()
    s.node("Government", "g", "青山市人民政府", level="prefecture", division_code="431000")
    s.node("Department", "d-cz", "青山市财政局")
    s.node("Department", "d-zj", "青山市住建局")
    s.node("Company", "co", "青山建设投资有限公司")
    for pid, name, principal in [("p-mayor", "青山市市长", True), ("p-vm", "青山市副市长", False),
                                 ("p-cz", "青山市财政局局长", True), ("p-czd", "青山市财政局副局长", False),
                                 ("p-zj", "青山市住建局局长", True)]:
        s.node("Post", pid, name, is_principal=principal)
    for oid, name in [("o-wang", "王强"), ("o-zhao", "赵刚"), ("o-chen", "陈静"), ("o-zhou", "周婷"),
                      ("o-qian", "钱涛"), ("o-li", "李明"), ("o-sun", "孙丽"), ("o-feng", "冯军"),
                      ("o-jiang", "蒋华"), ("o-wu", "吴敏")]:
        s.node("Official", oid, name)
    s.rel("BELONGS_TO", "b-cz", "d-cz", "g")
    s.rel("BELONGS_TO", "b-zj", "d-zj", "g")
    s.rel("POST_IN", "pi-mayor", "p-mayor", "g")
    s.rel("POST_IN", "pi-vm", "p-vm", "g")
    s.rel("POST_IN", "pi-cz", "p-cz", "d-cz", source={"document": "青编〔2010〕3号"})
    s.rel("POST_IN", "pi-czd-1", "p-czd", "d-cz", valid_to=D("2016-12-31"))
    s.rel("POST_IN", "pi-czd-2", "p-czd", "d-zj", valid_from=D("2017-01-01"))
    s.rel("POST_IN", "pi-zj", "p-zj", "d-zj")
    s.rel("REPORTS_TO", "rt-vm", "p-vm", "p-mayor")
    s.rel("REPORTS_TO", "rt-cz", "p-cz", "p-vm", source={"document": "青政发〔2014〕9号"})
    s.rel("REPORTS_TO", "rt-czd", "p-czd", "p-cz")
    s.rel("REPORTS_TO", "rt-zj", "p-zj", "p-vm")
    T = lambda tid, o, p, f, t=None, **kw: s.rel("HOLDS", tid, o, p, valid_from=D(f),  # noqa: E731
                                                 valid_to=D(t) if t else None, **kw)
    T("t-wang", "o-wang", "p-mayor", "2012-01-01", "2017-06-30")
    T("t-zhao", "o-zhao", "p-mayor", "2017-07-01")
    T("t-chen", "o-chen", "p-vm", "2014-01-01", end_unknown=True)
    T("t-zhou", "o-zhou", "p-cz", "2015-03-01", "2016-11-20", source={"document": "青组〔2015〕7号"})
    T("t-qian", "o-qian", "p-cz", "2016-11-25", "2016-12-31", acting=True)
    T("t-li", "o-li", "p-cz", "2017-01-01")
    T("t-sun", "o-sun", "p-czd", "2015-01-01")
    T("t-feng", "o-feng", "p-zj", "2016-01-01", "2016-11-20")
    T("t-jiang", "o-jiang", "p-zj", "2016-11-21")
    T("t-wu", "o-wu", "p-zj", "2017-02-01", "2017-02-28", acting=True)
    s.node("Project", "prj", "青山市污水处理PPP项目", kind="ppp", start_date=D("2016-01-01"))
    s.rel("OWNED_BY", "own", "prj", "d-cz")
    for sid, stage in [("s-ident", "identification"), ("s-proc", "procurement"), ("s-exec", "execution")]:
        s.node("ProjectStage", sid, f"污水处理项目{stage}", stage=stage)
        s.rel("HAS_STAGE", f"hs-{sid}", "prj", sid)
    s.rel("RESPONSIBLE_FOR", "rf-ident", "o-sun", "s-ident", valid_from=D("2016-01-01"))
    s.rel("RESPONSIBLE_FOR", "rf-proc", "p-cz", "s-proc", valid_from=D("2016-01-01"),
          source={"document": "青财〔2016〕12号", "authority": "青山市财政局"})
    s.rel("RESPONSIBLE_FOR", "rf-exec-zj", "p-zj", "s-exec", valid_from=D("2016-06-01"))
    s.rel("RESPONSIBLE_FOR", "rf-exec-czd", "p-czd", "s-exec", valid_from=D("2016-06-01"))
    s.node("Contract", "c1", "污水处理PPP项目合同", status="breached", signed_on=D("2016-11-20"),
           breached_on=D("2017-03-01"))
    s.node("Contract", "c2", "污水处理设备采购合同", status="performing", signed_on=D("2017-05-01"))
    for cid in ("c1", "c2"):
        s.rel("FOR_PROJECT", f"fp-{cid}", cid, "prj")
        s.rel("HAS_PARTY", f"hp-g-{cid}", cid, "g", role="government")
        s.rel("HAS_PARTY", f"hp-co-{cid}", cid, "co", role="social_capital")
    s.rel("SIGNED_BY", "sb-c1", "c1", "o-zhou")
    s.rel("SIGNED_AS", "sa-c1", "c1", "p-cz")
    s.node("Commitment", "cm1", "污水处理费补贴承诺", kind="policy", status="broken",
           made_on=D("2016-10-01"), due_on=D("2017-01-31"), broken_on=D("2017-02-15"))
    s.rel("COMMITTED_BY", "cb-cm1", "cm1", "d-cz")
    s.rel("PROMISED_TO", "pt-cm1", "cm1", "co")
    s.rel("RESPONSIBLE_FOR", "rf-cm1", "p-cz", "cm1", valid_from=D("2016-10-01"))
    # a county below the city, with a change of county head before a breach
    s.node("Government", "g-lj", "临江县人民政府", level="county", division_code="431021")
    s.rel("SUBORDINATE_TO", "sub-lj", "g-lj", "g")
    s.node("Post", "p-lj", "临江县县长", is_principal=True)
    s.rel("POST_IN", "pi-lj", "p-lj", "g-lj")
    s.node("Official", "o-liu", "刘洋")
    s.node("Official", "o-he", "何平")
    T("t-liu", "o-liu", "p-lj", "2014-05-01", "2017-04-30")
    T("t-he", "o-he", "p-lj", "2017-05-01")
    s.node("Project", "prj-lj", "临江县电子产业园招商项目", kind="investment_promotion", start_date=D("2016-06-01"))
    s.rel("OWNED_BY", "own-lj", "prj-lj", "g-lj")
    s.node("Contract", "c-lj", "电子产业园投资协议", status="breached", signed_on=D("2017-01-10"),
           breached_on=D("2017-06-01"))
    s.rel("FOR_PROJECT", "fp-c-lj", "c-lj", "prj-lj")
    s.rel("HAS_PARTY", "hp-lj", "c-lj", "g-lj", role="government")
    s.rel("HAS_PARTY", "hp-lj-co", "c-lj", "co", role="investor")
    s.rel("SIGNED_BY", "sb-lj", "c-lj", "o-liu")
    s.rel("SIGNED_AS", "sa-lj", "c-lj", "p-lj")
    return s
