package i18n

func init() { add(xlsx) }

var xlsx = map[string]string{
	"xlsx.file":            "文件",
	"xlsx.bad_file":        "无法导入该文件",
	"xlsx.not_xlsx":        "不是有效的 Excel 工作簿（.xlsx），或文件已损坏、过大",
	"xlsx.no_sheet":        "工作簿中没有工作表",
	"xlsx.empty":           "工作表是空的",
	"xlsx.missing_columns": "找不到必填列：%s（请使用下载的模板，表头须在前10行内）",
	"xlsx.notes":           "填写说明",
	"xlsx.column":          "列",
	"xlsx.required":        "必填",
	"xlsx.note":            "说明",
	"xlsx.notes_tail":      "表头行之后每一行为一条记录；空行会被跳过。导入时全部行校验通过才会写入，任何一行有误则一条都不写入，并给出错误清单。",
	"xlsx.errors":          "错误清单",
	"xlsx.row":             "行号",
	"xlsx.value":           "填写内容",
	"xlsx.reason":          "原因",
	"xlsx.too_large":       "文件超过 64 MB",
	"xlsx.no_upload":       "请选择要导入的 .xlsx 文件",
}
