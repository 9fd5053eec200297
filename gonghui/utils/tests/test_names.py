import pytest

from gonghui.utils.names import normalize_person_name


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("孙丽", "孙丽"),
        ("孙 丽", "孙丽"),
        (" 孙\u3000\u3000丽 ", "孙丽"),
        ("欧阳  明 月", "欧阳明月"),
        ("阿卜杜 • 热合曼", "阿卜杜·热合曼"),
        ("阿卜杜．热合曼", "阿卜杜·热合曼"),
        ("玛丽・居里", "玛丽·居里"),
        ("John  Smith", "John Smith"),
        ("李 John", "李 John"),
        ("", ""),
    ],
)
def test_normalize_person_name(raw: str, expected: str) -> None:
    assert normalize_person_name(raw) == expected
