from django.db import models
from django.utils.translation import gettext_lazy as _


class Gender(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")


class Education(models.TextChoices):
    """Highest education (学历), grouped as union statistics count it."""

    POSTGRADUATE = "postgraduate", _("Postgraduate")
    BACHELOR = "bachelor", _("Bachelor's degree")
    JUNIOR_COLLEGE = "junior_college", _("Junior college")
    SECONDARY = "secondary", _("Senior high or technical secondary school")
    JUNIOR_HIGH = "junior_high", _("Junior high school")
    PRIMARY = "primary", _("Primary school or below")


class Hukou(models.TextChoices):
    """Household registration (户籍类型)."""

    URBAN = "urban", _("Urban")
    RURAL = "rural", _("Rural")


class WorkerGroup(models.TextChoices):
    """New forms of employment (新就业形态, the 八大群体 and ride-hailing drivers)."""

    TRUCK_DRIVER = "truck_driver", _("Truck driver")
    COURIER = "courier", _("Courier")
    CARER = "carer", _("Care worker")
    DOMESTIC_WORKER = "domestic_worker", _("Domestic worker")
    MALL_INFORMATION_WORKER = "mall_information_worker", _("Mall information worker")
    FOOD_DELIVERY_RIDER = "food_delivery_rider", _("Food-delivery rider")
    ESTATE_AGENT = "estate_agent", _("Estate agent")
    SECURITY_GUARD = "security_guard", _("Security guard")
    RIDE_HAILING_DRIVER = "ride_hailing_driver", _("Ride-hailing driver")


class EnterpriseKind(models.TextChoices):
    ENTERPRISE = "enterprise", _("Enterprise")
    PUBLIC_INSTITUTION = "public_institution", _("Public institution")
    GOVERNMENT_BODY = "government_body", _("Government body")
    SOCIAL_ORGANISATION = "social_organisation", _("Social organisation")


class EnterpriseSize(models.TextChoices):
    LARGE = "large", _("Large")
    MEDIUM = "medium", _("Medium")
    SMALL = "small", _("Small")
    MICRO = "micro", _("Micro")


class Industry(models.TextChoices):
    """Sections of the national industry classification (GB/T 4754-2017 门类)."""

    A = "A", _("Agriculture, forestry, animal husbandry and fishery")
    B = "B", _("Mining")
    C = "C", _("Manufacturing")
    D = "D", _("Electricity, heat, gas and water supply")
    E = "E", _("Construction")
    F = "F", _("Wholesale and retail")
    G = "G", _("Transport, storage and postal services")
    H = "H", _("Accommodation and catering")
    I = "I", _("Information transmission, software and IT services")  # noqa: E741
    J = "J", _("Finance")
    K = "K", _("Real estate")
    L = "L", _("Leasing and business services")
    M = "M", _("Scientific research and technical services")
    N = "N", _("Water, environment and public facilities management")
    O = "O", _("Resident, repair and other services")  # noqa: E741
    P = "P", _("Education")
    Q = "Q", _("Health and social work")
    R = "R", _("Culture, sports and entertainment")
    S = "S", _("Public administration, social security and social organisations")
    T = "T", _("International organisations")


class Ethnicity(models.TextChoices):
    """The 56 ethnic groups with their GB 3304 codes (民族)."""

    HAN = "01", "汉族"
    MONGOL = "02", "蒙古族"
    HUI = "03", "回族"
    TIBETAN = "04", "藏族"
    UYGHUR = "05", "维吾尔族"
    MIAO = "06", "苗族"
    YI = "07", "彝族"
    ZHUANG = "08", "壮族"
    BUYEI = "09", "布依族"
    KOREAN = "10", "朝鲜族"
    MANCHU = "11", "满族"
    DONG = "12", "侗族"
    YAO = "13", "瑶族"
    BAI = "14", "白族"
    TUJIA = "15", "土家族"
    HANI = "16", "哈尼族"
    KAZAKH = "17", "哈萨克族"
    DAI = "18", "傣族"
    LI = "19", "黎族"
    LISU = "20", "傈僳族"
    VA = "21", "佤族"
    SHE = "22", "畲族"
    GAOSHAN = "23", "高山族"
    LAHU = "24", "拉祜族"
    SUI = "25", "水族"
    DONGXIANG = "26", "东乡族"
    NAXI = "27", "纳西族"
    JINGPO = "28", "景颇族"
    KYRGYZ = "29", "柯尔克孜族"
    TU = "30", "土族"
    DAUR = "31", "达斡尔族"
    MULAM = "32", "仫佬族"
    QIANG = "33", "羌族"
    BLANG = "34", "布朗族"
    SALAR = "35", "撒拉族"
    MAONAN = "36", "毛南族"
    GELAO = "37", "仡佬族"
    XIBE = "38", "锡伯族"
    ACHANG = "39", "阿昌族"
    PUMI = "40", "普米族"
    TAJIK = "41", "塔吉克族"
    NU = "42", "怒族"
    UZBEK = "43", "乌孜别克族"
    RUSSIAN = "44", "俄罗斯族"
    EVENKI = "45", "鄂温克族"
    DEANG = "46", "德昂族"
    BONAN = "47", "保安族"
    YUGUR = "48", "裕固族"
    GIN = "49", "京族"
    TATAR = "50", "塔塔尔族"
    DERUNG = "51", "独龙族"
    OROQEN = "52", "鄂伦春族"
    HEZHEN = "53", "赫哲族"
    MONBA = "54", "门巴族"
    LHOBA = "55", "珞巴族"
    JINO = "56", "基诺族"
