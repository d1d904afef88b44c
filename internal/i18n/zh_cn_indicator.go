package i18n

func init() { add(indicator) }

var indicator = map[string]string{
	"nav.indicators": "指标一览",
	"period.year":    "%d年",
	"period.quarter": "%d年第%d季度",
	"period.month":   "%d年%d月",
	"period.range":   "%s至%s",
	"period.field":   "统计期间",
	"period.format":  "应为年（2022）、季度（2022Q3）、月份（2022-05）或日期范围（2022-01-01~2022-06-30）",

	"indicator.no_data":      "无数据",
	"indicator.no_data_hint": "“%s”台账中还没有记录",
	"indicator.about":        "余",
	"indicator.not_found":    "没有该指标",
	"indicator.records":      "计入的记录",
	"indicator.definition":   "口径",
	"indicator.ledger":       "来源台账",
	"indicator.scope":        "统计范围",
	"indicator.period":       "统计期间",
	"indicator.title":        "指标明细",
	"indicator.list_title":   "指标一览",

	"unit.ge":      "个",
	"unit.ming":    "名",
	"unit.ren":     "人",
	"unit.renci":   "人次",
	"unit.zhi":     "支",
	"unit.jia":     "家",
	"unit.jian":    "件",
	"unit.tiao":    "条",
	"unit.hu":      "户",
	"unit.ci":      "次",
	"unit.qi":      "期",
	"unit.zhong":   "种",
	"unit.wanyuan": "万元",
	"unit.sqm":     "平方米",
	"unit.pct":     "%",
	"unit.xiang":   "项",
	"unit.fen":     "份",
}
