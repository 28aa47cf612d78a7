"""Vocabulary for dishonesty records: sanctions, accountability, penalties, complaints, kinds."""

from __future__ import annotations

from graph.model.enums import RecordSourceKind

_SANCTIONS = {"light": ("警告", "党内警告"), "general": ("记过", "记大过", "党内严重警告"),
              "serious": ("降级", "撤职", "撤销党内职务")}
_ACCOUNT_ACTS = {"light": ("通报批评", "责令检查"), "general": ("诫勉",), "serious": ("组织调整", "责令辞职")}
_ACCOUNT_REASONS = ("履职不力", "项目监管不到位", "招商引资承诺未兑现", "违规决策", "审批拖延")
_UNIT_PENALTIES = ("违法占用耕地", "违规处置国有资产", "消防安全不达标", "未依法办理环评手续")
_APPROVAL_FAILURES = ("超时办结率不达标", "一网通办事项未按标准上线", "办事指南要素缺失", "好差评整改不到位")
_COMPLAINTS = ("推诿扯皮", "不作为慢作为", "服务态度差", "政策兑现不到位")
_RECORD_KINDS = tuple(k.value for k in RecordSourceKind)
_SEVERITIES = ("light", "general", "serious")
