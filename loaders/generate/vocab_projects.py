"""Vocabulary for companies, projects (kinds, stages, themes) and commitments."""

from __future__ import annotations

from graph.model.enums import Stage

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


_STAGE_LABEL = {s.value: s.label for s in Stage}
