"""The first versions of the on-site and annual-check checklists (data; edits make new versions)."""

from django.db import migrations

ON_SITE = [
    ("考生身份", "逐一核验考生身份证件与准考证，人证一致，无替考"),
    ("考生身份", "考生报名条件（工作年限、学历、已有证书）经审核并留存材料"),
    ("考场管理", "考场全程视频监控正常运行，录像可调阅并按规定保存"),
    ("考场管理", "考场布置、工位、设备与评价规范要求一致"),
    ("考场管理", "考场规则、考生须知张贴或宣读，考场纪律良好"),
    ("考评人员", "每个实操考场考评员不少于 3 名，且持有效考评员证"),
    ("考评人员", "考评员执行回避制度（本单位、亲属、师生、师徒关系）"),
    ("考评人员", "考评员由随机抽取产生，与派遣名单一致"),
    ("试卷安全", "试卷（题库组卷）按保密规定领取、启封、回收，签字记录完整"),
    ("试卷安全", "理论考试采用机考或试卷密封装订，无泄题迹象"),
    ("评分记录", "实操评分记录表由考评员独立填写并签名，无涂改"),
    ("评分记录", "成绩汇总经复核，理论、技能成绩与评分表一致"),
    ("评分记录", "二级、一级考核已进行综合评审并有记录"),
    ("结果公示", "考核结果按规定在机构网站或场所公示，公示期满无异议"),
    ("档案管理", "考务档案（报名表、签到表、试卷、评分表、录像）齐全并归档"),
    ("证书管理", "证书发放登记簿完整，证书编号连续，领取签字齐全"),
    ("证书管理", "证书信息已按时上传至职业技能等级证书全国联网查询系统"),
    ("收费与公开", "收费项目与标准经公示，开具正式票据"),
]

ANNUAL = [
    ("组织机构", "备案信息（名称、法定代表人、地址）与实际一致，变更已申报"),
    ("管理制度", "考务、质量督导、证书、档案、安全等制度健全并执行"),
    ("技术支撑", "题库、评价规范与备案职业（工种）、等级相符"),
    ("基础条件", "考核场地、设备设施满足评价需要，视频监控覆盖考场"),
    ("人员队伍", "考评员、督导员数量与备案范围相适应，均持有效证件"),
    ("质量管理", "本年度督导检查发现的问题已整改到位"),
    ("证书管理", "本年度证书数据按时报送，抽查与纸质档案一致"),
    ("诚信情况", "本年度无失信记录或已完成信用修复"),
]


def seed(apps, schema_editor):
    Template = apps.get_model("audits", "ChecklistTemplate")
    Item = apps.get_model("audits", "ChecklistItem")
    for code, title, purpose, items in (
        ("on-site", "职业技能等级认定现场督导检查表", "on_site", ON_SITE),
        ("annual", "评价机构年度检查表", "annual", ANNUAL),
    ):
        template, _ = Template.objects.get_or_create(
            code=code, version=1, defaults={"title": title, "purpose": purpose, "note": "首版"}
        )
        for position, (area, text) in enumerate(items, start=1):
            Item.objects.get_or_create(template=template, position=position, defaults={"area": area, "text": text})


class Migration(migrations.Migration):
    dependencies = [("audits", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
