"""A half-year ledger like the 2019 notice: the example sheet plus adoptions that put
中心办, 环保局 and 纪委监委 past their targets and 民政局, 督查局 on schedule."""

from __future__ import annotations

from tests.conftest import ROOT, Record

EXAMPLE = ROOT / "examples" / "2019年5-6月采用登记示例.csv"
EXCEEDED = ["纪委监委", "环保局", "中心办"]  # 125/120, 101/100, 120/120 in rank order: target met
ABOVE_TARGET = ["纪委监委", "环保局"]  # 超额: above 100%; 中心办 at exactly 100% has 完成
ON_SCHEDULE_ONLY = ["民政局", "督查局"]  # 40/80, 30/60 ≥ 时间进度 181/365
SHOWCASE = "上街区抓住“源头、过程、末端”三环节提升环境质量"  # the one province 专期


def seed_half_year(svc) -> None:
    svc.importer.import_file(EXAMPLE, "wxid_office")
    rec = Record(svc)
    rec.adoption("中心办", "郑州信息", "专期", "2019-03-01", quantity=4, title="中心路街道推行街长制")
    rec.adoption("环保局", "工作交流", "专期", "2019-04-01", issue="第12期", title=SHOWCASE)
    rec.adoption("环保局", "上街信息", "单条", "2019-04-03", quantity=8)
    rec.adoption("纪委监委", "郑州信息", "专期", "2019-02-01", title="上街区创新推动以案促改工作制度化常态化")
    rec.adoption("纪委监委", "工作交流", "单条", "2019-05-01", quantity=3)
    rec.adoption("纪委监委", "上街信息", "专期", "2019-05-11", title="以案促改")
    rec.adoption("纪委监委", "上街信息", "单条", "2019-05-12", quantity=4)
    rec.adoption("民政局", "上街信息", "单条", "2019-04-10", quantity=10)
    rec.adoption("督查局", "郑州信息", "单条", "2019-04-11", quantity=3)
    rec.adoption("司法局", "上街信息", "单条", "2019-04-12", quantity=9)
    rec.deduction("公安局", "约稿迟报", "2019-05-06")
