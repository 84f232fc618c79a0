"""Words the demo data is made of: business lines with their VSIC codes, people's names, hamlets.

Business lines are those of real cooperatives in Quảng Nam and Đà Nẵng (agricultural services,
rattan and bamboo weaving, aquaculture, community tourism, transport, clean water, markets…).
VSIC codes follow Quyết định 27/2018/QĐ-TTg (level 4); the field of activity follows NĐ 113/2024
Điều 4 from the VSIC section (A: agriculture; B–F: industry and construction; K: finance; other:
trade, services).
"""

from dataclasses import dataclass

from registry.models import Field


@dataclass(frozen=True)
class BusinessLine:
    """A line of business as it appears in an organization's name and registration."""

    label: str  # as written in the name: "Dịch vụ Nông nghiệp"
    vsic: str
    field: str
    main_business: str
    #: relative frequency in rural communes (xã) and in urban wards (phường)
    rural: float
    urban: float
    #: rough multiplier of yearly revenue against an average cooperative
    revenue_factor: float = 1.0
    #: typical share of revenue earned from services to members
    member_share: tuple[float, float] = (0.1, 0.5)
    upland: float = 1.0  # extra weight in mountain communes


COOPERATIVE_LINES: tuple[BusinessLine, ...] = (
    BusinessLine(
        "Dịch vụ Nông nghiệp",
        "0161",
        Field.AGRICULTURE,
        "Dịch vụ thủy lợi, làm đất, cung ứng giống, vật tư nông nghiệp",
        30,
        3,
        0.9,
        (0.5, 0.9),
    ),
    BusinessLine(
        "Dịch vụ Nông nghiệp Tổng hợp",
        "0161",
        Field.AGRICULTURE,
        "Dịch vụ nông nghiệp, tiêu thụ nông sản, kinh doanh vật tư",
        12,
        2,
        1.0,
        (0.4, 0.8),
    ),
    BusinessLine(
        "Nông nghiệp và Du lịch",
        "0118",
        Field.AGRICULTURE,
        "Trồng rau an toàn kết hợp du lịch trải nghiệm",
        4,
        2,
        0.7,
        (0.2, 0.6),
    ),
    BusinessLine("Rau an toàn", "0118", Field.AGRICULTURE, "Trồng và tiêu thụ rau, củ, quả an toàn", 5, 2, 0.5, (0.3, 0.7)),
    BusinessLine("Chăn nuôi", "0146", Field.AGRICULTURE, "Chăn nuôi lợn, gà; cung ứng thức ăn chăn nuôi", 6, 1, 1.1, (0.3, 0.7)),
    BusinessLine("Chăn nuôi bò", "0141", Field.AGRICULTURE, "Chăn nuôi bò thịt, trồng cỏ", 3, 0, 0.6, (0.3, 0.7), 2.0),
    BusinessLine("Nuôi trồng thủy sản", "0322", Field.AGRICULTURE, "Nuôi tôm, cá nước lợ và nước ngọt", 5, 1, 1.2, (0.2, 0.6)),
    BusinessLine(
        "Khai thác hải sản", "0311", Field.AGRICULTURE, "Khai thác hải sản xa bờ, dịch vụ hậu cần nghề cá", 3, 2, 1.5, (0.2, 0.5)
    ),
    BusinessLine(
        "Trồng rừng và Dịch vụ Lâm nghiệp", "0210", Field.AGRICULTURE, "Trồng rừng keo, chăm sóc rừng", 3, 0, 0.8, (0.2, 0.6), 3.0
    ),
    BusinessLine("Dược liệu", "0128", Field.AGRICULTURE, "Trồng, chế biến dược liệu, quế, sâm", 1, 0, 0.9, (0.3, 0.7), 5.0),
    BusinessLine("Nông sản sạch", "0119", Field.AGRICULTURE, "Sản xuất, sơ chế nông sản theo VietGAP", 3, 1, 0.8, (0.3, 0.7)),
    BusinessLine("Trồng nấm", "0113", Field.AGRICULTURE, "Trồng và chế biến nấm ăn, nấm dược liệu", 2, 1, 0.5, (0.2, 0.6)),
    BusinessLine("Mây tre đan", "1629", Field.INDUSTRY, "Sản xuất hàng mây tre đan mỹ nghệ", 3, 1, 0.6, (0.1, 0.4)),
    BusinessLine("Dệt may", "1410", Field.INDUSTRY, "May trang phục, dệt vải, dệt thổ cẩm", 2, 2, 1.3, (0.05, 0.3)),
    BusinessLine("Gốm", "2393", Field.INDUSTRY, "Sản xuất đồ gốm mỹ nghệ, gốm gia dụng", 1, 1, 0.7, (0.05, 0.3)),
    BusinessLine("Mộc mỹ nghệ", "3100", Field.INDUSTRY, "Sản xuất đồ gỗ, mộc mỹ nghệ", 2, 2, 1.0, (0.05, 0.3)),
    BusinessLine(
        "Chế biến nông sản", "1079", Field.INDUSTRY, "Chế biến, đóng gói nông sản, sản phẩm OCOP", 3, 2, 1.4, (0.2, 0.5)
    ),
    BusinessLine("Chế biến nước mắm", "1020", Field.INDUSTRY, "Chế biến nước mắm, hải sản khô", 1, 1, 1.2, (0.1, 0.4)),
    BusinessLine(
        "Xây dựng và Dịch vụ Tổng hợp",
        "4299",
        Field.INDUSTRY,
        "Xây dựng công trình dân dụng, giao thông nông thôn",
        3,
        3,
        2.0,
        (0.05, 0.2),
    ),
    BusinessLine("Dịch vụ Điện năng", "3512", Field.INDUSTRY, "Kinh doanh điện năng nông thôn", 2, 0, 1.6, (0.6, 0.95)),
    BusinessLine("Nước sạch", "3600", Field.INDUSTRY, "Khai thác, xử lý và cung cấp nước sạch", 2, 1, 0.8, (0.6, 0.95)),
    BusinessLine("Môi trường", "3811", Field.INDUSTRY, "Thu gom, vận chuyển rác thải sinh hoạt", 2, 3, 0.9, (0.3, 0.7)),
    BusinessLine("Vận tải", "4932", Field.TRADE, "Vận tải hành khách đường bộ, taxi", 1, 6, 2.2, (0.3, 0.7)),
    BusinessLine("Vận tải Hàng hóa", "4933", Field.TRADE, "Vận tải hàng hóa bằng đường bộ", 1, 4, 1.8, (0.3, 0.7)),
    BusinessLine(
        "Thương mại và Dịch vụ", "4719", Field.TRADE, "Bán lẻ hàng hóa tổng hợp, dịch vụ cho thành viên", 3, 6, 1.5, (0.1, 0.4)
    ),
    BusinessLine("Du lịch Cộng đồng", "7912", Field.TRADE, "Tổ chức du lịch cộng đồng, homestay", 1, 2, 0.5, (0.1, 0.4), 1.5),
    BusinessLine("Dịch vụ Chợ", "6820", Field.TRADE, "Quản lý, kinh doanh chợ", 1, 2, 0.7, (0.2, 0.5)),
    BusinessLine("Dịch vụ Tổng hợp", "8299", Field.TRADE, "Dịch vụ tổng hợp phục vụ thành viên", 4, 4, 0.9, (0.3, 0.7)),
)

CREDIT_FUND_LINE = BusinessLine(
    "Quỹ tín dụng nhân dân", "6419", Field.FINANCE, "Huy động vốn và cho vay thành viên", 0, 0, 4.0, (0.8, 0.98)
)

UNION_LINES: tuple[BusinessLine, ...] = (
    BusinessLine(
        "Dịch vụ Nông nghiệp", "4620", Field.TRADE, "Cung ứng vật tư, tiêu thụ nông sản cho HTX thành viên", 1, 1, 3.0, (0.4, 0.8)
    ),
    BusinessLine(
        "Thương mại và Dịch vụ", "4690", Field.TRADE, "Bán buôn tổng hợp, kết nối tiêu thụ sản phẩm HTX", 1, 1, 3.0, (0.3, 0.7)
    ),
    BusinessLine("Vận tải", "4932", Field.TRADE, "Vận tải hành khách, điều hành taxi của HTX thành viên", 1, 1, 4.0, (0.5, 0.9)),
)

#: Lines of cooperative groups (THT); names read "Tổ hợp tác <label> <hamlet>".
GROUP_LINES: tuple[BusinessLine, ...] = (
    BusinessLine("Nuôi trồng thủy sản", "0322", Field.AGRICULTURE, "Nuôi tôm, cá", 5, 1, 1.0, (0.2, 0.6)),
    BusinessLine("Khai thác hải sản", "0311", Field.AGRICULTURE, "Đánh bắt hải sản gần bờ", 3, 2, 1.2, (0.2, 0.5)),
    BusinessLine("Trồng rau an toàn", "0118", Field.AGRICULTURE, "Trồng rau an toàn", 6, 2, 0.6, (0.2, 0.6)),
    BusinessLine("Sản xuất lúa giống", "0111", Field.AGRICULTURE, "Sản xuất lúa giống", 4, 0, 0.8, (0.3, 0.7)),
    BusinessLine("Chăn nuôi bò", "0141", Field.AGRICULTURE, "Chăn nuôi bò", 4, 0, 0.7, (0.2, 0.5), 2.0),
    BusinessLine("Chăn nuôi gà thả vườn", "0146", Field.AGRICULTURE, "Chăn nuôi gà", 4, 1, 0.6, (0.2, 0.5)),
    BusinessLine("Trồng keo", "0210", Field.AGRICULTURE, "Trồng rừng keo", 3, 0, 0.9, (0.2, 0.5), 3.0),
    BusinessLine("Trồng quế", "0128", Field.AGRICULTURE, "Trồng quế", 1, 0, 0.7, (0.2, 0.5), 5.0),
    BusinessLine("Trồng nấm", "0113", Field.AGRICULTURE, "Trồng nấm", 2, 1, 0.5, (0.2, 0.5)),
    BusinessLine("Mây tre đan", "1629", Field.INDUSTRY, "Đan lát mây tre", 3, 1, 0.5, (0.1, 0.3)),
    BusinessLine("Làm bánh tráng", "1079", Field.INDUSTRY, "Sản xuất bánh tráng", 2, 1, 0.5, (0.1, 0.3)),
    BusinessLine("Dệt thổ cẩm", "1312", Field.INDUSTRY, "Dệt thổ cẩm", 0.3, 0, 0.4, (0.1, 0.3), 8.0),
    BusinessLine("Sửa chữa tàu thuyền", "3315", Field.INDUSTRY, "Sửa chữa tàu thuyền", 1, 1, 0.9, (0.3, 0.6)),
    BusinessLine("Xe ôm công nghệ", "4932", Field.TRADE, "Vận chuyển hành khách", 0.5, 3, 0.6, (0.1, 0.3)),
    BusinessLine("Dịch vụ du lịch", "7912", Field.TRADE, "Dịch vụ du lịch, homestay", 1, 2, 0.6, (0.1, 0.3)),
    BusinessLine("Tiểu thương chợ", "4781", Field.TRADE, "Buôn bán tại chợ", 1, 3, 0.8, (0.1, 0.3)),
)

#: Family names with rough frequencies in central Vietnam (Nguyễn first, Huỳnh and Võ common).
FAMILY_NAMES = (
    ("Nguyễn", 32),
    ("Trần", 10),
    ("Lê", 9),
    ("Huỳnh", 7),
    ("Võ", 7),
    ("Phạm", 5),
    ("Phan", 5),
    ("Hồ", 3),
    ("Đặng", 2),
    ("Bùi", 2),
    ("Đỗ", 2),
    ("Ngô", 2),
    ("Dương", 1.5),
    ("Đoàn", 1.5),
    ("Trương", 1.5),
    ("Lương", 1),
    ("Mai", 1),
    ("Đinh", 1),
    ("Châu", 1),
    ("Thái", 1),
    ("Văn", 0.5),
    ("Lâm", 0.5),
    ("Tô", 0.5),
)
#: Family names common among the Cơ Tu, Xơ Đăng, Giẻ Triêng peoples of the western highlands.
UPLAND_FAMILY_NAMES = (
    ("Alăng", 3),
    ("Bríu", 2),
    ("Zơrâm", 2),
    ("Bh'ling", 2),
    ("Coor", 1),
    ("Hồ", 4),
    ("Đinh", 2),
    ("A Lăng", 1),
)
MALE_MIDDLE = ("Văn", "Văn", "Văn", "Đức", "Minh", "Hữu", "Quang", "Công", "Thanh", "Ngọc", "Xuân", "Tấn", "Phú", "Bá")
FEMALE_MIDDLE = ("Thị", "Thị", "Thị", "Thị", "Ngọc", "Thu", "Kim", "Thanh", "Mỹ", "Hồng", "Bích")
MALE_GIVEN = (
    "Hùng",
    "Dũng",
    "Tuấn",
    "Minh",
    "Hải",
    "Sơn",
    "Thắng",
    "Long",
    "Phúc",
    "Tài",
    "Lộc",
    "Trung",
    "Quang",
    "Hòa",
    "Bình",
    "Cường",
    "Đức",
    "Khánh",
    "Nam",
    "Thành",
    "Vinh",
    "Tâm",
    "Hiếu",
    "Lợi",
    "Tùng",
    "Tín",
    "Nghĩa",
    "Hưng",
    "Thọ",
    "Toàn",
)
FEMALE_GIVEN = (
    "Lan",
    "Hoa",
    "Hương",
    "Mai",
    "Hạnh",
    "Thủy",
    "Nga",
    "Trang",
    "Linh",
    "Hằng",
    "Dung",
    "Phương",
    "Thảo",
    "Yến",
    "Nhung",
    "Loan",
    "Liên",
    "Hiền",
    "Tuyết",
    "Vân",
    "Oanh",
    "Sương",
    "Hồng",
    "Xuân",
)

#: Hamlet (thôn) names built from the auspicious words villages in the region are named with.
HAMLET_FIRST = (
    "An",
    "Phú",
    "Tân",
    "Đông",
    "Tây",
    "Bình",
    "Hòa",
    "Phước",
    "Thạnh",
    "Trung",
    "Mỹ",
    "Quý",
    "Thuận",
    "Xuân",
    "La",
    "Hà",
)
HAMLET_SECOND = ("Bình", "Thạnh", "Tây", "Đông", "Phú", "Mỹ", "Lộc", "Hòa", "Trung", "Nam", "Bắc", "Sơn", "Thượng", "Hạ", "Quang")

LEGAL_ENTITY_PREFIXES = ("Công ty TNHH", "Công ty Cổ phần", "Doanh nghiệp tư nhân")
LEGAL_ENTITY_WORDS = ("Nông sản", "Thương mại", "Xây dựng", "Vật tư Nông nghiệp", "Thủy sản", "Du lịch", "Phân bón")

COOPERATIVE_TITLES = ("Giám đốc", "Giám đốc", "Chủ tịch Hội đồng quản trị kiêm Giám đốc", "Chủ tịch Hội đồng quản trị")
GROUP_TITLE = "Tổ trưởng"

#: Names of legacy districts in the western highlands of Quảng Nam (upland communes).
UPLAND_DISTRICTS = frozenset(
    {"Tây Giang", "Đông Giang", "Nam Giang", "Phước Sơn", "Bắc Trà My", "Nam Trà My", "Hiệp Đức", "Tiên Phước", "Nông Sơn"}
)
