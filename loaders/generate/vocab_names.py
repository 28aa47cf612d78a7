"""Vocabulary for invented names: province codes, places, townships, surnames, given names, numerals."""

from __future__ import annotations

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
