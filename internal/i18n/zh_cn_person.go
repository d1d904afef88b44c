package i18n

func init() { add(person) }

// person holds the strings of personal data: identity numbers, masking,
// genders, ethnicities and education levels shared by every ledger of people.
var person = map[string]string{
	"idcard.length": "身份证号应为18位（或15位旧号码）",
	"idcard.chars":  "身份证号含有无效字符",
	"idcard.birth":  "身份证号中的出生日期无效",
	"idcard.check":  "身份证号校验码不正确，请核对",

	"gender.male":   "男",
	"gender.female": "女",

	"personal.unmask":        "查看完整信息",
	"personal.unmask_hint":   "查看完整的身份证号和手机号将记入审计日志",
	"personal.phone_invalid": "应为11位手机号或带区号的固定电话",
}
