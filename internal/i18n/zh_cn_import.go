package i18n

func init() { add(imports) }

var imports = map[string]string{
	"import.title":           "Excel 导入",
	"import.unknown_kind":    "没有这种导入",
	"import.not_found":       "导入任务不存在",
	"import.no_errors":       "该导入没有错误清单",
	"import.no_rows":         "工作表中没有数据行",
	"import.rows_bad":        "共 %d 行有误（全部 %d 行），一条都没有写入。请下载错误清单，改正后重新导入。",
	"import.done_msg":        "导入完成：已写入 %d 条记录",
	"import.internal":        "导入时发生内部错误，一条都没有写入；请稍后重试或联系系统管理员",
	"import.interrupted":     "服务器在导入过程中停止，一条都没有写入，请重新导入",
	"import.checking":        "正在逐行校验……已校验 %d 行",
	"import.writing":         "校验通过，正在写入……%d / %d 行",
	"import.failed":          "导入未完成：",
	"import.download_errors": "下载错误清单",
	"import.nothing_saved":   "导入要么全部写入，要么一条都不写入：本次没有写入任何记录。",
	"import.back":            "返回台账",
	"import.choose":          "Excel 文件（.xlsx）",
	"import.start":           "导入",
	"import.template":        "下载导入模板",
	"import.template_suffix": "导入模板",
}
