"""A decision shaped like Quyết định 3351/QĐ-UBND of Quảng Nam (30/11/2020), the action program on
Kết luận 70-KL/TW, as Word and as a PDF export: the NĐ 30/2020 header in a borderless two-column
table, the title under "QUYẾT ĐỊNH", and the appendix task table.

The appendix's full text was not found (see shared/domain.md §1): its five groups are the five task
groups the seed article lists; the rows under them are written the way such appendices are, with
"1." items, "a)" sub-items written in the STT column or at the start of the content, "-" bullet
lines, a group row merged across the whole table with its numeral inside, headings whose lead agency
passes to the rows below, agencies under their pre-2025 names and collective names.
"""

import io

HEADER_LEFT = ("ỦY BAN NHÂN DÂN", "TỈNH QUẢNG NAM", "-------")
HEADER_RIGHT = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "---------------")
NUMBER_LINE = "Số: 3351/QĐ-UBND"
DATE_LINE = "Quảng Nam, ngày 30 tháng 11 năm 2020"
TITLE = (
    "Ban hành Chương trình hành động thực hiện Kết luận số 70-KL/TW ngày 09/3/2020 của Bộ Chính trị "
    "về tiếp tục thực hiện Nghị quyết Trung ương 5 khóa IX về tiếp tục đổi mới, phát triển và nâng cao "
    "hiệu quả kinh tế tập thể"
)
BODY = (
    "QUYẾT ĐỊNH",
    TITLE,
    "ỦY BAN NHÂN DÂN TỈNH QUẢNG NAM",
    "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;",
    "QUYẾT ĐỊNH:",
    "Điều 1. Ban hành kèm theo Quyết định này Chương trình hành động của UBND tỉnh.",
    "PHỤ LỤC: NHIỆM VỤ CỤ THỂ",
)
TASK_HEADER = ("STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian thực hiện", "Sản phẩm")
SO_NGANH = "Các sở, ban, ngành"
HUYEN = "UBND các huyện, thị xã, thành phố"

#: ("group", numeral, title, numeral_inside): merged across the columns after STT, or across the whole
#: row with the numeral written inside ("III. CỦNG CỐ …"); other rows are the six cells.
APPENDIX = (
    ("group", "I", "TĂNG CƯỜNG TUYÊN TRUYỀN, QUÁN TRIỆT, NÂNG CAO NHẬN THỨC VỀ KINH TẾ TẬP THỂ", False),
    (
        "1.",
        "Quán triệt, triển khai Kết luận số 70-KL/TW và Nghị quyết số 134/NQ-CP",
        "Sở Kế hoạch và Đầu tư",
        f"{SO_NGANH}; {HUYEN}",
        "Quý I/2021",
        "Hội nghị quán triệt",
    ),
    (
        "2.",
        "Tuyên truyền về bản chất, vai trò của kinh tế tập thể, hợp tác xã kiểu mới",
        "Sở Thông tin và Truyền thông",
        "Liên minh HTX tỉnh",
        "",
        "",
    ),
    (
        "a)",
        "Duy trì chuyên mục kinh tế tập thể trên Báo Quảng Nam, Đài PT-TH Quảng Nam",
        "",
        "",
        "Hằng năm, trước 15/12",
        "Chuyên mục",
    ),
    (
        "",
        "b) Biên soạn tài liệu tuyên truyền về Luật Hợp tác xã",
        "Liên minh HTX tỉnh",
        "Sở TT&TT",
        "6 tháng đầu năm 2021",
        "Tài liệu",
    ),
    ("-", "Tài liệu cho cán bộ cấp xã", "", "", "", ""),
    ("-", "Tài liệu cho thành viên hợp tác xã", "", "", "", ""),
    ("group", "II", "RÀ SOÁT, HOÀN THIỆN CƠ CHẾ, CHÍNH SÁCH VỀ KINH TẾ TẬP THỂ", False),
    (
        "1.",
        "Rà soát các cơ chế, chính sách của tỉnh về phát triển kinh tế tập thể",
        "Sở KH&ĐT",
        "Sở Tài chính; Sở NN&PTNT; Các sở, ban, ngành liên quan",
        "Trước 30/6/2021",
        "Báo cáo rà soát",
    ),
    (
        "2.",
        "Xây dựng chính sách hỗ trợ hợp tác xã giai đoạn 2021 - 2025",
        "Sở KH&ĐT",
        "Sở Tài chính",
        "2021 - 2025",
        "Nghị quyết HĐND tỉnh",
    ),
    ("group", "III", "CỦNG CỐ TỔ CHỨC BỘ MÁY, NÂNG CAO HIỆU LỰC QUẢN LÝ NHÀ NƯỚC VỀ KINH TẾ TẬP THỂ", True),
    ("1.", "Kiện toàn bộ phận quản lý nhà nước về kinh tế tập thể", HUYEN, "Sở Nội vụ", "Năm 2021", "Quyết định"),
    ("2.", "Bồi dưỡng cán bộ quản lý nhà nước về hợp tác xã", "Sở Nội vụ", "Sở KH&ĐT", "Thường xuyên", "Lớp bồi dưỡng"),
    ("group", "IV", "NÂNG CAO NĂNG LỰC QUẢN TRỊ, ĐỔI MỚI PHƯƠNG THỨC SẢN XUẤT, KINH DOANH", False),
    ("1.", "Thành lập mới, phát triển hợp tác xã", "", "", "", ""),
    (
        "a)",
        "Hỗ trợ thành lập mới hợp tác xã nông nghiệp",
        "Sở Nông nghiệp và PTNT",
        f"Liên minh HTX tỉnh, {HUYEN}",
        "Hằng năm, trước 15/12",
        "Hợp tác xã thành lập mới",
    ),
    (
        "b)",
        "Đào tạo nghề cho thành viên, người lao động hợp tác xã",
        "Sở LĐ-TB&XH",
        "Liên minh HTX tỉnh",
        "Thường xuyên",
        "Lớp đào tạo",
    ),
    (
        "2.",
        "Hỗ trợ hợp tác xã ứng dụng công nghệ, chuyển đổi số",
        "Sở Khoa học và Công nghệ",
        "Sở TT&TT",
        "2022 - 2025",
        "Mô hình",
    ),
    ("-", "Ứng dụng công nghệ cao trong sản xuất", "", "", "", ""),
    ("+", "Ưu tiên hợp tác xã có sản phẩm OCOP", "", "", "", ""),
    ("group", "V", "CỦNG CỐ, NÂNG CAO HIỆU QUẢ HOẠT ĐỘNG CỦA LIÊN MINH HTX TỈNH", False),
    (
        "1.",
        "Kiện toàn tổ chức bộ máy Liên minh HTX tỉnh",
        "Liên minh HTX tỉnh",
        "Sở Nội vụ; Các cơ quan, đơn vị liên quan",
        "Quý IV/2021",
        "Đề án",
    ),
    (
        "2.",
        "Sơ kết việc thực hiện Chương trình hành động",
        "Sở Kế hoạch và Đầu tư",
        "Các cơ quan, đơn vị liên quan",
        "6 tháng đầu năm 2023",
        "Báo cáo sơ kết",
    ),
)


def decision_3351_docx() -> bytes:
    import docx

    document = docx.Document()
    head = document.add_table(rows=2, cols=2)
    head.cell(0, 0).text, head.cell(0, 1).text = "\n".join(HEADER_LEFT), "\n".join(HEADER_RIGHT)
    head.cell(1, 0).text, head.cell(1, 1).text = NUMBER_LINE, DATE_LINE
    for line in BODY:
        document.add_paragraph(line)
    table = document.add_table(rows=1 + len(APPENDIX), cols=len(TASK_HEADER))
    for column, text in enumerate(TASK_HEADER):
        table.rows[0].cells[column].text = text
    for index, row in enumerate(APPENDIX, start=1):
        cells = table.rows[index].cells
        if row[0] == "group":
            _, numeral, title, inside = row
            if inside:  # the whole row one cell: "III. CỦNG CỐ …"
                cells[0].merge(cells[-1]).text = f"{numeral}. {title}"
            else:
                cells[0].text = numeral
                cells[1].merge(cells[-1]).text = title
            continue
        for column, text in enumerate(row):
            cells[column].text = text
    document.add_paragraph("Nơi nhận: - Như Điều 3;")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def decision_3351_pdf(*, page_break_inside: bool = False) -> bytes:
    """The decision exported to PDF. With `page_break_inside`, the content of the first task is long
    enough that the table breaks inside it and its rest continues on the next page."""
    from weasyprint import HTML

    def cells(row):
        if row[0] == "group":
            return f"<td>{row[1]}</td><td colspan='5'>{row[2]}</td>"
        return "".join(f"<td>{text}</td>" for text in row)

    rows = list(APPENDIX)
    if page_break_inside:
        long = " ".join(["tổ chức hội nghị quán triệt cho cán bộ chủ chốt các cấp"] * 60)
        rows[1] = (rows[1][0], f"{rows[1][1]}: {long}", *rows[1][2:])
    body = "".join(f"<tr>{cells(row)}</tr>" for row in rows)
    header = "".join(f"<th>{text}</th>" for text in TASK_HEADER)
    top = (
        f"<table class='head'><tr><td>{'<br>'.join(HEADER_LEFT)}</td><td>{'<br>'.join(HEADER_RIGHT)}</td></tr>"
        f"<tr><td>{NUMBER_LINE}</td><td>{DATE_LINE}</td></tr></table>"
    )
    paragraphs = "".join(f"<p>{line}</p>" for line in BODY)
    html = (
        "<html><head><style>@page{size:A4 landscape;margin:1cm} body{font-size:9pt}"
        ".tasks{border-collapse:collapse;width:100%} .tasks td,.tasks th{border:1px solid #000;padding:2px}"
        ".head{width:100%;text-align:center}</style></head>"
        f"<body>{top}{paragraphs}<table class='tasks'><thead><tr>{header}</tr></thead>{body}</table></body></html>"
    )
    return HTML(string=html).write_pdf()
