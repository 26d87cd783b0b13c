import pytest

from pipeline.readers.ocr_words import restore_marks, word_list

pytestmark = pytest.mark.skipif(word_list() is None, reason="underthesea's word list not installed")


@pytest.mark.parametrize(
    ("ocr", "fixed"),
    [
        ("Tống kết việc thi hành luât", "Tổng kết việc thi hành luật"),
        ("các tô chức tài chính, tô chức cung ứng", "các tổ chức tài chính, tổ chức cung ứng"),
        ("Đê nghị Viện kiểm sát nhân dân tôi cao", "Đề nghị Viện kiểm sát nhân dân tối cao"),
        ("Tăng cường nguôn lực", "Tăng cường nguồn lực"),
        ("Nghiên cứu, đẻ xuất sửa đối, bỗ sung", "Nghiên cứu, đề xuất sửa đổi, bổ sung"),
        ("TỐNG KẾT", "TỔNG KẾT"),
    ],
)
def test_misread_marks_are_restored(ocr, fixed):
    assert restore_marks(ocr) == fixed


@pytest.mark.parametrize(
    "text",
    [
        "Bộ Y tế chủ trì, phối hợp với Ủy ban nhân dân tỉnh Lâm Đồng",
        "Giao Bộ Văn hóa, Thể thao và Du lịch hướng dẫn thi hành Luật số 90/2025/QH15",
        "Đà Nẵng, Hà Nội; FATF it PCRT/TTKB",
        "báo cáo Thủ tướng Chính phủ trước ngày 31/12/2025.",
    ],
)
def test_correct_text_is_kept(text):
    assert restore_marks(text) == text
