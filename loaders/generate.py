"""Synthetic bundle generator: a realistic (invented) province of governments, posts and officials.

``generate(out_dir, scale="demo"|"city"|"province", seed=0)`` writes a bundle folder that
``loaders.bundle.load_bundle`` reads (``manifest.json``, ``nodes/<Kind>.jsonl``,
``rels/<TYPE>.jsonl``) and returns the number of rows per node kind and relationship type.

What it contains (all names, codes, case numbers and documents are invented):

* the government tree province → prefectures (市/州) → counties (区/县/市) → townships (街道/镇/乡)
  with GB/T 2260-looking division codes, ``SUBORDINATE_TO`` child → parent;
* departments per government (``BELONGS_TO``), posts (``POST_IN``) with reporting lines
  (``REPORTS_TO``: 科长 → 局长 → 分管副市长 → 市长); a few sections move to another department once and
  some 分管 lines change when portfolios are redistributed after a new principal arrives;
* officials (hashed fake ID numbers only) and their tenures (``HOLDS``) 2005–2026 with turnover,
  vacancies, acting appointments (代县长 before election, a deputy acting during a vacancy),
  tenures whose end is unknown and start dates known only to the month or year;
* companies with check-digit-valid 统一社会信用代码, projects of every kind with their stages and the
  posts (sometimes officials) responsible for each stage, contracts signed by the official who
  held the signing post that day, about 10% breached (many within 30–365 days after the
  responsible post or the principal leader changed hands: 换届毁约), commitments, court judgments,
  and dishonesty records of every source kind.

Streaming: the tree is processed one block at a time (the province government, each prefecture
government with its departments, each county with its townships); a block's posts, tenures,
projects and records are generated and written, then dropped. Only the random generator
``random.Random(seed)`` drives choices, and nothing depends on hash order, time or environment,
so the same seed gives byte-identical files.

Rows omit null fields and false booleans (``acting``, ``end_unknown``); dates are ``YYYY-MM-DD``;
every row carries ``source`` (issuing authority and document number).
"""

from __future__ import annotations

import hashlib
import heapq
import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from random import Random
from typing import Any, Iterable

from graph.enums import RecordSourceKind, Stage
from graph.schema import NODE_KINDS, REL_KINDS

__all__ = ["generate", "SCALES", "AS_OF", "GENERATOR"]

GENERATOR = "retrace-synthetic"
GENERATOR_VERSION = 1
#: the data's "today": current tenures are open, nothing happens after this day
AS_OF = date(2026, 6, 30)

_AS_OF = AS_OF.toordinal()


def _d(y: int, m: int = 1, d: int = 1) -> int:
    return date(y, m, d).toordinal()


_ISO: dict[int, str] = {}
_YEAR: dict[int, int] = {}


def _iso(o: int) -> str:
    s = _ISO.get(o)
    if s is None:
        s = _ISO[o] = date.fromordinal(o).isoformat()
    return s


def _year(o: int) -> int:
    y = _YEAR.get(o)
    if y is None:
        y = _YEAR[o] = date.fromordinal(o).year
    return y


# --- scales ----------------------------------------------------------------------------------------

Range = tuple[int, int]


@dataclass(frozen=True)
class Scale:
    prefectures: int
    counties: Range  # per prefecture
    townships: Range  # per county
    province_depts: int  # 0: the province government has no departments at this scale
    depts: dict[str, Range]  # per government level
    gov_deputies: dict[str, Range]
    dept_deputies: dict[str, Range]
    sections: dict[str, Range]  # per department (township departments have none)
    subsection_p: float  # chance a section has a deputy chief
    staff: dict[str, Range]  # 科员 posts per section (per department in townships)
    projects: dict[str, Range]  # per government (its own and its departments')
    companies_per_prefecture: int
    big_companies: int
    record_rate: float  # free-standing dishonesty records per post
    move_p: float  # chance that a government moves one section to another department


_FULL = dict(
    depts={"province": (50, 56), "prefecture": (42, 50), "county": (36, 46), "township": (7, 12)},
    gov_deputies={"province": (4, 5), "prefecture": (3, 5), "county": (3, 5), "township": (2, 4)},
    dept_deputies={"province": (3, 4), "prefecture": (2, 4), "county": (2, 4), "township": (0, 1)},
    sections={"province": (7, 12), "prefecture": (6, 11), "county": (4, 9)},
    subsection_p=0.5,
    staff={"province": (3, 8), "prefecture": (3, 8), "county": (3, 7), "township": (2, 6)},
    projects={"province": (300, 400), "prefecture": (250, 330), "county": (85, 125), "township": (1, 3)},
    big_companies=120,
    record_rate=0.5,
    move_p=0.5,
)

SCALES: dict[str, Scale] = {
    "demo": Scale(
        prefectures=1,
        counties=(4, 4),
        townships=(2, 3),
        province_depts=0,
        depts={"province": (0, 0), "prefecture": (14, 14), "county": (9, 10), "township": (3, 3)},
        gov_deputies={"province": (3, 3), "prefecture": (3, 4), "county": (2, 4), "township": (2, 3)},
        dept_deputies={"province": (1, 2), "prefecture": (1, 3), "county": (1, 2), "township": (0, 1)},
        sections={"province": (2, 3), "prefecture": (2, 3), "county": (1, 2)},
        subsection_p=0.3,
        staff={"province": (0, 1), "prefecture": (0, 1), "county": (0, 1), "township": (0, 1)},
        projects={"province": (0, 0), "prefecture": (16, 18), "county": (8, 10), "township": (1, 1)},
        companies_per_prefecture=70,
        big_companies=8,
        record_rate=0.45,
        move_p=1.0,
    ),
    "city": Scale(prefectures=1, counties=(10, 10), townships=(9, 16), province_depts=0,
                  companies_per_prefecture=2200, **_FULL),
    "province": Scale(prefectures=14, counties=(6, 11), townships=(9, 16), province_depts=1,
                      companies_per_prefecture=2200, **_FULL),
}

# --- vocabularies ----------------------------------------------------------------------------------

_PROVINCE_CODES = ("13", "14", "21", "22", "23", "32", "33", "34", "35", "36", "37", "41", "42", "43",
                   "44", "45", "51", "52", "53", "61", "62")
_PLACE_A = "青临江永安平长宁德云华兴新东南北龙凤金白清丰寿宜泰广盛桂松柳梅沅汉衡岳益武昭乐通富嘉庆瑞祥和宝石双桃洪溪鹤涟邵祁资澧浏攸茶醴汝宣舒桐"
_PLACE_B = "山江阳州平宁安川源丰城陵溪水河林峰口沙德化昌兴田冈塘浦湾岭原坪津湖台"
_TOWN_MID = "家坪桥铺市口湾塘冲"
_STREET_FIXED = ("城关", "城东", "城西", "城南", "城北", "新城", "江北", "江南", "河西", "东城", "西城", "南湖")
_AUTONOMOUS = ("土家族苗族自治州", "苗族侗族自治州", "布依族苗族自治州")

_SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
             "姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
_SURNAME_CUM: list[float] = []
_acc = 0.0
for _i in range(len(_SURNAMES)):
    _acc += 1.0 / (1 + _i * 0.08)  # a long tail, the first names much more common
    _SURNAME_CUM.append(_acc)
_GIVEN_FIRST = "建国志文晓春海新立德永振小秀玉明红丽国家世金宏俊子思雨嘉天"
_GIVEN_M = "伟强磊军勇杰涛斌超明辉刚平华峰鹏飞浩宇晨阳林波海东旭龙坤昊轩博凯鑫毅诚武彬"
_GIVEN_F = "芳娜敏静丽艳娟霞燕玲婷雪慧颖洁琳倩红梅兰萍晶丹莉佳欣怡雯媛琴"

_CN_NUM = "一二三四五六七八九十"

# departments of a prefecture or county government: (name, category, doc abbreviation, province name)
_DEPTS: tuple[tuple[str, str, str, str | None], ...] = (
    ("发展和改革委员会", "发改", "发改", None),
    ("财政局", "财政", "财", "财政厅"),
    ("住房和城乡建设局", "住建", "建", "住房和城乡建设厅"),
    ("商务局", "商务", "商", "商务厅"),
    ("自然资源和规划局", "自然资源", "自然资源", "自然资源厅"),
    ("交通运输局", "交通", "交", "交通运输厅"),
    ("司法局", "司法", "司", "司法厅"),
    ("市场监督管理局", "市场监管", "市监", None),
    ("审计局", "审计", "审", "审计厅"),
    ("人力资源和社会保障局", "人社", "人社", "人力资源和社会保障厅"),
    ("投资促进局", "投资促进", "投促", None),
    ("生态环境局", "生态环境", "环", "生态环境厅"),
    ("水利局", "水利", "水", "水利厅"),
    ("教育局", "教育", "教", "教育厅"),
    ("卫生健康委员会", "卫健", "卫健", None),
    ("人民政府办公室", "政府办", "政办", None),
    ("公安局", "公安", "公", "公安厅"),
    ("民政局", "民政", "民", "民政厅"),
    ("农业农村局", "农业农村", "农", "农业农村厅"),
    ("工业和信息化局", "工信", "工信", "工业和信息化厅"),
    ("科学技术局", "科技", "科", "科学技术厅"),
    ("文化旅游广电体育局", "文旅", "文旅", "文化和旅游厅"),
    ("应急管理局", "应急", "应急", "应急管理厅"),
    ("国有资产监督管理委员会", "国资", "国资", None),
    ("统计局", "统计", "统", None),
    ("医疗保障局", "医保", "医保", None),
    ("退役军人事务局", "退役军人", "退役", "退役军人事务厅"),
    ("林业局", "林业", "林", None),
    ("城市管理综合执法局", "城管", "城管", None),
    ("行政审批服务局", "行政审批", "审批", None),
    ("地方金融监督管理局", "金融", "金融", None),
    ("乡村振兴局", "乡村振兴", "乡振", None),
    ("政务服务和大数据管理局", "政务服务", "政务", None),
    ("机关事务管理局", "机关事务", "机关", None),
    ("信访局", "信访", "信访", None),
    ("人民防空办公室", "人防", "人防", None),
    ("公共资源交易中心", "公共资源交易", "公资", None),
    ("住房公积金管理中心", "公积金", "公积金", None),
    ("粮食和物资储备局", "粮食", "粮", None),
    ("不动产登记中心", "不动产", "不动产", None),
    ("社会保险事业服务中心", "社保", "社保", None),
    ("疾病预防控制中心", "卫健", "疾控", None),
    ("医疗保障事务中心", "医保", "医保事务", None),
    ("农业综合行政执法大队", "农业农村", "农执", None),
    ("交通运输综合行政执法大队", "交通", "交执", None),
    ("生态环境保护综合行政执法支队", "生态环境", "环执", None),
    ("市场监管综合行政执法支队", "市场监管", "市监执", None),
    ("工程建设质量安全监督站", "住建", "质安", None),
    ("重点建设项目事务中心", "发改", "重点办", None),
    ("国库集中支付中心", "财政", "国库", None),
    ("政府投资评审中心", "财政", "评审", None),
    ("城乡规划设计研究院", "自然资源", "规划院", None),
    ("水利水电勘测设计院", "水利", "水设", None),
    ("机关事务服务中心", "机关事务", "机服", None),
    ("科技创新服务中心", "科技", "科创", None),
    ("招商服务中心", "投资促进", "招商", None),
)
_CORE_DEPTS = 12  # the first ones every government has

_TOWNSHIP_DEPTS = (
    ("党政综合办公室", "党政办", "党政"),
    ("财政所", "财政", "财"),
    ("经济发展办公室", "经济发展", "经发"),
    ("社会事务办公室", "社会事务", "社事"),
    ("自然资源所", "自然资源", "自然资源"),
    ("综合行政执法队", "综合执法", "执法"),
    ("便民服务中心", "政务服务", "便民"),
    ("农业综合服务中心", "农业农村", "农服"),
    ("平安建设办公室", "平安建设", "平安"),
    ("村镇建设办公室", "住建", "村建"),
    ("应急管理办公室", "应急", "应急"),
    ("退役军人服务站", "退役军人", "退役"),
    ("社会保障服务站", "人社", "社保"),
    ("生态环境保护办公室", "生态环境", "环保"),
)

_SECTIONS = {
    "财政": ("预算", "国库", "经济建设", "政府债务管理", "政府采购管理", "农业农村", "社会保障", "会计", "税政"),
    "住建": ("建筑市场监管", "城市建设", "房地产市场监管", "工程质量安全监督", "村镇建设", "住房保障"),
    "商务": ("招商引资", "外资管理", "对外贸易", "市场运行", "电子商务"),
    "投资促进": ("招商引资", "项目服务", "产业研究", "客商联络"),
    "发改": ("固定资产投资", "政府和社会资本合作", "价格管理", "经济运行", "重大项目", "社会信用"),
    "审计": ("财政审计", "经济责任审计", "固定资产投资审计", "企业审计"),
    "交通": ("规划建设", "公路管理", "运输管理", "安全监督"),
    "自然资源": ("国土空间规划", "耕地保护", "用地审批", "不动产登记", "矿产资源"),
    "司法": ("法治调研", "行政复议", "公共法律服务", "社区矫正"),
    "市场监管": ("登记注册", "信用监管", "价格监督检查", "食品安全", "特种设备"),
    "人社": ("就业促进", "社会保险", "劳动关系", "农民工工作", "人才开发"),
    "水利": ("规划计划", "水资源管理", "河湖管理", "农村水利"),
    "生态环境": ("环境影响评价", "大气环境", "水生态环境", "执法监督"),
}
_GENERIC_SECTIONS = ("综合", "政策法规", "计划财务", "人事", "监督", "行政审批", "安全生产", "信息化", "宣传教育",
                     "规划发展", "法制", "督查")

# companies: group -> industries (an industry's name, and whether it is usually a group company)
_INDUSTRIES = {
    "construction": ("建设工程", "建筑工程", "路桥建设", "市政工程", "水利水电建设", "园林绿化工程"),
    "environment": ("环保科技", "水务", "环境工程", "再生资源"),
    "investment": ("城市建设投资", "产业投资", "交通建设投资", "城乡发展投资"),
    "manufacturing": ("新能源科技", "电子科技", "新材料", "汽车零部件", "建材", "食品", "生物医药", "智能装备"),
    "services": ("信息技术", "医疗器械", "办公设备", "物业服务", "软件", "文化旅游发展", "物流", "农业开发"),
    "finance": ("证券", "融资担保", "资产管理"),
}
_GROUP_WEIGHTS = (("construction", 30), ("environment", 10), ("investment", 6), ("manufacturing", 24),
                  ("services", 26), ("finance", 4))
_BRAND = "华恒宏鑫盛通达远泰信诚安建中联创博瑞嘉永金天海腾翔润丰源德万宇汇隆正兴昌新凯"

_KIND_WEIGHTS = (("ppp", 20), ("investment_promotion", 30), ("procurement", 25), ("bidding", 15),
                 ("government_debt", 10))
_KIND_STAGES = {
    "ppp": ("identification", "preparation", "procurement", "execution", "handover"),
    "investment_promotion": ("planning", "implementation"),
    "procurement": ("planning", "procurement", "implementation"),
    "bidding": ("planning", "bidding", "implementation"),
    "government_debt": ("planning", "financing", "implementation"),
}
_SIGN_STAGE = {"ppp": "procurement", "investment_promotion": "planning", "procurement": "procurement",
               "bidding": "bidding", "government_debt": "financing"}
_STAGE_DAYS = {
    "identification": (60, 240), "preparation": (90, 300), "procurement": (60, 240),
    "execution": (3650, 10950), "handover": (90, 365), "planning": (60, 365), "bidding": (30, 120),
    "financing": (30, 180),
}
_IMPL_DAYS = {"investment_promotion": (365, 1460), "procurement": (90, 540), "bidding": (180, 1095),
              "government_debt": (365, 1825)}
_KIND_PARTIES = {
    "ppp": (("construction", "environment", "investment"), "social_capital"),
    "investment_promotion": (("manufacturing", "services"), "investor"),
    "procurement": (("services",), "supplier"),
    "bidding": (("construction",), "other"),
    "government_debt": (("finance", "investment"), "other"),
}
_KIND_OWNER_CATS = {
    "ppp": ("住建", "交通", "水利", "生态环境", "发改", "卫健", "教育"),
    "investment_promotion": ("商务", "投资促进"),
    "procurement": None,  # any department
    "bidding": ("住建", "交通", "水利", "教育", "卫健", "村建", "自然资源"),
    "government_debt": ("财政",),
}
_PPP_THEMES = ("污水处理厂", "垃圾焚烧发电", "城市综合管廊", "海绵城市建设", "体育中心", "人民医院新院区", "职业教育园区",
               "智慧停车场", "棚户区改造", "高速公路连接线", "智慧城市", "城乡供水一体化", "河道综合治理", "文化艺术中心",
               "养老服务中心", "公交一体化")
_AREAS = ("", "", "城东", "城北", "城南", "高新区", "经开区", "新区")
_IP_THEMES = ("年产{n}万吨新型建材生产线", "{n}GW光伏组件制造", "新能源汽车零部件产业园", "电子信息产业园", "冷链物流中心",
              "文旅康养综合体", "农产品精深加工", "锂电池材料", "智能装备制造基地", "生物医药产业园", "数据中心",
              "现代农业示范园")
_PROC_ITEMS = ("办公设备", "信息化系统", "公务用车", "物业管理服务", "安防监控设备", "档案数字化服务", "网络安全服务")
_PROC_BY_CAT = {
    "卫健": ("医疗设备", "医疗设备", "疫苗冷链设备"), "教育": ("课桌椅", "教学设备", "校园安防设备"),
    "公安": ("执法记录仪", "警用装备"), "城管": ("执法记录仪", "环卫车辆", "绿化养护服务"),
    "市场监管": ("执法记录仪", "食品快检设备"), "审计": ("审计服务",), "财政": ("审计服务", "预算绩效评价服务"),
    "住建": ("绿化养护服务", "工程造价咨询服务"), "交通": ("道路养护服务", "交通信号设备"),
    "农业农村": ("农机购置补贴服务", "动物防疫物资"), "综合执法": ("执法记录仪",),
}
_BID_THEMES = ("{x}路提质改造工程", "第{n}中学教学楼建设工程", "{x}河堤防加固工程", "农村公路安防工程",
               "{x}安置小区建设工程", "{x}大道新建工程", "城区供水管网改造工程", "老旧小区改造工程", "{x}公园建设工程")
_DEBT_USES = ("棚户区改造", "产业园区基础设施", "收费公路", "冷链物流", "城乡供水", "保障性安居工程", "医疗卫生")
_BENEFITS = ("税收地方留成部分奖励", "土地出让价款优惠", "标准厂房租金三年减免", "设备购置补贴", "物流运输补贴", "人才住房保障",
             "贷款贴息")
_DEADLINE_THINGS = ("完成供地", "完成报建审批", "完成配套道路建设", "完成征地拆迁", "完成水电气接入", "完成环评批复")
_PAY_THINGS = ("支付合同款", "完成履约验收", "退还履约保证金", "支付工程进度款")
_PLEDGE_ITEMS = ("农村公路硬化", "农村饮水安全", "集镇污水处理", "村级便民服务", "农村危房改造", "中小学校舍维修", "村级活动场所建设")
_SANCTIONS = {"light": ("警告", "党内警告"), "general": ("记过", "记大过", "党内严重警告"),
              "serious": ("降级", "撤职", "撤销党内职务")}
_ACCOUNT_ACTS = {"light": ("通报批评", "责令检查"), "general": ("诫勉",), "serious": ("组织调整", "责令辞职")}
_ACCOUNT_REASONS = ("履职不力", "项目监管不到位", "招商引资承诺未兑现", "违规决策", "审批拖延")
_UNIT_PENALTIES = ("违法占用耕地", "违规处置国有资产", "消防安全不达标", "未依法办理环评手续")
_APPROVAL_FAILURES = ("超时办结率不达标", "一网通办事项未按标准上线", "办事指南要素缺失", "好差评整改不到位")
_COMPLAINTS = ("推诿扯皮", "不作为慢作为", "服务态度差", "政策兑现不到位")
_RECORD_KINDS = tuple(k.value for k in RecordSourceKind)
_SEVERITIES = ("light", "general", "serious")
_STAGE_LABEL = {s.value: s.label for s in Stage}

_REL_PREFIX = {
    "SUBORDINATE_TO": "sub", "BELONGS_TO": "bel", "POST_IN": "pin", "REPORTS_TO": "rpt", "HOLDS": "ten",
    "OWNED_BY": "own", "HAS_STAGE": "hst", "RESPONSIBLE_FOR": "rsp", "FOR_PROJECT": "fpj",
    "HAS_PARTY": "pty", "SIGNED_BY": "sby", "SIGNED_AS": "sas", "COMMITTED_BY": "cby",
    "PROMISED_TO": "pto", "AGAINST": "agt", "CONCERNS": "cnc", "RECORD_SUBJECT": "rsj",
    "EVIDENCED_BY": "evd", "INVESTS_IN": "inv",
}

# GB 32100 (统一社会信用代码) and GB 11714 (组织机构代码) check characters
_USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_W = tuple(pow(3, i, 31) for i in range(17))
_ORG_W = (3, 7, 9, 10, 5, 8, 4, 2)
_ID_W = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def _uscc(division: str, rng: Random) -> str:
    body = "".join(str(rng.randint(0, 9)) for _ in range(8))
    c = 11 - sum(int(ch) * w for ch, w in zip(body, _ORG_W)) % 11
    org = body + ("X" if c == 10 else "0" if c == 11 else str(c))
    s17 = "91" + division + org
    c = 31 - sum(_USCC_CHARS.index(ch) * w for ch, w in zip(s17, _USCC_W)) % 31
    return s17 + _USCC_CHARS[0 if c == 31 else c]


def _fake_id(region: str, birth: int, seq: int) -> str:
    s17 = f"{region}{date.fromordinal(birth):%Y%m%d}{seq:03d}"
    return s17 + "10X98765432"[sum(int(c) * w for c, w in zip(s17, _ID_W)) % 11]


# --- the generator's data ----------------------------------------------------------------------------


@dataclass(slots=True, eq=False)
class Slot:
    """One stint of one official in one post (becomes a HOLDS row)."""

    post: "Post"
    start: int
    end: int | None
    acting: bool = False
    end_unknown: bool = False
    prec: str = "day"
    keep: bool = False  # the same official continues in the next slot (代 → 正)
    prev_same: "Slot | None" = None
    filler: bool = False  # acting during a vacancy
    order: int = 0
    official: str | None = None
    borrowed: bool = False  # the filler keeps their own post: not returned to the pool


@dataclass(slots=True, eq=False)
class Post:
    id: str
    name: str
    unit: "Unit"
    role: str  # gov_head gov_deputy head deputy section subsection staff
    level: int  # block-relative rank, 0 (科员) … 6 (head of the block's top government)
    rank: str | None
    seq: int
    slots: list[Slot] = field(default_factory=list)
    acting_src: "Post | None" = None
    units: list[tuple[int | None, int | None, "Unit"]] = field(default_factory=list)
    reports: list[tuple[int | None, int | None, "Post"]] = field(default_factory=list)
    chg: list[int] | None = None


@dataclass(eq=False)
class Section:
    name: str
    chief: Post
    posts: list[Post]
    moved_to: "Unit | None" = None
    moved_on: int = 0


@dataclass(eq=False)
class Unit:
    id: str
    name: str
    place: str  # prefix for names of departments and posts (青山市, 临江县城关镇)
    abbr: str  # prefix of document numbers (青, 青财)
    level: str  # level of the government (of the unit's government for a department)
    is_gov: bool
    code: str  # division code of the government
    src: dict[str, str]  # source of the unit's own row and of its BELONGS_TO/SUBORDINATE_TO
    psrc: dict[str, str] = field(default_factory=dict)  # source of its posts and their POST_IN rows
    category: str | None = None
    gov: "Unit | None" = None
    parent: "Unit | None" = None  # government above
    seat: "Unit | None" = None  # county-or-higher government whose court/纪委 serves this one
    principal: Post | None = None
    deputies: list[Post] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    depts: list["Unit"] = field(default_factory=list)
    by_cat: dict[str, "Unit"] = field(default_factory=dict)
    posts: list[Post] = field(default_factory=list)
    head_title: str = ""
    deputy_title: str = ""
    kind: str = ""  # 市 州 区 县 市(县级) 街道 镇 乡 省


@dataclass(eq=False)
class GovSpec:
    code: str
    level: str
    short: str  # 青山市 / 临江县 / 城关镇
    kind: str
    children: list["GovSpec"] = field(default_factory=list)


@dataclass(eq=False)
class Block:
    region: str  # division code used in fake ID numbers
    top: Unit
    govs: list[Unit] = field(default_factory=list)
    posts: list[Post] = field(default_factory=list)
    birth: dict[str, int] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)
    id_seq: dict[tuple[int, bool], int] = field(default_factory=dict)
    projects: dict[str, list[tuple[str, str, int]]] = field(default_factory=dict)  # owner -> (id, name, start)


# --- writing ----------------------------------------------------------------------------------------


class _Out:
    def __init__(self, root: Path) -> None:
        self.root = root
        for sub in ("nodes", "rels"):
            folder = root / sub
            folder.mkdir(parents=True, exist_ok=True)
            for p in sorted(folder.iterdir()):
                if p.is_file() and p.suffix in (".jsonl", ".csv"):
                    p.unlink()  # stale files of an earlier run would be loaded too
        self.fh = {}
        for k in NODE_KINDS:
            self.fh[k] = open(root / "nodes" / f"{k}.jsonl", "w", encoding="utf-8", newline="\n",
                              buffering=1 << 20)
        for t in REL_KINDS:
            self.fh[t] = open(root / "rels" / f"{t}.jsonl", "w", encoding="utf-8", newline="\n",
                              buffering=1 << 20)
        self.counts = {k: 0 for k in (*NODE_KINDS, *REL_KINDS)}
        self.encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode

    def write(self, kind: str, row: dict[str, Any]) -> None:
        self.fh[kind].write(self.encode(row) + "\n")
        self.counts[kind] += 1

    def close(self) -> None:
        for f in self.fh.values():
            f.close()


# --- the generator ------------------------------------------------------------------------------------


class _Gen:
    def __init__(self, out: _Out, scale: str, seed: int) -> None:
        self.out = out
        self.scale_name = scale
        self.sc = SCALES[scale]
        self.seed = seed
        self.rng = Random(seed)
        self.ctr: dict[str, int] = {}
        self.used_names: set[str] = set()  # membership only, never iterated
        self.company_names: set[str] = set()
        self.demo: dict[str, Any] = {}
        self.kinds_seen: dict[str, int] = {k: 0 for k in _RECORD_KINDS}
        self.official_records: dict[str, int] = {}
        self.big: dict[str, list[tuple[str, str]]] = {}
        self.local: dict[str, list[tuple[str, str]]] = {}
        self.pool_seq = 0
        self.contract_subject = False  # a record on a contract / a project was written
        self.project_subject = False

    # helpers ----------------------------------------------------------------------------------------
    def nid(self, prefix: str, width: int = 6) -> str:
        n = self.ctr.get(prefix, 0) + 1
        self.ctr[prefix] = n
        return f"{prefix}:{n:0{width}d}"

    def doc(self, abbr: str, word: str, year: int) -> str:
        return f"{abbr}{word}〔{year}〕{self.rng.randint(1, 320)}号"

    def rel(self, type_: str, src: str, dst: str, source: dict[str, str], vf: int | None = None,
            vt: int | None = None, extra: dict[str, Any] | None = None) -> None:
        row: dict[str, Any] = {"id": self.nid(_REL_PREFIX[type_], 7), "src": src, "dst": dst}
        if vf is not None:
            row["valid_from"] = _iso(vf)
        if vt is not None:
            row["valid_to"] = _iso(vt)
        if extra:
            row.update(extra)
        row["source"] = source
        self.out.write(type_, row)

    def between(self, a: int, b: int) -> int:
        return a if b <= a else self.rng.randint(a, b)

    def weighted(self, pairs: tuple[tuple[str, int], ...]) -> str:
        total = sum(w for _, w in pairs)
        x = self.rng.random() * total
        for v, w in pairs:
            x -= w
            if x < 0:
                return v
        return pairs[-1][0]

    def place_name(self, suffix: str, taken: set[str]) -> str:
        rng = self.rng
        for _ in range(200):
            a, b = rng.choice(_PLACE_A), rng.choice(_PLACE_B)
            if a == b:
                continue
            name = a + b + suffix
            if name not in taken:
                taken.add(name)
                return name
        raise RuntimeError("ran out of place names")  # pragma: no cover

    def person_name(self, female: bool) -> str:
        rng = self.rng
        sur = rng.choices(_SURNAMES, cum_weights=_SURNAME_CUM)[0]
        last = rng.choice(_GIVEN_F if female else _GIVEN_M)
        if rng.random() < 0.72:
            first = rng.choice(_GIVEN_FIRST if rng.random() < 0.5 else (_GIVEN_F if female else _GIVEN_M))
            return sur + first + last
        return sur + last

    # skeleton -----------------------------------------------------------------------------------------
    def skeleton(self) -> GovSpec:
        rng, sc = self.rng, self.sc
        pcode = rng.choice(_PROVINCE_CODES)
        prov = GovSpec(f"{pcode}0000", "province", self.place_name("省", self.used_names), "省")
        n_pref = sc.prefectures
        for i in range(n_pref):
            autonomous = sc.prefectures >= 10 and i == n_pref - 1
            if autonomous:
                short = self.place_name("州", self.used_names)
                code = f"{pcode}3100"
                spec = GovSpec(code, "prefecture", short, "州")
            else:
                spec = GovSpec(f"{pcode}{i + 1:02d}00", "prefecture", self.place_name("市", self.used_names), "市")
            prov.children.append(spec)
        return prov

    def counties_of(self, pref: GovSpec) -> None:
        rng, sc = self.rng, self.sc
        n = rng.randint(*sc.counties)
        base = pref.code[:4]
        kinds: list[str] = []
        if pref.kind == "州":
            kinds = ["市"] + ["县"] * (n - 1)
        else:
            n_dist = min(n - 1, rng.randint(1, 3))
            n_city = 1 if n - n_dist >= 3 and rng.random() < 0.7 else 0
            kinds = ["区"] * n_dist + ["县"] * (n - n_dist - n_city) + ["市"] * n_city
        nd = nc = ncity = 0
        for k in kinds:
            if k == "区":
                nd += 1
                code = f"{base}{nd + 1:02d}"
            elif k == "县":
                nc += 1
                code = f"{base}{nc + 21:02d}"
            elif pref.kind == "州":
                ncity += 1
                code = f"{base}{ncity:02d}"
            else:
                ncity += 1
                code = f"{base}{ncity + 80:02d}"
            spec = GovSpec(code, "county", self.place_name(k, self.used_names), k)
            pref.children.append(spec)

    def townships_of(self, county: GovSpec) -> None:
        rng = self.rng
        n = rng.randint(*self.sc.townships)
        if county.kind == "区":
            n_street = max(1, round(n * rng.uniform(0.5, 0.9)))
        elif county.kind == "市":
            n_street = rng.randint(1, 3)
        else:
            n_street = rng.randint(0, 2)
        n_street = min(n_street, n)
        n_xiang = 0 if county.kind == "区" else round((n - n_street) * rng.uniform(0.1, 0.4))
        n_zhen = n - n_street - n_xiang
        taken: set[str] = set()
        fixed = list(_STREET_FIXED)
        for i in range(n_street):
            name = fixed[i] + "街道" if i < 4 else self.place_name("街道", taken)
            taken.add(name)
            county.children.append(GovSpec(f"{county.code}{i + 1:03d}", "township", name, "街道"))
        for i in range(n_zhen):
            if i == 0 and n_street == 0:
                name = "城关镇"
                taken.add(name)
            elif rng.random() < 0.25:
                name = ""
                for _ in range(50):
                    cand = rng.choice(_SURNAMES[:40]) + rng.choice(_TOWN_MID) + "镇"
                    if cand not in taken:
                        name = cand
                        break
                if not name:
                    name = self.place_name("镇", taken)
                taken.add(name)
            else:
                name = self.place_name("镇", taken)
            county.children.append(GovSpec(f"{county.code}{i + 100:03d}", "township", name, "镇"))
        for i in range(n_xiang):
            name = self.place_name("乡", taken)
            county.children.append(GovSpec(f"{county.code}{i + 200:03d}", "township", name, "乡"))

    # units and posts ----------------------------------------------------------------------------------
    def make_gov(self, blk: Block, spec: GovSpec, parent: Unit | None) -> Unit:
        """Government node, its posts, its departments and their posts (written now)."""
        rng, sc = self.rng, self.sc
        lvl = spec.level
        if lvl == "township":
            county = parent
            assert county is not None
            place = county.place + spec.short
            full = place + ("办事处" if spec.kind == "街道" else "人民政府")
            abbr = spec.short[:2] if spec.kind != "街道" else spec.short[:-2]
        else:
            place = spec.short
            if spec.kind == "州":
                full = spec.short[:-1] + rng.choice(_AUTONOMOUS) + "人民政府"
            else:
                full = spec.short + "人民政府"
            abbr = spec.short[0]
        year = rng.randint(1983, 2005)
        if lvl == "township":
            gsrc = {"authority": self.province.name, "document": self.doc(self.province.abbr, "政函", year)}
        else:
            gsrc = {"authority": "国务院", "document": self.doc("国", "函", year)}
        gid = f"gov:{spec.code}"
        g = Unit(gid, full, place, abbr, lvl, True, spec.code, gsrc, gov=None, parent=parent, kind=spec.kind)
        g.gov = g
        g.seat = parent if lvl == "township" else g
        titles = {"省": ("省长", "副省长"), "市": ("市长", "副市长"), "州": ("州长", "副州长"), "区": ("区长", "副区长"),
                  "县": ("县长", "副县长"), "镇": ("镇长", "副镇长"), "乡": ("乡长", "副乡长"),
                  "街道": ("主任", "副主任")}
        g.head_title, g.deputy_title = titles[spec.kind]
        self.out.write("Government", {"id": gid, "name": full, "level": lvl, "division_code": spec.code,
                                      "source": gsrc})
        if parent is not None:
            self.rel("SUBORDINATE_TO", gid, parent.id, gsrc)
        blk.govs.append(g)

        # ranks: block-relative level and 职级
        seat = g.seat
        editor = seat.place  # 编办 of the seat government
        bsrc = {"authority": f"中共{editor}委机构编制委员会办公室",
                "document": self.doc(seat.abbr, "编发", rng.choice((2010, 2015, 2019, 2019, 2020)))}
        if lvl == "township":
            lv = {"gov_head": 4, "gov_deputy": 3, "head": 2, "deputy": 1, "staff": 0}
            rk = {"gov_head": "正科级", "gov_deputy": "副科级", "head": "股级", "deputy": None, "staff": "科员"}
        else:
            lv = {"gov_head": 6, "gov_deputy": 5, "head": 4, "deputy": 3, "section": 2, "subsection": 1, "staff": 0}
            ranks = {
                "province": ("正部级", "副部级", "正厅级", "副厅级", "正处级", "副处级", "科员"),
                "prefecture": ("正厅级", "副厅级", "正处级", "副处级", "正科级", "副科级", "科员"),
                "county": ("正处级", "副处级", "正科级", "副科级", "股级", None, "科员"),
            }[lvl]
            rk = dict(zip(("gov_head", "gov_deputy", "head", "deputy", "section", "subsection", "staff"), ranks))

        def post(unit: Unit, idx: int, name: str, role: str) -> Post:
            pid = f"post:{spec.code}:00:{idx:03d}" if unit.is_gov else f"post:{unit.id[4:]}:{idx:03d}"
            p = Post(pid, name, unit, role, lv[role], rk.get(role), len(blk.posts))
            row: dict[str, Any] = {"id": pid, "name": name, "is_principal": role in ("gov_head", "head")}
            if p.rank:
                row["rank"] = p.rank
            row["source"] = unit.psrc
            self.out.write("Post", row)
            blk.posts.append(p)
            unit.posts.append(p)
            return p

        # government posts
        g.psrc = {"authority": full, "document": self.doc(abbr, "政发", rng.randint(2008, 2012))}
        g.principal = post(g, 1, f"{full}{g.head_title}", "gov_head")
        n_dep = rng.randint(*sc.gov_deputies[lvl])
        for i in range(n_dep):
            if i == 0 and lvl != "township":
                t = "常务" + g.deputy_title
            else:
                t = f"{g.deputy_title}（{_CN_NUM[i - (0 if lvl == 'township' else 1)]}）"
            d = post(g, 2 + i, full + t, "gov_deputy")
            d.acting_src = None
            g.deputies.append(d)
        g.principal.acting_src = g.deputies[0]

        # departments
        if lvl == "township":
            lo, hi = sc.depts["township"]
            n = rng.randint(lo, hi)
            rest = list(range(2, len(_TOWNSHIP_DEPTS)))
            rng.shuffle(rest)
            chosen = [0, 1] + sorted(rest[: max(0, n - 2)])
            specs = [(_TOWNSHIP_DEPTS[i][0], _TOWNSHIP_DEPTS[i][1], _TOWNSHIP_DEPTS[i][2], None) for i in chosen[:n]]
        else:
            if lvl == "province":
                n = rng.randint(*sc.depts["province"]) if sc.province_depts else 0
            else:
                n = rng.randint(*sc.depts[lvl])
            n = min(n, len(_DEPTS))
            rest = list(range(_CORE_DEPTS, len(_DEPTS)))
            rng.shuffle(rest)
            chosen = list(range(min(n, _CORE_DEPTS))) + sorted(rest[: max(0, n - _CORE_DEPTS)])
            specs = [_DEPTS[i] for i in chosen]
        for di, (dname, cat, dabbr, prov_name) in enumerate(specs, 1):
            if lvl == "province" and prov_name:
                dname = prov_name
            if lvl == "county" and dname == "发展和改革委员会":
                dname = "发展和改革局"
            name = place + dname
            did = f"dep:{spec.code}:{di:02d}"
            dsrc = {"authority": bsrc["authority"], "document": bsrc["document"]}
            u = Unit(did, name, place, abbr + dabbr, lvl, False, spec.code, dsrc, psrc=dsrc, category=cat,
                     gov=g, parent=parent, seat=g.seat)
            self.out.write("Department", {"id": did, "name": name, "category": cat, "source": dsrc})
            self.rel("BELONGS_TO", did, gid, dsrc)
            g.depts.append(u)
            g.by_cat.setdefault(cat, u)
            head = _head_title(dname)
            u.principal = post(u, 1, name + head, "head")
            idx = 2
            for i in range(rng.randint(*sc.dept_deputies[lvl])):
                u.deputies.append(post(u, idx, f"{name}副{head}（{_CN_NUM[i]}）", "deputy"))
                idx += 1
            u.principal.acting_src = u.deputies[0] if u.deputies else None
            if lvl == "township":
                for i in range(rng.randint(*sc.staff["township"])):
                    post(u, idx, f"{name}工作人员（{_CN_NUM[i]}）", "staff")
                    idx += 1
                continue
            names = list(_SECTIONS.get(cat, ()))
            rng.shuffle(names)
            generic = list(_GENERIC_SECTIONS)
            rng.shuffle(generic)
            n_sec = rng.randint(*sc.sections[lvl])
            sec_names = (["办公室"] + names + generic)[:n_sec]
            unit_word = "处" if lvl == "province" else "科"
            for sname in sec_names:
                full_sec = sname if sname == "办公室" else sname + unit_word
                chief_t = "主任" if sname == "办公室" else unit_word + "长"
                chief = post(u, idx, f"{name}{full_sec}{chief_t}", "section")
                idx += 1
                members = [chief]
                if rng.random() < sc.subsection_p:
                    members.append(post(u, idx, f"{name}{full_sec}副{chief_t}", "subsection"))
                    idx += 1
                chief.acting_src = members[1] if len(members) > 1 else None
                for i in range(rng.randint(*sc.staff[lvl])):
                    members.append(post(u, idx, f"{name}{full_sec}科员（{_CN_NUM[i]}）", "staff"))
                    idx += 1
                u.sections.append(Section(full_sec, chief, members))
        # one section moves to another department (机构改革 or a reorganisation)
        with_sec = [u for u in g.depts if u.sections]
        if len(with_sec) >= 2 and rng.random() < sc.move_p:
            a, b = rng.sample(with_sec, 2)
            sec = rng.choice(a.sections)
            sec.moved_to = b
            sec.moved_on = _d(2019, 3, 1) + rng.randint(0, 120) if rng.random() < 0.6 else \
                rng.randint(_d(2012), _d(2024, 12, 31))
        return g

    # tenures -------------------------------------------------------------------------------------------
    def timeline(self, p: Post, vacancies: list[tuple[Post, int, int]]) -> None:
        rng = self.rng
        s = rng.randint(_d(2008, 7, 1), _d(2011, 12, 31))
        first = True
        slots = p.slots
        while True:
            if p.role == "staff":
                dur = rng.randint(2190, 5110)  # 科员 stay 6–14 years
            elif p.role == "subsection":
                dur = rng.randint(1095, 2920)
            else:
                dur = rng.randint(730, 2190)  # leaders: 2–6 years
            if first:
                dur = rng.randint(120, dur)  # the first holder we know of had started earlier
            e = s + dur - 1
            # a new head of government is first acting (代县长) and elected a few months later
            if p.role == "gov_head" and not first and rng.random() < 0.5:
                k = rng.randint(30, 150)
                if s + k - 1 < min(e, _AS_OF):
                    a = Slot(p, s, s + k - 1, acting=True, keep=True)
                    slots.append(a)
                    slots.append(Slot(p, s + k, None if e >= _AS_OF else e, prev_same=a, order=1))
                else:
                    slots.append(Slot(p, s, None if e >= _AS_OF else e, acting=True))
            else:
                sl = Slot(p, s, None if e >= _AS_OF else e)
                if first and s < _d(2010) and rng.random() < 0.3:
                    dt = date.fromordinal(s)
                    if rng.random() < 0.3:
                        sl.start, sl.prec = _d(dt.year), "year"
                    else:
                        sl.start, sl.prec = _d(dt.year, dt.month), "month"
                slots.append(sl)
            if e >= _AS_OF:
                return
            last = slots[-1]
            if not first and rng.random() < 0.02:
                last.end_unknown = True
            first = False
            r = rng.random()
            if r < 0.72:
                s = e + 1
                continue
            gap = rng.randint(3, 30) if r < 0.86 else rng.randint(31, 270)
            nxt = e + gap + 1
            if rng.random() < 0.35 and not last.end_unknown and p.role not in ("staff", "subsection"):
                fe = e + gap
                if rng.random() < 0.3:
                    fe += rng.randint(1, 10)  # the acting holder stays a few days into the new term
                if nxt > _AS_OF:
                    fe = None
                slots.append(Slot(p, e + 1, fe, acting=True, filler=True, order=2))
            elif not last.end_unknown:
                vacancies.append((p, e + 1, min(e + gap, _AS_OF)))
            if nxt > _AS_OF:
                return
            s = nxt

    def new_official(self, blk: Block, level: int, start: int) -> str:
        rng = self.rng
        ages = ((22, 40), (27, 42), (30, 47), (34, 50), (38, 52), (42, 54), (45, 55))[level]
        female = rng.random() < (0.46, 0.4, 0.34, 0.26, 0.2, 0.18, 0.12)[level]
        by = _year(start) - rng.randint(*ages)
        birth = _d(by) + rng.randint(0, 364)
        key = (birth, female)
        k = blk.id_seq.get(key, 0)
        blk.id_seq[key] = k + 1
        seq = 2 * (k % 499) + (2 if female else 1)
        oid = self.nid("off", 7)
        name = self.person_name(female)
        blk.birth[oid] = by
        blk.names[oid] = name
        seat = blk.top
        self.out.write("Official", {
            "id": oid, "name": name, "gender": "女" if female else "男", "birth_year": by,
            "id_hash": hashlib.sha256(_fake_id(blk.region, birth, seq).encode("ascii")).hexdigest(),
            "source": {"authority": f"中共{seat.place}委组织部",
                       "document": self.doc(seat.abbr, "组干", max(_year(start), 2005))},
        })
        return oid

    def assign(self, blk: Block) -> None:
        """Give every slot an official: promotions and transfers inside the block, or a newcomer."""
        rng = self.rng
        slots = [s for p in blk.posts for s in p.slots]
        slots.sort(key=lambda s: (s.start, s.order, s.post.seq))
        heaps: list[list[tuple[int, int, str]]] = [[] for _ in range(7)]
        push, pop = heapq.heappush, heapq.heappop
        birth = blk.birth
        last_post: dict[str, Post] = {}
        for s in slots:
            p = s.post
            if s.prev_same is not None:
                s.official = s.prev_same.official
            else:
                off = None
                if s.filler and p.acting_src is not None:
                    h = _holder_on(p.acting_src, s.start, strict=False)
                    if h is not None and h.official is not None:
                        off = h.official
                        s.borrowed = True
                if off is None and rng.random() < 0.93:
                    y = _year(s.start)
                    order = (p.level - 1, p.level, p.level + 1) if rng.random() < 0.55 else \
                        (p.level, p.level - 1, p.level + 1)
                    for lv in order:
                        if lv < 0 or lv > 6:
                            continue
                        h = heaps[lv]
                        back = None
                        while h and h[0][0] <= s.start:
                            item = pop(h)
                            cand = item[2]
                            if last_post.get(cand) is p:
                                back = item  # not back into the post they just left
                                continue
                            if y - birth[cand] <= 57:
                                off = cand
                                break
                        if back is not None:
                            push(h, back)
                        if off is not None:
                            break
                if off is None:
                    off = self.new_official(blk, p.level, s.start)
                s.official = off
            if not s.borrowed:
                last_post[s.official] = p
            if s.end is not None and not s.end_unknown and not s.keep and not s.borrowed:
                free = s.end + 1 + rng.randint(0, 40)
                if _year(free) - birth[s.official] < 58:
                    self.pool_seq += 1
                    push(heaps[p.level], (free, self.pool_seq, s.official))

    def write_holds(self, blk: Block) -> None:
        w = self.out.write
        for p in blk.posts:
            g = p.unit.gov
            assert g is not None and g.seat is not None
            # who appoints: the people's congress (standing committee) for members of the government
            # and heads of its departments, the Party organisation department for everyone else
            if p.role in ("gov_head", "gov_deputy") or (p.role == "head" and g.level != "township"):
                if g.level == "township":
                    auth, abbr, word = f"{g.place}人民代表大会", g.abbr, "人大"
                else:
                    auth, abbr, word = f"{g.place}人民代表大会常务委员会", g.abbr, "人常任"
            elif g.level == "township" or p.role in ("head", "deputy"):
                auth, abbr, word = f"中共{g.seat.place}委组织部", g.seat.abbr, "组干"
            else:
                auth, abbr, word = p.unit.name, p.unit.abbr, "人"
            for s in p.slots:
                row: dict[str, Any] = {"id": self.nid("ten", 7), "src": s.official, "dst": p.id,
                                       "valid_from": _iso(s.start)}
                if s.end is not None and not s.end_unknown:
                    row["valid_to"] = _iso(s.end)
                if s.acting:
                    row["acting"] = True
                if s.end_unknown:
                    row["end_unknown"] = True
                if s.prec != "day":
                    row["valid_from_precision"] = s.prec
                row["source"] = {"authority": auth, "document": self.doc(abbr, word, _year(s.start))}
                w("HOLDS", row)
                if blk.top.level == "province":
                    continue  # the demo section points at the prefecture and below
                if s.acting and "acting_tenure" not in self.demo:
                    self.demo["acting_tenure"] = {"tenure": row["id"], "official": s.official, "post": p.id,
                                                  "post_name": p.name, "from": row["valid_from"],
                                                  "to": row.get("valid_to")}
                if s.end_unknown and "end_unknown_tenure" not in self.demo:
                    self.demo["end_unknown_tenure"] = {"tenure": row["id"], "official": s.official,
                                                       "post": p.id, "from": row["valid_from"]}

    def structure(self, blk: Block) -> None:
        """POST_IN and REPORTS_TO rows (with section moves and portfolio changes)."""
        rng = self.rng
        for g in blk.govs:
            assert g.principal is not None
            changes = [c for c in _changes(g.principal) if c > _d(2011)]
            div_src: dict[int, dict[str, str]] = {}
            for i, u in enumerate(g.depts):
                assert u.principal is not None
                if not g.deputies:
                    continue
                cur = g.deputies[i % len(g.deputies)]
                segs: list[tuple[int | None, int | None, Post]] = []
                start: int | None = None
                for c in changes:
                    if rng.random() < 0.3 and len(g.deputies) > 1:
                        day = min(c + rng.randint(10, 60), _AS_OF)
                        if start is not None and day <= start:
                            continue
                        nxt = rng.choice([d for d in g.deputies if d is not cur])
                        segs.append((start, day - 1, cur))
                        start, cur = day, nxt
                segs.append((start, None, cur))
                u.principal.reports = segs
            for d in g.deputies:
                d.reports = [(None, None, g.principal)]
            for u in g.depts:
                assert u.principal is not None
                for d in u.deputies:
                    d.reports = [(None, None, u.principal)]
                for p in u.posts:
                    if p.role == "staff" and not u.sections:
                        p.reports = [(None, None, u.principal)]
                for sec in u.sections:
                    if sec.moved_to is not None:
                        m = sec.moved_on
                        assert sec.moved_to.principal is not None
                        sec.chief.reports = [(None, m - 1, u.principal), (m, None, sec.moved_to.principal)]
                        for p in sec.posts:
                            p.units = [(None, m - 1, u), (m, None, sec.moved_to)]
                    else:
                        sec.chief.reports = [(None, None, u.principal)]
                    for p in sec.posts[1:]:
                        p.reports = [(None, None, sec.chief)]
            # the documents that distribute the deputies' portfolios
            for p in [*g.deputies] + [u.principal for u in g.depts if u.principal is not None]:
                for a, b, q in p.reports:
                    key = a or 0
                    if key not in div_src:
                        y = _year(a) if a else rng.randint(2008, 2011)
                        div_src[key] = {"authority": g.name, "document": self.doc(g.abbr, "政发", y)}
            g_div = div_src
            for u in [g, *g.depts]:
                for p in u.posts:
                    units = p.units or [(None, None, u)]
                    for a, b, v in units:
                        self.rel("POST_IN", p.id, v.id, v.psrc, a, b)
                    for a, b, q in p.reports:
                        src = g_div.get(a or 0) if p.role in ("head", "gov_deputy") else u.src
                        self.rel("REPORTS_TO", p.id, q.id, src or u.src, a, b)
                        if a is not None and p.role == "head" and "portfolio_change" not in self.demo:
                            self.demo["portfolio_change"] = {"post": p.id, "post_name": p.name, "on": _iso(a),
                                                             "reports_to": q.id}
            for u in g.depts:
                for sec in u.sections:
                    if sec.moved_to is not None and "moved_post" not in self.demo:
                        self.demo["moved_post"] = {"post": sec.chief.id, "post_name": sec.chief.name,
                                                   "from_unit": u.id, "to_unit": sec.moved_to.id,
                                                   "on": _iso(sec.moved_on)}

    # companies --------------------------------------------------------------------------------------------
    def company(self, region: str, place: str, big: bool) -> tuple[str, str, str]:
        rng = self.rng
        grp = self.weighted(_GROUP_WEIGHTS)
        ind = rng.choice(_INDUSTRIES[grp])
        for _ in range(100):
            brand = rng.choice(_BRAND) + rng.choice(_BRAND)
            if brand[0] == brand[1]:
                continue
            if grp == "finance" and ind == "证券":
                suffix = "股份有限公司"
            elif grp == "investment" or big:
                suffix = "集团有限公司"
            else:
                suffix = self.weighted((("有限公司", 75), ("股份有限公司", 12), ("集团有限公司", 13)))
            name = f"{place}{brand}{ind}{suffix}"
            if name not in self.company_names:
                self.company_names.add(name)
                break
        cid = self.nid("co", 6)
        code = _uscc(region, rng)
        est = rng.randint(_d(1995), _d(2020, 12, 31))
        self.out.write("Company", {"id": cid, "name": name, "credit_code": code, "valid_from": _iso(est),
                                   "source": {"authority": f"{place}市场监督管理局",
                                              "document": f"营业执照（{code}）"}})
        return grp, cid, name

    def companies(self, n: int, places: list[tuple[str, str]], big: bool) -> dict[str, list[tuple[str, str]]]:
        pools: dict[str, list[tuple[str, str]]] = {g: [] for g, _ in _GROUP_WEIGHTS}
        for i in range(n):
            region, place = places[i % len(places)] if i < len(places) else self.rng.choice(places)
            grp, cid, name = self.company(region, place, big)
            pools[grp].append((cid, name))
        return pools

    def pick_company(self, groups: tuple[str, ...]) -> tuple[str, str]:
        rng = self.rng
        grp = rng.choice(groups)
        pool = self.big.get(grp) if rng.random() < 0.15 else self.local.get(grp)
        if not pool:
            pool = self.local.get(grp) or self.big.get(grp)
        if not pool:
            pool = [c for g in sorted(self.local) for c in self.local[g]] or \
                   [c for g in sorted(self.big) for c in self.big[g]]
        return rng.choice(pool)

    # projects and what hangs on them ----------------------------------------------------------------------
    def projects(self, blk: Block, g: Unit) -> None:
        rng = self.rng
        n = rng.randint(*self.sc.projects[g.level])
        items: list[dict[str, Any]] = []
        for i in range(n):
            # the first projects of a prefecture cover every kind (small bundles show them all)
            kind = _KIND_WEIGHTS[i][0] if g.level == "prefecture" and i < len(_KIND_WEIGHTS) else None
            items.append(self.project(blk, g, kind))
        n_cmt = round(n * 2.2) + (rng.randint(2, 6) if g.level == "township" else 0)
        for i in range(n_cmt):
            self.commitment(blk, g, rng.choice(items) if items and rng.random() < 0.6 else None)

    def owner_for(self, g: Unit, kind: str) -> Unit:
        rng = self.rng
        p_gov = {"ppp": 0.5, "investment_promotion": 0.4, "procurement": 0.05, "bidding": 0.2,
                 "government_debt": 0.3}[kind]
        if not g.depts or rng.random() < p_gov:
            return g
        cats = _KIND_OWNER_CATS[kind]
        if cats:
            opts = [g.by_cat[c] for c in cats if c in g.by_cat]
            if opts:
                return rng.choice(opts)
            if kind in ("government_debt", "investment_promotion"):
                return g
        return rng.choice(g.depts)

    def project_name(self, g: Unit, owner: Unit, kind: str, start: int) -> str:
        rng = self.rng
        y = _year(start)
        place = g.place
        if kind == "ppp":
            return f"{place}{rng.choice(_AREAS)}{rng.choice(_PPP_THEMES)}PPP项目"
        if kind == "investment_promotion":
            t = rng.choice(_IP_THEMES).format(n=rng.choice((2, 3, 5, 10, 20, 30)))
            return f"{place}{t}项目"
        if kind == "procurement":
            items = _PROC_BY_CAT.get(owner.category or "", ()) + _PROC_ITEMS
            return f"{owner.name}{y}年{rng.choice(items)}采购项目"
        if kind == "bidding":
            x = rng.choice(_PLACE_A) + rng.choice(_PLACE_B)
            return place + rng.choice(_BID_THEMES).format(x=x, n=rng.randint(1, 12))
        return f"{y}年{place}政府专项债券（{rng.choice(_DEBT_USES)}）项目"

    def project(self, blk: Block, g: Unit, kind: str | None = None) -> dict[str, Any]:
        rng = self.rng
        kind = kind or self.weighted(_KIND_WEIGHTS)
        if g.level == "township" and kind in ("government_debt", "ppp") and rng.random() < 0.7:
            kind = "procurement" if rng.random() < 0.5 else "bidding"
        owner = self.owner_for(g, kind)
        start = rng.randint(_d(2011), _d(2025, 9, 30))
        name = self.project_name(g, owner, kind, start)
        inv_range = {"ppp": (2e8, 5e9), "investment_promotion": (5e7, 3e9), "procurement": (2e5, 2e7),
                     "bidding": (1e6, 3e8), "government_debt": (1e8, 2e9)}[kind]
        scale = 0.3 if g.level == "township" else 1.0
        investment = round(rng.uniform(*inv_range) * scale, -4)
        pid = self.nid("prj", 6)
        psrc = {"authority": (owner.gov or owner).by_cat.get("发改", owner).name if kind != "procurement"
                else owner.name,
                "document": self.doc((owner.gov or owner).abbr, "发改投资" if kind != "procurement" else "财采",
                                     _year(start))}
        # stages
        stages: list[tuple[str, str, int, int | None]] = []
        cur = start
        terminated = kind == "ppp" and rng.random() < 0.12
        for st in _KIND_STAGES[kind]:
            if cur > _AS_OF:
                break
            if st == "handover" and not terminated:
                break
            if st == "implementation":
                lo, hi = _IMPL_DAYS[kind]
            elif st == "execution" and terminated:
                lo, hi = 365, 2000
            else:
                lo, hi = _STAGE_DAYS[st]
            e = cur + rng.randint(lo, hi) - 1
            sid = f"stg:{pid[4:]}:{st}"
            stages.append((st, sid, cur, None if e >= _AS_OF else e))
            if e >= _AS_OF:
                break
            cur = e + 1
        done = bool(stages) and stages[-1][3] is not None
        status = ("terminated" if terminated else "completed") if done else "in_progress"
        row: dict[str, Any] = {"id": pid, "name": name, "kind": kind, "start_date": _iso(start),
                               "investment": investment, "status": status, "valid_from": _iso(start),
                               "source": psrc}
        self.out.write("Project", row)
        blk.projects.setdefault(owner.id, []).append((pid, name, start))
        self.rel("OWNED_BY", pid, owner.id, psrc, start)
        if kind == "ppp" and "ppp_project" not in self.demo:
            self.demo["ppp_project"] = {"project": pid, "name": name}
        gov = owner.gov or owner
        assert gov.principal is not None
        resp_posts: list[Post] = []
        stage_dates: dict[str, tuple[int, int | None]] = {}
        for st, sid, a, b in stages:
            label = _STAGE_LABEL[st]
            ssrc = {"authority": owner.name, "document": self.doc(owner.abbr, "函", _year(a))}
            srow: dict[str, Any] = {"id": sid, "name": f"{name}（{label}阶段）", "stage": st, "valid_from": _iso(a)}
            if b is not None:
                srow["valid_to"] = _iso(b)
            srow["source"] = ssrc
            self.out.write("ProjectStage", srow)
            self.rel("HAS_STAGE", pid, sid, psrc)
            stage_dates[st] = (a, b)
            rsrc = {"authority": gov.name, "document": self.doc(gov.abbr, "政办函", _year(a))}
            main = self.primary_post(owner)
            duty = f"{label}阶段政府方责任人"
            if b is not None and b - a > 400 and rng.random() < 0.08:
                # responsibility handed to another post in the middle of the stage
                mid = a + (b - a) // 2
                other = self.primary_post(owner)
                if other is main:
                    other = gov.principal
                self.rel("RESPONSIBLE_FOR", main.id, sid, rsrc, a, mid - 1, {"duty": duty})
                self.rel("RESPONSIBLE_FOR", other.id, sid, rsrc, mid, b, {"duty": duty})
                resp_posts += [main, other]
            else:
                self.rel("RESPONSIBLE_FOR", main.id, sid, rsrc, a, b, {"duty": duty})
                resp_posts.append(main)
            if rng.random() < 0.35:
                second = gov.principal if owner.is_gov or rng.random() < 0.3 else self.supervisor(owner, a)
                if second is not main:
                    self.rel("RESPONSIBLE_FOR", second.id, sid, rsrc, a, b, {"duty": "分管领导"})
                    resp_posts.append(second)
            if rng.random() < 0.1:
                h = _holder_on(main, a, strict=True)
                if h is not None:
                    e = _min_end(h.end, b)
                    self.rel("RESPONSIBLE_FOR", h.official, sid, rsrc, a, e, {"duty": "项目负责人（个人）"})
        item = {"id": pid, "name": name, "kind": kind, "owner": owner, "gov": gov, "resp": resp_posts,
                "investment": investment,
                "companies": [], "stages": stage_dates, "done": done, "start": start}
        self.contracts(blk, item)
        # arrears on construction projects (拖欠工程款/农民工工资)
        if kind in ("bidding", "ppp") and ("implementation" in stage_dates or "execution" in stage_dates):
            if rng.random() < 0.08:
                a, b = stage_dates.get("implementation") or stage_dates["execution"]
                act = self.between(a + 90, min(b or _AS_OF, _AS_OF))
                subj = (pid, "Project") if rng.random() < 0.5 or not self.project_subject else (owner.id, "unit")
                self.project_subject = True
                word = "拖欠农民工工资" if rng.random() < 0.4 else "拖欠工程款"
                self.record(blk, "arrears", subj[0], f"{owner.name}{word}（{name}）", act, gov,
                            evidence=pid, severity=self.weighted((("general", 5), ("serious", 4), ("light", 1))))
        return item

    def primary_post(self, owner: Unit) -> Post:
        rng = self.rng
        assert owner.principal is not None
        if owner.is_gov:
            return rng.choice(owner.deputies) if owner.deputies and rng.random() < 0.6 else owner.principal
        r = rng.random()
        if r < 0.6 or (not owner.deputies and not owner.sections):
            return owner.principal
        if r < 0.85 and owner.deputies:
            return rng.choice(owner.deputies)
        if owner.sections:
            return rng.choice(owner.sections).chief
        return owner.principal

    def supervisor(self, dept: Unit, day: int) -> Post:
        """The 分管 deputy of the department's government on a day."""
        assert dept.principal is not None and dept.gov is not None and dept.gov.principal is not None
        for a, b, q in dept.principal.reports:
            if (a is None or a <= day) and (b is None or day <= b):
                return q
        return dept.gov.principal

    def signatory(self, cands: list[Post], day: int) -> tuple[Post, Slot, int] | None:
        for k in range(0, 181, 15):
            d = day + k
            if d > _AS_OF:
                break
            for p in cands:
                s = _holder_on(p, d, strict=True)
                if s is not None:
                    return p, s, d
        return None

    def contracts(self, blk: Block, prj: dict[str, Any]) -> None:
        rng = self.rng
        kind, owner, gov = prj["kind"], prj["owner"], prj["gov"]
        st = prj["stages"].get(_SIGN_STAGE[kind])
        if not st or st[1] is None:
            return
        a, b = st
        lo, hi = {"ppp": (2, 6), "investment_promotion": (1, 5), "procurement": (3, 11), "bidding": (3, 11),
                  "government_debt": (1, 3)}[kind]
        n = rng.randint(lo, hi)
        groups, role = _KIND_PARTIES[kind]
        main_co = self.pick_company(groups)
        prj["companies"].append(main_co)
        partner = self.pick_company(groups) if kind == "ppp" and rng.random() < 0.3 else None
        if partner and partner != main_co:
            prj["companies"].append(partner)
        later = prj["stages"].get("execution") or prj["stages"].get("implementation")
        for i in range(n):
            if kind in ("procurement", "bidding"):
                co = main_co if i == 0 else self.pick_company(groups)
                label = "采购合同" if kind == "procurement" else "施工合同"
                cname = f"{prj['name']}（第{_CN_NUM[i] if i < 10 else i + 1}{'包' if kind == 'procurement' else '标段'}）{label}"
                day = max(a, b - rng.randint(0, 45))
                if co not in prj["companies"]:
                    prj["companies"].append(co)
            else:
                co = main_co
                if i == 0:
                    cname = prj["name"] + {"ppp": "合同", "investment_promotion": "投资合作协议",
                                           "government_debt": "承销协议"}[kind]
                    day = max(a, b - rng.randint(0, 30))
                else:
                    if not later:
                        break
                    la, lb = later
                    day = self.between(la + 30, min(lb or _AS_OF, _AS_OF))
                    cname = f"{prj['name']}补充协议（{_CN_NUM[min(i - 1, 9)]}）"
            if day > _AS_OF:
                break
            # who signs: the owner's principal mostly, a deputy sometimes, the head of government for
            # big investment agreements
            cands: list[Post] = []
            assert owner.principal is not None and gov.principal is not None
            if kind == "investment_promotion" and owner.is_gov and rng.random() < 0.5:
                cands.append(gov.principal)
            if rng.random() < 0.75:
                cands.append(owner.principal)
            cands += rng.sample(owner.deputies, len(owner.deputies))
            if owner.principal not in cands:
                cands.append(owner.principal)
            found = self.signatory(cands, day)
            if found is None:
                continue
            post, slot, day = found
            self.contract(blk, prj, cname, co, role, post, slot, day, partner if i == 0 else None)

    def contract(self, blk: Block, prj: dict[str, Any], cname: str, co: tuple[str, str], role: str, post: Post,
                 slot: Slot, signed: int, partner: tuple[str, str] | None) -> None:
        rng = self.rng
        owner, gov = prj["owner"], prj["gov"]
        kind = prj["kind"]
        cid = self.nid("ctr", 7)
        status = "fulfilled" if prj["done"] else "performing"
        breached = None
        change: tuple[int, Post] | None = None
        if signed < _AS_OF - 90 and rng.random() < 0.10:
            cands: list[tuple[int, Post]] = []
            seen_posts: list[Post] = []
            for q in [post, *prj["resp"], gov.principal]:
                if q in seen_posts:
                    continue
                seen_posts.append(q)
                for c in _changes(q):
                    if signed < c <= _AS_OF - 30:
                        cands.append((c, q))
            if cands and rng.random() < 0.65:
                lead = [cq for cq in cands if cq[1] is gov.principal]
                c, q = rng.choice(lead if lead and rng.random() < 0.5 else cands)
                breached = c + rng.randint(30, min(365, _AS_OF - c))
                change = (c, q)
            else:
                breached = signed + rng.randint(60, max(60, min(1500, _AS_OF - signed)))
            status = "breached"
        elif rng.random() < 0.04:
            status = "terminated" if rng.random() < 0.6 else "changed_lawfully"
        inv = prj["investment"]
        if "补充协议" in cname:
            value = inv * rng.uniform(0.02, 0.2)
        elif kind in ("procurement", "bidding"):
            value = inv * rng.uniform(0.08, 0.3)
        elif kind == "government_debt":
            value = inv * rng.uniform(0.001, 0.004)  # underwriting fee
        else:
            value = inv * rng.uniform(0.7, 1.0)
        value = round(value, -2)
        csrc = {"authority": owner.name, "document": self.doc(owner.abbr, "合", _year(signed))}
        row: dict[str, Any] = {"id": cid, "name": cname, "status": status, "signed_on": _iso(signed)}
        if breached is not None:
            row["breached_on"] = _iso(breached)
        row.update({"value": int(value), "currency": "CNY", "valid_from": _iso(signed), "source": csrc})
        self.out.write("Contract", row)
        self.rel("FOR_PROJECT", cid, prj["id"], csrc)
        self.rel("HAS_PARTY", cid, owner.id, csrc, extra={"role": "government"})
        self.rel("HAS_PARTY", cid, co[0], csrc, extra={"role": role})
        if partner is not None and partner != co:
            self.rel("HAS_PARTY", cid, partner[0], csrc, extra={"role": role})
        self.rel("SIGNED_BY", cid, slot.official or "", csrc)
        self.rel("SIGNED_AS", cid, post.id, csrc)
        if role in ("social_capital", "investor") and cname.endswith(("合同", "投资合作协议")):
            for c in [co] + ([partner] if partner and partner != co else []):
                amt = int(round(value * (0.6 if partner else 1.0), -2))
                self.rel("INVESTS_IN", c[0], prj["id"], csrc, signed, None, {"amount": amt})
        ctr = {"id": cid, "name": cname, "owner": owner, "gov": gov, "co": co, "signed": signed,
               "breached": breached, "post": post, "project": prj, "status": status}
        if change is not None and breached is not None:
            c, q = change
            key = "breach_after_leader_change" if q is gov.principal else "breach_after_holder_change"
            if key not in self.demo:
                self.demo[key] = {"contract": cid, "name": cname, "signed_on": _iso(signed),
                                  "breached_on": _iso(breached), "post": q.id, "post_name": q.name,
                                  "changed_on": _iso(c), "days_after_change": breached - c,
                                  "signed_by": slot.official, "signed_as": post.id}
        if breached is not None:
            self.breach_consequences(blk, ctr)
        elif status == "terminated" and rng.random() < 0.5 or rng.random() < 0.16:
            eff = signed + rng.randint(200, 1500)
            if eff <= _AS_OF:
                self.judgment(blk, ctr, eff, p_performed=0.85)

    def breach_consequences(self, blk: Block, ctr: dict[str, Any]) -> None:
        rng = self.rng
        owner, gov, b = ctr["owner"], ctr["gov"], ctr["breached"]
        subj = owner.id
        r = rng.random()
        if r < 0.2 or not self.contract_subject:
            subj = ctr["id"]  # (the first breach of a bundle is always recorded on the contract itself)
            self.contract_subject = True
        elif r < 0.3:
            subj = ctr["project"]["id"]
        sev = self.weighted((("general", 5), ("serious", 4), ("light", 1)))
        self.record(blk, "contract_breach", subj, f"{owner.name}违约毁约（{ctr['name']}）", b, gov,
                    evidence=ctr["id"], severity=sev)
        if rng.random() < 0.5:
            h = _holder_on(ctr["post"], b, strict=False)
            if h is not None and h.official:
                nm = blk.names.get(h.official, "")
                sv = self.weighted((("light", 4), ("general", 4), ("serious", 2)))
                act = rng.choice(_ACCOUNT_ACTS[sv])
                self.record(blk, "accountability", h.official, f"{nm}因合同违约被{act}", b, gov,
                            evidence=ctr["id"], severity=sv, dimension="duty")
        if rng.random() < 0.75:
            eff = b + rng.randint(150, 800)
            if eff <= _AS_OF:
                self.judgment(blk, ctr, eff, p_performed=0.45)

    def court(self, unit: Unit) -> tuple[str, str, bool]:
        """(court name, court code for the case number, is the first-instance basic court)."""
        seat = unit.seat or unit
        if seat.level == "county":
            return f"{seat.place}人民法院", seat.code[2:6], True
        if seat.level == "prefecture":
            return f"{seat.place}中级人民法院", seat.code[2:4], False
        return f"{seat.place}高级人民法院", "", False

    def judgment(self, blk: Block, ctr: dict[str, Any], eff: int, p_performed: float,
                 concerns: tuple[str, str] | None = None) -> dict[str, Any]:
        rng = self.rng
        owner, gov = ctr["owner"], ctr["gov"]
        kind = ctr["project"]["kind"] if ctr.get("project") else "commitment"
        court, code, basic = self.court(owner)
        admin = kind in ("ppp", "investment_promotion") and rng.random() < 0.5
        typ = "行" if admin else "民"
        if basic and rng.random() < 0.25:
            pref = (owner.seat or owner).parent
            if pref is not None:
                court, code = f"{pref.place}中级人民法院", pref.code[2:4]
                typ += "终"
            else:
                typ += "初"
        else:
            typ += "初"
        year = _year(eff) if rng.random() < 0.4 else max(2010, _year(eff) - 1)
        case = f"（{year}）{self.province.abbr}{code}{typ}{rng.randint(1, 3000)}号"
        dispute = "行政协议纠纷案" if admin else {
            "ppp": "政府和社会资本合作合同纠纷案", "investment_promotion": "招商引资合同纠纷案",
            "procurement": "政府采购合同纠纷案", "bidding": "建设工程施工合同纠纷案", "government_debt": "合同纠纷案",
            "commitment": "行政允诺纠纷案",
        }[kind]
        jid = self.nid("jdg", 6)
        performed = rng.random() < p_performed
        perf_on = eff + rng.randint(20, 400) if performed else None
        if perf_on is not None and perf_on > _AS_OF:
            performed, perf_on = False, None
        listed = None
        if not performed and rng.random() < 0.55:
            listed = eff + rng.randint(45, 300)
            if listed > _AS_OF:
                listed = None
        row: dict[str, Any] = {"id": jid, "name": f"{ctr['co'][1]}诉{owner.name}{dispute}", "case_number": case,
                               "court": court, "effective_on": _iso(eff), "performed": performed}
        if perf_on is not None:
            row["performed_on"] = _iso(perf_on)
        if listed is not None:
            row["debtor_listed_on"] = _iso(listed)
        jsrc = {"authority": court, "document": case}
        row["valid_from"] = _iso(eff)
        row["source"] = jsrc
        self.out.write("Judgment", row)
        self.rel("AGAINST", jid, owner.id, jsrc)
        tgt = concerns[0] if concerns else ctr["id"]
        self.rel("CONCERNS", jid, tgt, jsrc)
        if not performed and "unperformed_judgment" not in self.demo:
            self.demo["unperformed_judgment"] = {"judgment": jid, "case_number": case, "against": owner.id}
        if not performed and eff + 90 <= _AS_OF:
            sev = "serious" if listed else self.weighted((("general", 3), ("serious", 1)))
            self.record(blk, "unperformed_judgment", owner.id, f"{owner.name}未履行生效判决（{case}）",
                        eff + 90, gov, evidence=jid, severity=sev, authority=court)
            if rng.random() < 0.4 and owner.principal is not None:
                h = _holder_on(owner.principal, eff + 90, strict=False)
                if h is not None and h.official:
                    nm = blk.names.get(h.official, "")
                    self.record(blk, "unperformed_judgment", h.official,
                                f"{nm}作为{owner.name}主要负责人未履行生效判决（{case}）", eff + 90, gov,
                                evidence=jid, severity=sev, dimension="law", authority=court)
        return {"id": jid}

    def commitment(self, blk: Block, g: Unit, prj: dict[str, Any] | None) -> None:
        rng = self.rng
        if prj is not None and prj["companies"]:
            owner = prj["owner"]
            if prj["kind"] == "investment_promotion" and rng.random() < 0.6:
                kind = "policy"
            elif prj["kind"] in ("procurement", "government_debt"):
                kind = rng.choice(("quality", "deadline"))
            else:
                kind = rng.choice(("quality", "deadline", "guarantee"))
            co = rng.choice(prj["companies"])
            made = self.between(prj["start"], min(prj["start"] + 700, _AS_OF - 30))
        else:
            prj = None
            owner = g if not g.depts or rng.random() < 0.4 else rng.choice(g.depts)
            if g.level == "township" or (owner.is_gov and rng.random() < 0.3):
                kind, co = "public_pledge", None
            else:
                kind = rng.choice(("quality", "deadline", "guarantee", "policy"))
                co = self.pick_company(("manufacturing", "services", "construction"))
            made = rng.randint(_d(2012), _AS_OF - 60)
        gov = owner.gov or owner
        assert owner.principal is not None
        due = made + rng.randint(90, 1095)
        if kind == "policy":
            name = f"{owner.name}关于给予{co[1] if co else ''}{rng.choice(_BENEFITS)}的承诺"
        elif kind == "quality":
            name = f"{owner.name}关于{(prj or {}).get('name') or (co[1] if co else '')}审批服务质量的承诺"
        elif kind == "deadline":
            things = _PAY_THINGS if prj is not None and prj["kind"] in ("procurement", "government_debt", "bidding") \
                else _DEADLINE_THINGS
            name = (f"{owner.name}关于{(prj or {}).get('name') or (co[1] if co else '')}"
                    f"{rng.choice((15, 20, 30, 60, 90))}个工作日内{rng.choice(things)}的承诺")
        elif kind == "guarantee":
            name = f"{owner.name}关于{(prj or {}).get('name') or (co[1] if co else '')}水电气要素保障的承诺"
        else:
            name = f"{owner.name}{_year(made)}年度为民办实事公开承诺（{rng.choice(_PLEDGE_ITEMS)}）"
        resp = self.primary_post(owner)
        status, broken = "pending", None
        if rng.random() < 0.2:
            chg = [(c, q) for q in (resp, gov.principal) for c in _changes(q) if made < c <= min(due, _AS_OF - 30)]
            if chg and rng.random() < 0.5:
                c, q = rng.choice(chg)
                broken = c + rng.randint(30, min(365, _AS_OF - c))
            elif due < _AS_OF - 1:
                broken = due + rng.randint(1, min(120, _AS_OF - due))
            if broken is not None:
                status = "broken"
        if status == "pending" and due < _AS_OF:
            status = "kept"
        mid = self.nid("cmt", 6)
        msrc = {"authority": owner.name,
                "document": self.doc(owner.abbr, "公开承诺" if kind == "public_pledge" else "函", _year(made))}
        row: dict[str, Any] = {"id": mid, "name": name, "kind": kind, "status": status, "made_on": _iso(made),
                               "due_on": _iso(due)}
        if broken is not None:
            row["broken_on"] = _iso(broken)
        row["valid_from"] = _iso(made)
        row["source"] = msrc
        self.out.write("Commitment", row)
        self.rel("COMMITTED_BY", mid, owner.id, msrc)
        if co is not None:
            self.rel("PROMISED_TO", mid, co[0], msrc)
        if prj is not None:
            self.rel("FOR_PROJECT", mid, prj["id"], msrc)
        self.rel("RESPONSIBLE_FOR", resp.id, mid, msrc, made, None, {"duty": "承诺兑现责任人"})
        if broken is None:
            return
        if "broken_commitment" not in self.demo:
            self.demo["broken_commitment"] = {"commitment": mid, "name": name, "broken_on": _iso(broken)}
        sev = self.weighted((("general", 5), ("serious", 2), ("light", 3)))
        self.record(blk, "broken_commitment", owner.id, f"{owner.name}未兑现承诺（{name}）", broken, gov,
                    evidence=mid, severity=sev)
        if rng.random() < 0.4:
            h = _holder_on(resp, broken, strict=False)
            if h is not None and h.official:
                nm = blk.names.get(h.official, "")
                self.record(blk, "broken_commitment", h.official, f"{nm}负责的承诺未兑现（{name}）", broken, gov,
                            evidence=mid, severity=sev, dimension="duty")
        if co is not None and rng.random() < 0.3:
            eff = broken + rng.randint(180, 700)
            if eff <= _AS_OF:
                self.judgment(blk, {"id": mid, "owner": owner, "gov": gov, "co": co, "project": None}, eff,
                              p_performed=0.5, concerns=(mid, "Commitment"))

    # dishonesty records ----------------------------------------------------------------------------------
    def record(self, blk: Block, kind: str, subject: str, name: str, act: int, gov: Unit, *, evidence: str | None,
               severity: str, dimension: str | None = None, authority: str | None = None) -> None:
        rng = self.rng
        act = min(act, _AS_OF)
        decided = min(act + rng.randint(15, 240), _AS_OF)
        seat = gov.seat or gov
        if kind in ("disciplinary_sanction", "accountability"):
            auth, word = f"中共{seat.place}纪律检查委员会", "纪发"
        elif kind == "approval_failure":
            auth, word = f"{seat.place}政务服务和大数据管理局", "政务通报"
        elif kind == "upheld_complaint":
            auth, word = f"{seat.place}12345政务服务便民热线工作领导小组办公室", "热线通报"
        elif kind == "administrative_penalty":
            auth, word = authority or f"{seat.place}市场监督管理局", "罚决"
        else:
            auth, word = f"{seat.place}社会信用体系建设领导小组办公室", "信用"
        rid = self.nid("rec", 7)
        row: dict[str, Any] = {"id": rid, "name": name, "source_kind": kind, "severity": severity}
        if dimension:
            row["dimension"] = dimension
        row.update({"act_date": _iso(act), "decided_on": _iso(decided), "status": "active",
                    "valid_from": _iso(decided),
                    "source": {"authority": auth, "document": self.doc(seat.abbr, word, _year(decided))}})
        self.out.write("DishonestyRecord", row)
        src = row["source"]
        self.rel("RECORD_SUBJECT", rid, subject, src)
        if evidence:
            self.rel("EVIDENCED_BY", rid, evidence, src)
        self.kinds_seen[kind] += 1
        if subject.startswith("off:"):
            n = self.official_records.get(subject, 0) + 1
            self.official_records[subject] = n
            if "official_with_records" not in self.demo and evidence is not None:
                self.demo["official_with_records"] = {"official": subject, "name": blk.names.get(subject),
                                                      "first_record": rid, "source_kind": kind}

    def free_records(self, blk: Block) -> None:
        """Records not tied to a contract or judgment: sanctions, penalties, complaints, approvals."""
        rng = self.rng
        n = round(len(blk.posts) * self.sc.record_rate)
        weights = (("disciplinary_sanction", 35), ("accountability", 20), ("administrative_penalty", 15),
                   ("upheld_complaint", 13), ("approval_failure", 9), ("arrears", 8))
        units = [u for g in blk.govs for u in (g, *g.depts)]
        for i in range(n):
            kind = weights[i][0] if i < len(weights) else self.weighted(weights)
            sev = self.weighted((("light", 35), ("general", 45), ("serious", 20)))
            on_official = kind in ("disciplinary_sanction", "accountability") or \
                (kind in ("administrative_penalty", "upheld_complaint") and rng.random() < 0.45)
            if on_official:
                for _ in range(5):
                    p = rng.choice(blk.posts)
                    s = rng.choice(p.slots)
                    hi = min(s.end if s.end is not None else _AS_OF, _AS_OF)
                    if hi >= _d(2014, 6, 30) and s.official:
                        break
                else:
                    continue
                assert s.official is not None
                act = self.between(max(s.start, _d(2014)), hi)
                nm = blk.names.get(s.official, "")
                g = p.unit.gov or p.unit
                if kind == "disciplinary_sanction":
                    dim = self.weighted((("clean", 55), ("duty", 30), ("law", 15)))
                    name = f"{nm}受{rng.choice(_SANCTIONS[sev])}处分"
                elif kind == "accountability":
                    dim = "duty"
                    name = f"{nm}因{rng.choice(_ACCOUNT_REASONS)}被{rng.choice(_ACCOUNT_ACTS[sev])}"
                elif kind == "administrative_penalty":
                    dim = self.weighted((("law", 50), ("tax", 35), ("morality", 15)))
                    what = {"law": "违法占地", "tax": "个人所得税未依法申报", "morality": "饮酒后驾驶机动车"}[dim]
                    name = f"{nm}{what}被行政处罚"
                    auth = f"国家税务总局{(g.seat or g).place}税务局" if dim == "tax" else None
                    self.record(blk, kind, s.official, name, act, g, evidence=None, severity=sev, dimension=dim,
                                authority=auth)
                    continue
                else:
                    dim = self.weighted((("morality", 60), ("duty", 40)))
                    name = f"{nm}被12345热线投诉查实（{rng.choice(_COMPLAINTS)}）"
                self.record(blk, kind, s.official, name, act, g, evidence=None, severity=sev, dimension=dim)
            else:
                u = rng.choice(units)
                g = u.gov or u
                act = rng.randint(_d(2014), _AS_OF - 10)
                owned = blk.projects.get(u.id)
                evidence = None
                if owned and kind in ("arrears", "administrative_penalty") and rng.random() < 0.6:
                    pid, pname, pstart = rng.choice(owned)
                    act = self.between(max(pstart + 60, _d(2014)), _AS_OF - 10)
                    what = rng.choice(_UNIT_PENALTIES) if kind == "administrative_penalty" else \
                        ("拖欠农民工工资" if rng.random() < 0.4 else "拖欠工程款")
                    name = f"{u.name}{what}（{pname}）" + ("被行政处罚" if kind == "administrative_penalty" else "")
                    subject = pid if kind == "arrears" and rng.random() < 0.4 else u.id
                    self.record(blk, kind, subject, name, act, g, evidence=pid, severity=sev)
                    continue
                if kind == "administrative_penalty":
                    name = f"{u.name}{rng.choice(_UNIT_PENALTIES)}被行政处罚"
                elif kind == "approval_failure":
                    name = f"{u.name}网上审批{rng.choice(_APPROVAL_FAILURES)}"
                elif kind == "upheld_complaint":
                    name = f"{u.name}被12345热线投诉查实（{rng.choice(_COMPLAINTS)}）"
                else:
                    name = f"{u.name}{'拖欠农民工工资' if rng.random() < 0.4 else '拖欠工程款'}"
                self.record(blk, kind, u.id, name, act, g, evidence=evidence, severity=sev)

    # blocks -----------------------------------------------------------------------------------------------
    def run_block(self, blk: Block) -> None:
        vacancies: list[tuple[Post, int, int]] = []
        for p in blk.posts:
            self.timeline(p, vacancies)
        self.assign(blk)
        self.write_holds(blk)
        self.structure(blk)
        if "vacancy" not in self.demo and blk.top.level != "province":
            for p, a, b in vacancies:
                if p.role in ("gov_head", "head"):
                    self.demo["vacancy"] = {"post": p.id, "post_name": p.name, "from": _iso(a), "to": _iso(b)}
                    break
            else:
                if vacancies:
                    p, a, b = vacancies[0]
                    self.demo["vacancy"] = {"post": p.id, "post_name": p.name, "from": _iso(a), "to": _iso(b)}
        for g in blk.govs:
            if self.sc.projects[g.level][1] > 0 and (g.level != "province" or self.sc.province_depts):
                self.projects(blk, g)
        self.free_records(blk)

    def run(self) -> None:
        prov_spec = self.skeleton()
        # the province government
        blk = Block(prov_spec.code, None)  # type: ignore[arg-type]
        prov = self.make_gov(blk, prov_spec, None)
        blk.top = prov
        self.province = prov
        self.demo["province"] = prov.id
        self.big = self.companies(self.sc.big_companies, [(prov_spec.code, prov_spec.short)], True)
        self.local = self.big
        self.run_block(blk)
        for ps in prov_spec.children:
            self.counties_of(ps)
            for cs in ps.children:
                self.townships_of(cs)
            places = [(ps.code, ps.short)] + [(c.code, c.short) for c in ps.children]
            self.local = self.companies(self.sc.companies_per_prefecture, places, False)
            blk = Block(ps.code, prov)
            pref = self.make_gov(blk, ps, prov)
            blk.top = pref
            self.demo.setdefault("prefecture", pref.id)
            self.run_block(blk)
            for cs in ps.children:
                blk = Block(cs.code, pref)
                county = self.make_gov(blk, cs, pref)
                blk.top = county
                self.demo.setdefault("county", county.id)
                for ts in cs.children:
                    t = self.make_gov(blk, ts, county)
                    self.demo.setdefault("township", t.id)
                self.run_block(blk)
            ps.children = []  # drop the skeleton below the prefecture


def _head_title(name: str) -> str:
    for suffix, title in (("委员会", "主任"), ("办公室", "主任"), ("中心", "主任"), ("支队", "支队长"),
                          ("大队", "大队长"), ("执法队", "队长"), ("站", "站长"), ("所", "所长"), ("厅", "厅长"),
                          ("研究院", "院长"), ("设计院", "院长"), ("局", "局长")):
        if name.endswith(suffix):
            return title
    return "主任"


def _holder_on(p: Post, day: int, strict: bool) -> Slot | None:
    """The slot holding post ``p`` on ``day`` (a formal one first); strict: exact dates only."""
    best = None
    for s in p.slots:
        if s.start > day:
            break
        if s.end_unknown or (s.end is not None and s.end < day):
            continue  # an unknown end is never taken as covering the day
        if strict and s.prec != "day":
            continue
        if not s.acting:
            return s
        if best is None:
            best = s
    return best


def _changes(p: Post) -> list[int]:
    """Days on which a different official took the post over."""
    if p.chg is None:
        out: list[int] = []
        prev = None
        for s in p.slots:
            if prev is not None and s.official != prev:
                out.append(s.start)
            prev = s.official
        p.chg = out
    return p.chg


def _min_end(a: int | None, b: int | None) -> int | None:
    if a is None:
        return b
    if b is None:
        return a
    return min(a, b)


def generate(out_dir: str | Path, scale: str = "demo", seed: int = 0) -> dict[str, int]:
    """Write a synthetic bundle into ``out_dir``; return the number of rows per kind and type."""
    if scale not in SCALES:
        raise ValueError(f"unknown scale {scale!r}; known: {', '.join(SCALES)}")
    root = Path(out_dir)
    root.mkdir(parents=True, exist_ok=True)
    manifest = root / "manifest.json"
    if manifest.exists():
        manifest.unlink()  # written last: its presence means the bundle is complete
    out = _Out(root)
    gen = _Gen(out, scale, seed)
    try:
        gen.run()
    finally:
        out.close()
    counts = dict(out.counts)
    data = {
        "generator": GENERATOR,
        "generator_version": GENERATOR_VERSION,
        "seed": seed,
        "scale": scale,
        "as_of": AS_OF.isoformat(),
        "description": "合成数据（虚构的省、市、县、乡镇、公务员、企业、案号和文号），用于演示与测试",
        "source": {"authority": "Retrace 合成数据生成器", "document": f"synthetic/{scale}/seed-{seed}"},
        "counts": counts,
        "totals": {"nodes": sum(counts[k] for k in NODE_KINDS), "rels": sum(counts[t] for t in REL_KINDS)},
        "record_kinds": gen.kinds_seen,
        "demo": gen.demo,
    }
    tmp = root / "manifest.json.tmp"
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    tmp.replace(manifest)
    return counts


def _main(argv: Iterable[str] | None = None) -> int:  # pragma: no cover - thin CLI
    import argparse
    import time

    ap = argparse.ArgumentParser(description="write a synthetic Retrace bundle")
    ap.add_argument("out")
    ap.add_argument("--scale", choices=list(SCALES), default="demo")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(list(argv) if argv is not None else None)
    t = time.perf_counter()
    counts = generate(args.out, args.scale, args.seed)
    print(json.dumps(counts, ensure_ascii=False, indent=1))
    print(f"{sum(counts.values())} rows in {time.perf_counter() - t:.1f}s")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(_main())
