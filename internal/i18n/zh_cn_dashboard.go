package i18n

func init() { add(dashboard) }

var dashboard = map[string]string{
	"dash.pillar.org":       "组织 · 基层党建",
	"dash.pillar.gov":       "治理 · 基层治理平台",
	"dash.pillar.cadre":     "干部",
	"dash.pillar.talent":    "人才",
	"dash.trend":            "%s · 按月",
	"dash.trends":           "月度趋势",
	"dash.distributions":    "结构分布",
	"dash.dist.org_kinds":   "党组织 · 按类别",
	"dash.dist.org_domains": "党组织 · 按领域",
	"dash.vs_previous":      "较上期",
	"dash.pp":               "个百分点",
	"dash.scope":            "统计范围：%s · %s（对比 %s）",
	"dash.no_report_role":   "您的角色没有查看统计数据的权限，请从左侧菜单进入各项工作。",
}
