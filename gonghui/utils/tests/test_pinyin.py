import pytest

from gonghui.utils.pinyin import name_pinyin, split_surname


@pytest.mark.parametrize(
    ("name", "full", "initials"),
    [
        ("张三", "zhangsan", "zs"),
        ("吕布", "lvbu", "lb"),
        # Surnames read differently from the character's common reading.
        ("单田芳", "shantianfang", "stf"),
        ("曾国藩", "zengguofan", "zgf"),
        ("解缙", "xiejin", "xj"),
        ("仇英", "qiuying", "qy"),
        ("区志明", "ouzhiming", "ozm"),
        ("朴树", "piaoshu", "ps"),
        ("查良镛", "zhaliangyong", "zly"),
        ("盖叫天", "gejiaotian", "gjt"),
        ("乐嘉", "yuejia", "yj"),
        ("覃玉", "qinyu", "qy"),
        ("翟志刚", "zhaizhigang", "zzg"),
        ("缪斯", "miaosi", "ms"),
        ("员华", "yunhua", "yh"),
        ("黑明", "heming", "hm"),
        ("秘书华", "bishuhua", "bsh"),
        ("种师道", "chongshidao", "csd"),
        ("繁钦", "poqin", "pq"),
        ("能伟", "naiwei", "nw"),
        ("折克行", "shekexing", "skx"),
        ("宿林", "sulin", "sl"),
        ("召忠", "shaozhong", "sz"),
        ("隗嚣", "weixiao", "wx"),
        ("牟其中", "muqizhong", "mqz"),
        # Compound surnames count whole.
        ("尉迟恭", "yuchigong", "ycg"),
        ("万俟卨", "moqixie", "mqx"),
        ("长孙无忌", "zhangsunwuji", "zswj"),
        ("令狐冲", "linghuchong", "lhc"),
        ("欧阳修", "ouyangxiu", "oyx"),
        # Non-Chinese characters pass through lower-cased.
        ("李Ming", "liming", "lm"),
        ("John Smith", "johnsmith", "js"),
        ("买买提·艾力", "maimaitiaili", "mmtal"),
        ("", "", ""),
    ],
)
def test_name_pinyin(name: str, full: str, initials: str) -> None:
    assert name_pinyin(name) == (full, initials)


def test_split_surname() -> None:
    assert split_surname("欧阳修") == ("欧阳", "修")
    assert split_surname("欧阳") == ("欧", "阳")
    assert split_surname("张三") == ("张", "三")
    assert split_surname("Anna") == ("", "Anna")
